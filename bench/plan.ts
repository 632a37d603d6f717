/** Planning benchmarks: 500 and 2,000 authorities in process; 25,000 as a job through the local API. */
import { scenarioSchema } from '../lambda/engine/schema';
import { planPartnerships, type PartnershipPlan } from '../lambda/planner/plan';
import { planConstraintsSchema } from '../lambda/planner/schema';
import { syntheticNation } from '../lambda/synthetic/national';
import type { Measurement } from './harness';
import { startServer } from './load';

function extra(plan: PartnershipPlan): Record<string, number | string> {
  return {
    totalSaving: Math.round(plan.totalSaving),
    onePartnershipBaseline: Math.round(plan.baselines.onePartnership),
    partnerships: plan.partnerships.length,
    alone: plan.alone.length,
    aloneShare: `${((100 * plan.alone.length) / plan.stats.authorities).toFixed(1)} %`,
    largest: Math.max(0, ...plan.partnerships.map((p) => p.members.length)),
    evaluations: plan.stats.evaluations,
  };
}

export async function planInProcess(n: number, target: number): Promise<Measurement> {
  const s = scenarioSchema.parse(syntheticNation({ authorities: n, seed: 1 }));
  const t0 = performance.now();
  const plan = await planPartnerships(s, planConstraintsSchema.parse({}));
  const ms = performance.now() - t0;
  return {
    name: `plan: ${n.toLocaleString('en-GB')} synthetic authorities (default max size), in process`,
    unit: 'ms',
    median: ms,
    p90: ms,
    runs: 1,
    target,
    extra: extra(plan),
  };
}

export async function planThroughApi(root: string, n: number, target: number): Promise<Measurement> {
  const srv = await startServer(root);
  const json = { 'content-type': 'application/json' };
  try {
    const sc = (await (
      await fetch(`${srv.url}/v1/scenarios`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify(syntheticNation({ authorities: n, seed: 1 })),
      })
    ).json()) as { id: string };
    const t0 = performance.now();
    const started = (await (
      await fetch(`${srv.url}/v1/partnerships/plan`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ scenarioId: sc.id }),
      })
    ).json()) as { runId: string };
    let polls = 0;
    for (;;) {
      await new Promise((r) => setTimeout(r, 2000));
      polls++;
      const r = (await (await fetch(`${srv.url}/v1/runs/${started.runId}`)).json()) as {
        status: string;
        result: PartnershipPlan | null;
        links: { result: string };
      };
      if (r.status === 'failed') throw new Error(`the plan run failed: ${JSON.stringify(r)}`);
      if (r.status === 'succeeded') {
        // a plan larger than one response comes in byte-bounded pages (Link rel="next")
        if (!r.result) {
          const parts: Buffer[] = [];
          for (let next: string | null = r.links.result; next; ) {
            const page = await fetch(srv.url + next);
            parts.push(Buffer.from(await page.arrayBuffer()));
            const link = page.headers.get('link');
            next = link ? link.slice(1, link.indexOf('>')) : null;
          }
          r.result = JSON.parse(Buffer.concat(parts).toString('utf8')) as PartnershipPlan;
        }
        const ms = performance.now() - t0;
        return {
          name:
            `plan: ${n.toLocaleString('en-GB')} synthetic authorities as a job through the local API (run queue, ` +
            `worker pool)`,
          unit: 'ms',
          median: ms,
          p90: ms,
          runs: 1,
          target,
          extra: { ...extra(r.result!), progressPolls: polls },
        };
      }
    }
  } finally {
    await srv.stop();
  }
}
