/**
 * Monte Carlo runs end to end: through the local server (worker threads, progress moving) and
 * through the deployed fan-out's steps (prepare, chunks in any order, aggregate) on the same
 * store; both give the same uncertainty as one process.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type LocalServer, startLocalServer } from '../../lambda/local/server';
import { aggregateRun, prepareRun, runChunkJob } from '../../lambda/jobs/fanout';
import { scenarioSchema, type ScenarioInput } from '../../lambda/engine/schema';
import { simulate } from '../../lambda/engine/simulate';
import { monteCarloInProcess } from '../../lambda/engine/uncertainty/attach';
import { client, poll } from './client';

jest.setTimeout(120_000);

const scenario: ScenarioInput = {
  name: 'uncertain partnership',
  authorities: [
    { id: 'north', kind: 'council', staff: 3000 },
    { id: 'south', kind: 'council', staff: 2500 },
    { id: 'police', kind: 'police', staff: 2000 },
  ],
  assumptions: {
    pueShared: { dist: 'triangular', min: 1.15, mode: 1.3, max: 1.6 },
    governanceCost: { dist: 'lognormal', mean: 80000, sd: 30000 },
  },
  uncertainty: { iterations: 6000, seed: 5 },
};

let srv: LocalServer;
let dataDir: string;
/** The same Monte Carlo in this process: computed before any request, so no socket idles while it runs. */
let expected: ReturnType<typeof reference>;
beforeAll(async () => {
  expected = reference();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharesim-mc-'));
  srv = await startLocalServer({ port: 0, host: '127.0.0.1', dataDir });
});
afterAll(async () => {
  await srv.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type RunView = {
  status: string;
  progress: { done: number; total: number };
  result: ReturnType<typeof simulate> | null;
};
function reference() {
  const s = scenarioSchema.parse(scenario);
  return monteCarloInProcess(simulate(s), s, 6000, 5).uncertainty;
}

it('runs in worker threads, reports progress while running, and matches one process', async () => {
  const alice = client(srv.url, 'alice');
  const { body } = await alice.post<{ id: string }>('/v1/scenarios', scenario);
  const started = await alice.post<{ runId: string }>(`/v1/scenarios/${body.id}/runs`);
  const seen = new Set<number>();
  const done = await poll(
    async () => {
      const r = await alice.get<RunView>(`/v1/runs/${started.body.runId}`);
      seen.add(r.body.progress.done);
      return r;
    },
    (r) => r.body.status === 'succeeded' || r.body.status === 'failed',
    100_000,
  );
  expect(done.body.status).toBe('succeeded');
  expect(done.body.progress).toEqual({ done: 6000, total: 6000 });
  expect(seen.size).toBeGreaterThan(1); // it moved
  expect(done.body.result!.uncertainty).toEqual(expected);
  // the two given distributions and every default range, ranked together
  const ranked = done.body.result!.sensitivity.map((e) => e.assumption);
  expect(ranked).toEqual(expect.arrayContaining(['pueShared', 'governanceCost']));
  expect(ranked.length).toBeGreaterThan(2);
});

it("the deployed fan-out's steps, chunks finishing in any order, give the same uncertainty", async () => {
  const alice = client(srv.url, 'bob');
  const { body } = await alice.post<{ id: string }>('/v1/scenarios', scenario);
  // queue a run without executing it: stop the local executor from taking it
  const store = srv.store;
  const submit = srv.executor.submit.bind(srv.executor);
  srv.executor.submit = async () => undefined;
  const started = await alice.post<{ runId: string }>(`/v1/scenarios/${body.id}/runs`);
  srv.executor.submit = submit;
  const owner = 'local:bob';
  const plan = await prepareRun(store, owner, started.body.runId, 700);
  expect(plan.chunks).toHaveLength(9);
  for (const c of [...plan.chunks].reverse()) await runChunkJob(store, c);
  const mid = await alice.get<RunView>(`/v1/runs/${started.body.runId}`);
  expect(mid.body.progress.done).toBe(6000);
  await aggregateRun(store, owner, started.body.runId);
  const r = await alice.get<RunView>(`/v1/runs/${started.body.runId}`);
  expect(r.body.status).toBe('succeeded');
  expect(r.body.result!.uncertainty).toEqual(expected);
});

it('a run in a worker thread loads HiGHS: a split outside the core comes with the least-core split', async () => {
  // a school 2,000 km from the hub: every coalition it joins pays its link, so no split that
  // gives it less than alone (Shapley's) is in the core. A thread that never loaded the solver
  // would answer without `coreAllocation` (the engine degrades to none), so its presence is the test.
  const remote = {
    ...scenario,
    name: 'a remote member',
    authorities: [
      ...scenario.authorities,
      { id: 'remote-school', kind: 'school', staff: 25, profile: { linkKm: 2000 } },
    ],
    allocation: 'shapley',
    uncertainty: { iterations: 200, seed: 5 }, // Monte Carlo: a worker thread, not inline
  } satisfies ScenarioInput;
  const carol = client(srv.url, 'carol');
  const { body } = await carol.post<{ id: string }>('/v1/scenarios', remote);
  const started = await carol.post<{ runId: string }>(`/v1/scenarios/${body.id}/runs`);
  const done = await poll(
    () => carol.get<RunView>(`/v1/runs/${started.body.runId}`),
    (r) => r.body.status === 'succeeded' || r.body.status === 'failed',
    100_000,
  );
  expect(done.body.status).toBe('succeeded');
  const r = done.body.result!;
  expect(r.stability.inCore).toBe(false);
  expect(r.stability.coreAllocation).not.toBeNull();
  // the same split as this process finds (it loaded HiGHS in setup-lp.ts)
  const here = simulate(scenarioSchema.parse({ ...remote, uncertainty: { iterations: 0, seed: 5 } }));
  const tol = 1e-6 * Math.abs(here.summary.npvSaving);
  r.stability.coreAllocation!.authorities.forEach((a, i) => {
    expect(Math.abs(a.saving - here.stability.coreAllocation!.authorities[i]!.saving)).toBeLessThan(tol);
  });
});
