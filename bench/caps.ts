/**
 * The planner's size limit against what it saves: one 2,000-body synthetic nation planned at
 * several values of `maxSize`, with the total saving, the time and the share left alone
 * (`npx tsx bench/caps.ts [authorities] [caps]`; how the default `maxSize` was chosen, in BENCHMARKS.md).
 */
import { scenarioSchema } from '../lambda/engine/schema';
import { planPartnerships } from '../lambda/planner/plan';
import { planConstraintsSchema } from '../lambda/planner/schema';
import { syntheticNation } from '../lambda/synthetic/national';

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 2000);
  const caps = (process.argv[3] ?? '12,20,50,100,200,500,1000,2000').split(',').map(Number);
  const s = scenarioSchema.parse(syntheticNation({ authorities: n, seed: 1 }));
  const rows: Record<string, number | string>[] = [];
  for (const maxSize of caps) {
    const t0 = performance.now();
    const plan = await planPartnerships(s, planConstraintsSchema.parse({ maxSize }));
    const ms = performance.now() - t0;
    rows.push({
      maxSize,
      totalSaving: Math.round(plan.totalSaving),
      seconds: Number((ms / 1000).toFixed(1)),
      partnerships: plan.partnerships.length,
      largest: Math.max(0, ...plan.partnerships.map((p) => p.members.length)),
      aloneShare: `${((100 * plan.alone.length) / n).toFixed(1)} %`,
      evaluations: plan.stats.evaluations,
    });
    console.log(JSON.stringify(rows.at(-1)));
  }
  console.table(rows);
}

void main();
