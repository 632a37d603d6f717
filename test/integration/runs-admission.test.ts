/**
 * Issue 19, item 3: runs wait in a bounded queue with their place shown; each owner may have
 * only so many queued or running; deleting a scenario cancels its runs, queued or computing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type LocalServer, startLocalServer } from '../../lambda/local/server';
import { example } from '../helpers';
import { client, poll } from './client';

let srv: LocalServer;
let dataDir: string;
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharesim-admission-'));
  srv = await startLocalServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    pool: { threads: 1 },
    runs: { maxRunning: 1, perOwner: 3, maxQueued: 4 },
  });
});
afterAll(async () => {
  await srv.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type View = { status: string; queue?: { position: number; queued: number; running: number } };
/** Long enough to stay running for the whole test: it is cancelled, never finished. */
const long = { ...(example('gwent-psn') as object), uncertainty: { iterations: 1_000_000, seed: 1 } };

describe('the run queue', () => {
  it('one runs, the others wait with their place; the owner limit and the full queue are 429s with Retry-After; a ' +
    'delete cancels them all', async () => {
    const alice = client(srv.url, 'alice');
    const sc = await alice.post<{ id: string }>('/v1/scenarios', long);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await alice.post<{ runId: string }>(`/v1/scenarios/${sc.body.id}/runs`);
      expect(r.status).toBe(202);
      ids.push(r.body.runId);
    }
    const first = await poll(
      () => alice.get<View>(`/v1/runs/${ids[0]}`),
      (r) => r.body.status === 'running',
      30_000,
    );
    expect(first.body.queue).toBeUndefined();
    const second = await alice.get<View>(`/v1/runs/${ids[1]}`);
    const third = await alice.get<View>(`/v1/runs/${ids[2]}`);
    expect(second.body).toMatchObject({ status: 'queued', queue: { position: 1, queued: 2, running: 1 } });
    expect(third.body).toMatchObject({ status: 'queued', queue: { position: 2, queued: 2, running: 1 } });
    const list = await alice.get<{ items: View[] }>(`/v1/scenarios/${sc.body.id}/runs`);
    expect(list.body.items.map((r) => r.queue?.position ?? null)).toEqual([2, 1, null]);

    // the owner's fourth
    const over = await alice.post<{ type: string; detail: string }>(`/v1/scenarios/${sc.body.id}/runs`);
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(over.body.detail).toMatch(/3 runs queued or running/);

    // another owner fills the queue (4 waiting at most)
    const bob = client(srv.url, 'bob');
    const bsc = await bob.post<{ id: string }>('/v1/scenarios', long);
    expect((await bob.post(`/v1/scenarios/${bsc.body.id}/runs`)).status).toBe(202);
    expect((await bob.post(`/v1/scenarios/${bsc.body.id}/runs`)).status).toBe(202);
    const full = await bob.post<{ detail: string }>(`/v1/scenarios/${bsc.body.id}/runs`);
    expect(full.status).toBe(429);
    expect(full.body.detail).toMatch(/queue is full/);

    // deleting alice's scenario cancels her running run and her queued ones: bob's run starts
    expect((await alice.del(`/v1/scenarios/${sc.body.id}`)).status).toBe(204);
    for (const id of ids) expect((await alice.get(`/v1/runs/${id}`)).status).toBe(404);
    const stats = await poll(
      async () => srv.executor.stats(),
      (s) => s.queued === 1 && s.running === 1,
      30_000,
    );
    expect(stats).toMatchObject({ queued: 1, running: 1 });
    const bobs = await bob.get<{ items: View[] }>(`/v1/scenarios/${bsc.body.id}/runs`);
    expect(bobs.body.items.map((r) => r.status).sort()).toEqual(['queued', 'running']);
    expect((await bob.del(`/v1/scenarios/${bsc.body.id}`)).status).toBe(204);
    await poll(
      async () => srv.executor.stats(),
      (s) => s.queued === 0 && s.running === 0,
      30_000,
    );
    expect(srv.pool.stats().busy).toBe(0);
  }, 120_000);
});
