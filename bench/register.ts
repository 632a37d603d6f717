/**
 * Plans of real bodies through the local API: one region of the register and the whole register,
 * each a POST /v1/partnerships/plan with a register selection (planned inline, default
 * constraints). `npm run bench` includes them; `npm run bench:register` re-runs only these rows
 * and merges them into bench/results.json and BENCHMARKS.md.
 */
import type { PartnershipPlan } from '../lambda/planner/plan';
import { type Measurement, mergeRows } from './harness';
import { startServer } from './load';

/** The region planned on its own: the North West (councils, police, fire and NHS bodies). */
export const BENCH_REGION = 'North West';

async function planSelection(url: string, name: string, register: Record<string, unknown>, target: number) {
  const t0 = performance.now();
  const r = await fetch(`${url}/v1/partnerships/plan`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ register, scenario: { name } }),
  });
  const ms = performance.now() - t0;
  if (r.status !== 200) throw new Error(`plan of ${name}: ${r.status} ${await r.text()}`);
  const plan = (await r.json()) as PartnershipPlan;
  const n = plan.stats.authorities;
  const m: Measurement = {
    name: `plan: ${name}, real bodies (default max size), through the local API`,
    unit: 'ms',
    median: ms,
    p90: ms,
    runs: 1,
    target,
    extra: {
      bodies: n,
      partnerships: plan.partnerships.length,
      alone: plan.alone.length,
      aloneSharePercent: Number(((100 * plan.alone.length) / n).toFixed(1)),
      totalSaving: Math.round(plan.totalSaving),
      onePartnershipBaseline: Math.round(plan.baselines.onePartnership),
      evaluations: plan.stats.evaluations,
    },
  };
  return m;
}

export async function registerPlans(root: string): Promise<Measurement[]> {
  const srv = await startServer(root);
  try {
    return [
      await planSelection(srv.url, `the ${BENCH_REGION} region of the register`, { region: BENCH_REGION }, 10_000),
      await planSelection(srv.url, 'the whole register', {}, 60_000),
    ];
  } finally {
    await srv.stop();
  }
}

/** `npm run bench:register`: only these rows, merged into the last full run's results and table. */
export async function registerOnly(root: string): Promise<void> {
  mergeRows(root, await registerPlans(root), 'registerRowsAt');
}
