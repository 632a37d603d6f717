/**
 * Scenarios and runs over real HTTP against the local server and its embedded store (dynalite
 * on disk): the whole lifecycle, tenant isolation, idempotency, optimistic concurrency,
 * restart with data intact, recovery of a run whose process died, and a result far over 400 KB.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type LocalServer, startLocalServer } from '../../lambda/local/server';
import { syntheticNation } from '../../lambda/synthetic/national';
import { simulate } from '../../lambda/engine/simulate';
import { scenarioSchema } from '../../lambda/engine/schema';
import { example } from '../helpers';
import { client, poll } from './client';

jest.setTimeout(60_000);

let dataDir: string;
let srv: LocalServer;
const start = () => startLocalServer({ port: 0, host: '127.0.0.1', dataDir });

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharesim-persist-'));
  srv = await start();
});
afterAll(async () => {
  await srv.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type Head = { id: string; version: number; name: string };
type RunView = {
  runId: string;
  status: string;
  progress: { done: number; total: number };
  result: { summary: { npvSaving: number }; authorities: unknown[]; scenarioVersion: number } | null;
  error?: { detail: string };
};

describe('scenario and run lifecycle', () => {
  it('create → get → update (right and stale ETag) → run → poll → list → delete', async () => {
    const alice = client(srv.url, 'alice');
    const created = await alice.post<Head>('/v1/scenarios', example('minimal'));
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"v1"');
    const id = created.body.id;
    expect(created.headers.get('location')).toBe(`/v1/scenarios/${id}`);

    const got = await alice.get<Head & { scenario: unknown }>(`/v1/scenarios/${id}`);
    expect(got.status).toBe(200);
    expect(got.body.scenario).toEqual(example('minimal'));

    const renamed = { ...(example('minimal') as object), name: 'Renamed' };
    expect((await alice.put(`/v1/scenarios/${id}`, renamed)).status).toBe(428);
    const ok = await alice.put<Head>(`/v1/scenarios/${id}`, renamed, { 'if-match': '"v1"' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('"v2"');
    const stale = await alice.put(`/v1/scenarios/${id}`, renamed, { 'if-match': '"v1"' });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe('"v2"');

    const started = await alice.post<{ runId: string; status: string; links: { self: string } }>(
      `/v1/scenarios/${id}/runs`,
      { allocation: 'equal' },
    );
    expect(started.status).toBe(202);
    expect(started.headers.get('location')).toBe(`/v1/runs/${started.body.runId}`);
    const done = await poll(
      () => alice.get<RunView>(started.body.links.self),
      (r) => r.body.status === 'succeeded' || r.body.status === 'failed',
    );
    expect(done.body.status).toBe('succeeded');
    expect(done.body.result?.scenarioVersion).toBe(2);
    expect(done.body.result?.authorities).toHaveLength(3);

    const runs = await alice.get<{ items: RunView[] }>(`/v1/scenarios/${id}/runs`);
    expect(runs.body.items.map((r) => r.runId)).toEqual([started.body.runId]);

    expect((await alice.del(`/v1/scenarios/${id}`)).status).toBe(204);
    expect((await alice.get(`/v1/scenarios/${id}`)).status).toBe(404);
    expect((await alice.get(started.body.links.self)).status).toBe(404);
  });

  it('runs a scenario of more than 20 authorities in a worker thread, with progress', async () => {
    const alice = client(srv.url, 'alice');
    const s = { ...syntheticNation({ authorities: 40, seed: 9 }), allocation: 'shapley' };
    const { body } = await alice.post<Head>('/v1/scenarios', s);
    const started = await alice.post<{ runId: string }>(`/v1/scenarios/${body.id}/runs`);
    const done = await poll(
      () => alice.get<RunView>(`/v1/runs/${started.body.runId}`),
      (r) => r.body.status === 'succeeded' || r.body.status === 'failed',
    );
    expect(done.body.status).toBe('succeeded');
    expect(done.body.progress.done).toBe(done.body.progress.total);
    expect(done.body.result?.authorities).toHaveLength(40);
  });
});

describe('tenant isolation', () => {
  it("another owner's ids, lists and runs answer exactly as missing ones", async () => {
    const alice = client(srv.url, 'alice');
    const bob = client(srv.url, 'bob');
    const { body } = await alice.post<Head>('/v1/scenarios', example('minimal'));
    const run = await alice.post<{ runId: string }>(`/v1/scenarios/${body.id}/runs`);
    const missing = await bob.get('/v1/scenarios/0000000000000000000');
    const foreign = await bob.get(`/v1/scenarios/${body.id}`);
    expect(foreign.status).toBe(404);
    expect({ ...foreign.body, requestId: undefined }).toEqual({ ...missing.body, requestId: undefined });
    expect((await bob.get(`/v1/runs/${run.body.runId}`)).status).toBe(404);
    expect((await bob.get(`/v1/scenarios/${body.id}/runs`)).status).toBe(404);
    expect((await bob.put(`/v1/scenarios/${body.id}`, example('minimal'), { 'if-match': '"v1"' })).status).toBe(404);
    expect((await bob.del(`/v1/scenarios/${body.id}`)).status).toBe(404);
    expect((await bob.post(`/v1/scenarios/${body.id}/runs`)).status).toBe(404);
    const list = await bob.get<{ items: Head[] }>('/v1/scenarios');
    expect(list.body.items.map((s) => s.id)).not.toContain(body.id);
    expect((await alice.get(`/v1/scenarios/${body.id}`)).status).toBe(200);
  });

  it("a cursor from one owner's list is refused for another, and a forged one too", async () => {
    const carol = client(srv.url, 'carol');
    for (let i = 0; i < 3; i++) await carol.post('/v1/scenarios', { name: `c${i}`, authorities: [] });
    const page1 = await carol.get<{ items: Head[]; nextCursor: string | null }>('/v1/scenarios?limit=2');
    expect(page1.body.items.map((s) => s.name)).toEqual(['c2', 'c1']); // newest first
    const cursor = page1.body.nextCursor!;
    const page2 = await carol.get<{ items: Head[]; nextCursor: string | null }>(
      `/v1/scenarios?limit=2&cursor=${encodeURIComponent(cursor)}`,
    );
    expect(page2.body.items.map((s) => s.name)).toEqual(['c0']);
    expect(page2.body.nextCursor).toBeNull();
    const dave = client(srv.url, 'dave');
    expect((await dave.get(`/v1/scenarios?cursor=${encodeURIComponent(cursor)}`)).status).toBe(400);
    const forged = `${Buffer.from(JSON.stringify({ sk: 'SC#zzz' })).toString('base64url')}.${cursor.split('.')[1]}`;
    expect((await carol.get(`/v1/scenarios?cursor=${encodeURIComponent(forged)}`)).status).toBe(400);
    expect((await carol.get('/v1/scenarios?limit=0')).status).toBe(400);
  });
});

describe('idempotency', () => {
  it('same key and body → the first answer, nothing new; same key, other body → 409; keys are per owner', async () => {
    const alice = client(srv.url, 'alice');
    const key = { 'idempotency-key': 'create-gwent-1' };
    const a = await alice.post<Head>('/v1/scenarios', example('gwent-psn'), key);
    const b = await alice.post<Head>('/v1/scenarios', example('gwent-psn'), key);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    const all = await alice.get<{ items: Head[] }>('/v1/scenarios?limit=100');
    expect(all.body.items.filter((s) => s.id === a.body.id)).toHaveLength(1);
    expect((await alice.post('/v1/scenarios', example('minimal'), key)).status).toBe(409);
    const erin = await client(srv.url, 'erin').post<Head>('/v1/scenarios', example('gwent-psn'), key);
    expect(erin.status).toBe(201);
    expect(erin.body.id).not.toBe(a.body.id);
  });
});

describe('optimistic concurrency', () => {
  it('20 parallel updates with the same ETag: exactly one 200, the rest 412, the winner stored whole', async () => {
    const alice = client(srv.url, 'alice');
    const { body } = await alice.post<Head>('/v1/scenarios', example('gwent-psn'));
    const base = example('gwent-psn') as { name: string };
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        alice.put<Head>(`/v1/scenarios/${body.id}`, { ...base, name: `writer ${i}` }, { 'if-match': '"v1"' }),
      ),
    );
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(19);
    const winner = replies.find((r) => r.status === 200)!.body.name;
    const stored = await alice.get<Head & { scenario: { name: string; authorities: unknown[] } }>(
      `/v1/scenarios/${body.id}`,
    );
    expect(stored.body.version).toBe(2);
    expect(stored.body.name).toBe(winner);
    expect(stored.body.scenario).toEqual({ ...base, name: winner });
  });
});

describe('restart and recovery', () => {
  it('data survives a restart, and a run left running by a dead process is marked failed with a reason', async () => {
    const alice = client(srv.url, 'alice');
    const { body } = await alice.post<Head>('/v1/scenarios', example('minimal'));
    const run = await alice.post<{ runId: string }>(`/v1/scenarios/${body.id}/runs`);
    await poll(
      () => alice.get<RunView>(`/v1/runs/${run.body.runId}`),
      (r) => r.body.status === 'succeeded',
    );
    // Make the run look as a crashed process would leave it.
    await srv.store.transitionRun('local:alice', run.body.runId, ['succeeded'], { status: 'running' }, new Date());
    await srv.close();
    srv = await start();
    expect(srv.recovered).toBeGreaterThanOrEqual(1);
    const again = client(srv.url, 'alice');
    expect((await again.get(`/v1/scenarios/${body.id}`)).status).toBe(200);
    const r = await again.get<RunView>(`/v1/runs/${run.body.runId}`);
    expect(r.body.status).toBe('failed');
    expect(r.body.error?.detail).toMatch(/stopped while this run was in progress/);
  });
});

describe('results beyond the 400 KB item limit', () => {
  it('a 25,000-authority result is stored in chunks and read back equal', async () => {
    const alice = client(srv.url, 'alice');
    const nation = syntheticNation({ authorities: 25000, seed: 1 });
    const { body, status } = await alice.post<Head>('/v1/scenarios', nation);
    expect(status).toBe(201);
    const started = await alice.post<{ runId: string }>(`/v1/scenarios/${body.id}/runs`);
    const done = await poll(
      () => alice.get<RunView>(`/v1/runs/${started.body.runId}`),
      (r) => r.body.status !== 'queued' && r.body.status !== 'running',
      150_000,
    );
    expect(done.body.status).toBe('succeeded');
    // larger than a response: whole in the run view (by a 303 to a download the client follows), and in
    // byte-bounded pages that concatenate to it
    const result = done.body.result!;
    expect(result.authorities).toHaveLength(25000);
    const parts: Buffer[] = [];
    for (let next: string | null = `/v1/runs/${started.body.runId}/result`; next; ) {
      const r = await fetch(srv.url + next, { headers: { 'x-sharesim-user': 'alice' } });
      expect(r.status).toBe(200);
      parts.push(Buffer.from(await r.arrayBuffer()));
      const link = r.headers.get('link');
      next = link ? link.slice(1, link.indexOf('>')) : null;
    }
    const text = Buffer.concat(parts).toString('utf8');
    expect(text.length).toBeGreaterThan(5_000_000);
    expect(JSON.parse(text)).toEqual(result);
    // equal to a fresh simulation of the same scenario
    const fresh = simulate(scenarioSchema.parse(nation), { scenarioVersion: 1 });
    expect(result).toEqual(JSON.parse(JSON.stringify(fresh)));
  }, 180_000);
});
