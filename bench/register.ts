/**
 * Plans of real bodies through the local API: one region of the register and the whole register,
 * each a POST /v1/partnerships/plan with a register selection (planned inline, default
 * constraints). `npm run bench` includes them; `npm run bench:register` re-runs only these rows
 * and merges them into bench/results.json and BENCHMARKS.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PartnershipPlan } from '../lambda/planner/plan';
import type { Measurement } from './harness';
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

/** One table row, as bench/run.ts writes them. */
function row(r: Measurement): string {
  const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(3));
  const extra = r.extra
    ? Object.entries(r.extra)
        .map(([k, v]) => `${k} ${typeof v === 'number' ? v.toLocaleString('en-GB') : v}`)
        .join('; ')
    : '';
  const ratio =
    r.target !== undefined ? `${(r.median / r.target).toFixed(2)} ${r.median <= r.target ? '✓' : '✗'}` : '–';
  return (
    `| ${r.name} | ${fmt(r.median)} | ${fmt(r.p90)} | ${r.runs} | ` +
    `${r.target !== undefined ? `< ${r.target}` : '–'} | ${ratio} | ${extra} |`
  );
}

/** `npm run bench:register`: only these rows, merged into the last full run's results and table. */
export async function registerOnly(root: string): Promise<void> {
  const rows = await registerPlans(root);
  const resultsPath = path.join(root, 'bench', 'results.json');
  const out = JSON.parse(fs.readFileSync(resultsPath, 'utf8')) as { results: Measurement[]; registerRowsAt?: string };
  const names = new Set(rows.map((r) => r.name));
  const kept = out.results.filter((r) => !names.has(r.name));
  const at = kept.findIndex((r) => r.name.startsWith('load:'));
  out.results = at < 0 ? [...kept, ...rows] : [...kept.slice(0, at), ...rows, ...kept.slice(at)];
  out.registerRowsAt = new Date().toISOString();
  fs.writeFileSync(resultsPath, `${JSON.stringify(out, null, 2)}\n`);
  const mdPath = path.join(root, 'BENCHMARKS.md');
  const lines = fs.readFileSync(mdPath, 'utf8').split('\n');
  const mine = (l: string) => rows.some((r) => l.startsWith(`| ${r.name} |`));
  const filtered = lines.filter((l) => !mine(l));
  const firstLoad = filtered.findIndex((l) => l.startsWith('| load:'));
  const end = filtered.indexOf('<!-- bench:end -->');
  filtered.splice(firstLoad >= 0 ? firstLoad : end, 0, ...rows.map(row));
  fs.writeFileSync(mdPath, filtered.join('\n'));
  for (const r of rows) console.log(row(r));
}
