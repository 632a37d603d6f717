/**
 * Faults: the real `npm start` process killed with SIGKILL (no handler runs, nothing is flushed
 * by us) in the middle of a Monte Carlo run and in the middle of scenario writes, then started
 * again on the same data directory. Nothing may be lost or half-written: every scenario reads
 * back whole as one version that was sent, its listing agrees with its body, no run is left
 * `queued` or `running`, and an interrupted run is `failed` with a reason.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { syntheticNation } from '../../lambda/synthetic/national';
import { example } from '../helpers';
import { client, poll } from '../integration/client';
import { kill9, startProc as start, stop } from './proc';

type View = { status: string; error?: { detail?: string }; progress: { done: number; total: number } };
type ScenarioView = {
  id: string;
  name: string;
  version: number;
  authorities: number;
  scenario: { name: string; authorities: unknown[] };
};

let dataDir: string;
beforeAll(() => {
  dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sharesim-kill-')), 'data');
});
afterAll(() => fs.rmSync(path.dirname(dataDir), { recursive: true, force: true }));

/** Every scenario of the owner reads back whole, and its listing agrees with its body. */
async function everyScenarioWhole(api: ReturnType<typeof client>): Promise<ScenarioView[]> {
  const list = await api.get<{ items: { id: string; name: string; version: number; authorities: number }[] }>(
    '/v1/scenarios?limit=100',
  );
  expect(list.status).toBe(200);
  const out: ScenarioView[] = [];
  for (const head of list.body.items) {
    const r = await api.get<ScenarioView>(`/v1/scenarios/${head.id}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('etag')).toBe(`"v${r.body.version}"`);
    expect(r.body.scenario.name).toBe(head.name);
    expect(r.body.scenario.authorities).toHaveLength(head.authorities);
    out.push(r.body);
  }
  return out;
}

describe('SIGKILL and restart', () => {
  it('in the middle of a Monte Carlo run: the run is failed with a reason, never left running, and the next run ' +
    'succeeds', async () => {
    let p = await start(dataDir);
    const api = () => client(p.url, 'alice');
    const scenario = {
      ...(example('gwent-psn') as object),
      assumptions: { pueShared: { dist: 'triangular', min: 1.15, mode: 1.3, max: 1.6 } },
      uncertainty: { iterations: 1_000_000, seed: 7 },
    };
    const sc = await api().post<{ id: string }>('/v1/scenarios', scenario);
    const run = await api().post<{ runId: string }>(`/v1/scenarios/${sc.body.id}/runs`);
    expect(run.status).toBe(202);
    const mid = await poll(
      () => api().get<View>(`/v1/runs/${run.body.runId}`),
      (r) => r.body.progress.done > 0,
      30_000,
    );
    expect(mid.body.status).toBe('running');
    expect(mid.body.progress.done).toBeLessThan(mid.body.progress.total);
    await kill9(p);

    p = await start(dataDir);
    try {
      expect(p.out()).toContain('1 run(s) left unfinished by the last process were marked failed');
      const after = await api().get<View>(`/v1/runs/${run.body.runId}`);
      expect(after.body.status).toBe('failed');
      expect(after.body.error?.detail).toMatch(/stopped while this run was in progress/);
      const runs = await api().get<{ items: View[] }>(`/v1/scenarios/${sc.body.id}/runs`);
      expect(runs.body.items.filter((r) => r.status === 'running' || r.status === 'queued')).toEqual([]);
      await everyScenarioWhole(api());
      // the store still works: a fresh run of the same scenario succeeds
      const again = await api().post<{ runId: string }>(`/v1/scenarios/${sc.body.id}/runs`, { iterations: 200 });
      const done = await poll(
        () => api().get<View>(`/v1/runs/${again.body.runId}`),
        (r) => r.body.status === 'succeeded' || r.body.status === 'failed',
        60_000,
      );
      expect(done.body.status).toBe('succeeded');
    } finally {
      await stop(p);
    }
  }, 180_000);

  it('in the middle of scenario writes, three times: ' +
    'each scenario is whole, as one version that was sent', async () => {
    // big enough to span many chunks (the body is split and gzipped into several items)
    const body = (round: number, k: number) => ({
      ...syntheticNation({ authorities: 3000, seed: 100 * round + k }),
      name: `round ${round} write ${k}`,
    });
    const sent = new Map<string, string>(); // name -> canonical JSON of the body sent under it
    const log: string[] = [];
    let stored: { id: string; etag: string } | undefined;
    for (const [round, killAfterMs] of [
      [1, 150],
      [2, 400],
      [3, 900],
    ] as const) {
      const p = await start(dataDir);
      const api = client(p.url, 'bob');
      try {
        await everyScenarioWhole(api);
        if (!stored) {
          const b = body(0, 0);
          sent.set(b.name, JSON.stringify(b));
          const r = await api.post<{ id: string }>('/v1/scenarios', b);
          expect(r.status).toBe(201);
          stored = { id: r.body.id, etag: r.headers.get('etag')! };
        } else {
          const cur = await api.get<ScenarioView>(`/v1/scenarios/${stored.id}`);
          stored = { id: stored.id, etag: cur.headers.get('etag')! };
        }
        // writes in a loop (a replace, then a new scenario) until the process dies under them;
        // the kill is timed from the first write's answer, not from the start (a fresh process's
        // first write takes a varying few hundred ms while its code warms up)
        let k = 1;
        let firstDone!: () => void;
        const first = new Promise<void>((r) => (firstDone = r));
        const writer = (async () => {
          for (;;) {
            const b = body(round, k++);
            sent.set(b.name, JSON.stringify(b));
            const put: { status: number; headers: Headers } = await api.put<{ version: number }>(
              `/v1/scenarios/${stored!.id}`,
              b,
              { 'if-match': stored!.etag },
            );
            if (put.status !== 200) throw new Error(`PUT ${put.status}`);
            stored = { id: stored!.id, etag: put.headers.get('etag')! };
            firstDone();
            const c = body(round, k++);
            sent.set(c.name, JSON.stringify(c));
            await api.post('/v1/scenarios', c);
          }
        })().catch(() => undefined); // the kill ends it with a socket error
        await Promise.race([first, writer]);
        await new Promise((r) => setTimeout(r, killAfterMs));
        await kill9(p);
        await writer;
        // the kill landed while writes were under way: some finished, one was in flight
        expect(k).toBeGreaterThan(2);
        log.push(`round ${round}: killed ${killAfterMs} ms after the first write with ${k - 1} writes started`);
      } finally {
        await kill9(p);
      }
    }
    const p = await start(dataDir);
    try {
      const all = await everyScenarioWhole(client(p.url, 'bob'));
      expect(all.length).toBeGreaterThan(0);
      console.log(`${log.join('; ')}; after restart ${all.length} scenarios, each whole and as sent`);
      for (const s of all) {
        const original = sent.get(s.scenario.name);
        expect(original).toBeDefined();
        // byte for byte the body that was sent under that name: not a mix of two versions
        expect(JSON.stringify(s.scenario)).toBe(original);
      }
    } finally {
      await stop(p);
    }
  }, 240_000);
});
