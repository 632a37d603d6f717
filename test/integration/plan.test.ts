/** POST /v1/partnerships/plan over HTTP: inline plans, plans as runs of stored scenarios, and errors. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type LocalServer, startLocalServer } from '../../lambda/local/server';
import type { PartnershipPlan } from '../../lambda/planner/plan';
import { syntheticNation } from '../../lambda/synthetic/national';
import { example } from '../helpers';
import { client, poll } from './client';

let srv: LocalServer;
let dataDir: string;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharesim-plan-'));
  srv = await startLocalServer({ port: 0, host: '127.0.0.1', dataDir });
  api = client(srv.url, 'planner');
});
afterAll(async () => {
  await srv.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type Problem = { status: number; errors: { path: string }[] };

describe('POST /v1/partnerships/plan', () => {
  it('plans inline authorities at once: everyone placed once, the Gwent schools alone with reasons', async () => {
    const r = await api.post<PartnershipPlan>('/v1/partnerships/plan', {
      scenario: example('gwent-psn'),
      constraints: { maxSize: 8 },
    });
    expect(r.status).toBe(200);
    const placed = [...r.body.partnerships.flatMap((p) => p.members), ...r.body.alone].sort();
    expect(placed).toEqual(
      (example('gwent-psn') as { authorities: { id: string }[] }).authorities.map((a) => a.id).sort(),
    );
    expect(r.body.alone).toEqual(expect.arrayContaining(['school-a', 'school-b']));
    expect(r.body.partnerships.every((p) => p.members.length <= 8)).toBe(true);
    expect(r.body.baselines.allAlone).toBe(0);
    expect(r.body.totalSaving).toBeGreaterThan(0);
  });

  it(
    'plans a stored scenario as a run, with progress, ' + 'whose result is the plan; the run has no HTML report',
    async () => {
      const nation = { ...syntheticNation({ authorities: 300, seed: 4 }), name: 'a region' };
      const sc = await api.post<{ id: string }>('/v1/scenarios', nation);
      const started = await api.post<{ runId: string; links: { self: string } }>(
        '/v1/partnerships/plan',
        { scenarioId: sc.body.id, constraints: { maxDistanceKm: 80 } },
        { 'idempotency-key': 'plan-1' },
      );
      expect(started.status).toBe(202);
      const again = await api.post<{ runId: string }>(
        '/v1/partnerships/plan',
        { scenarioId: sc.body.id, constraints: { maxDistanceKm: 80 } },
        { 'idempotency-key': 'plan-1' },
      );
      expect(again.body.runId).toBe(started.body.runId);
      const done = await poll(
        () =>
          api.get<{ status: string; progress: { done: number; total: number }; result: PartnershipPlan | null }>(
            started.body.links.self,
          ),
        (x) => x.body.status === 'succeeded' || x.body.status === 'failed',
        120_000,
      );
      expect(done.body.status).toBe('succeeded');
      expect(done.body.progress).toEqual({ done: 1000, total: 1000 });
      const plan = done.body.result!;
      expect(plan.partnerships.length + plan.alone.length).toBeGreaterThan(0);
      expect([...plan.partnerships.flatMap((p) => p.members), ...plan.alone]).toHaveLength(300);
      expect((await api.get(`/v1/runs/${started.body.runId}/report`)).status).toBe(409);
    },
  );

  it('says what is wrong, with a path', async () => {
    const both = await api.post<Problem>('/v1/partnerships/plan', { scenario: example('minimal'), scenarioId: 'x' });
    expect(both.status).toBe(400);
    expect(both.body.errors[0]!.path).toBe('/scenarioId');
    const unknown = await api.post<Problem>('/v1/partnerships/plan', {
      scenario: example('minimal'),
      constraints: { apart: [['police', 'nobody']] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]!.path).toBe('/constraints/apart/0/1');
    const big = await api.post<Problem>('/v1/partnerships/plan', {
      scenario: syntheticNation({ authorities: 2001, seed: 1 }),
    });
    expect(big.status).toBe(400);
    expect(big.body.errors[0]!.path).toBe('/scenario/authorities');
    const size = await api.post<Problem>('/v1/partnerships/plan', {
      scenario: example('minimal'),
      constraints: { maxSize: 5001 },
    });
    expect(size.body.errors[0]!.path).toBe('/constraints/maxSize');
    expect((await api.post('/v1/partnerships/plan', { scenarioId: 'not-mine' })).status).toBe(404);
    // for a stored scenario too, before any job starts
    const sc = await api.post<{ id: string }>('/v1/scenarios', example('minimal'));
    const stored = await api.post<Problem>('/v1/partnerships/plan', {
      scenarioId: sc.body.id,
      constraints: { together: [['police', 'ghost']] },
    });
    expect(stored.status).toBe(400);
    expect(stored.body.errors[0]!.path).toBe('/constraints/together/0/1');
    const runs = await api.get<{ items: unknown[] }>(`/v1/scenarios/${sc.body.id}/runs`);
    expect(runs.body.items).toHaveLength(0);
  });
});
