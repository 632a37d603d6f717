#!/usr/bin/env node
/**
 * `npm run bench`: runs the benchmark suite, writes bench/results.json and the table in
 * BENCHMARKS.md (between the markers). Figures are wall-clock on a shared, noisy machine:
 * read them against their targets and each other, not as absolutes.
 *
 * Long because each row is a small scenario of its own (the engine rows, the games, Monte Carlo,
 * the report, the API and planner rows), kept together so one process runs them in order.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chunkRanges } from '../lambda/engine/uncertainty/monteCarlo';
import { allocationRule, monteCarloInProcess } from '../lambda/engine/uncertainty/attach';
import { ThreadPoolChunkRunner } from '../lambda/local/pool';
import { appraise } from '../lambda/engine/appraisal';
import { compile } from '../lambda/engine/model';
import { Aggregate, partnershipCosts } from '../lambda/engine/partnership';
import { appraisePolicy } from '../lambda/engine/policy';
import { type ScenarioInput, scenarioSchema } from '../lambda/engine/schema';
import { savingGameTable, scenarioGame } from '../lambda/engine/allocation/coalitions';
import { blockingFromTable, shapleyFromTable } from '../lambda/engine/allocation/game';
import { sampledShapley } from '../lambda/engine/allocation/sampling';
import { nucleolusFromTable } from '../lambda/engine/allocation/nucleolus';
import { loadLpSolver } from '../lambda/engine/allocation/solver';
import { simulate } from '../lambda/engine/simulate';
import { syntheticNation } from '../lambda/synthetic/national';
import { type Measurement, machine, measure, measureAsync, mergeRows, tableRow } from './harness';
import { loadBenchmarks, loadMeasurements, serve, startServer } from './load';
import { planInProcess, planThroughApi } from './plan';
import { registerOnly, registerPlans } from './register';
import { limitsBenchmarks } from './limits';
import { reportHtml } from '../lambda/report/html';
import { resultCsv } from '../lambda/report/csv';

// npm runs scripts from the package root; the bundle itself lives in bench/.build/
const root = process.cwd();
const gwentInput = JSON.parse(
  fs.readFileSync(path.join(root, 'examples', 'gwent-psn.json'), 'utf8'),
) as ScenarioInput & { authorities: ScenarioInput['authorities'] };
const gwent = scenarioSchema.parse(gwentInput);
const nation = scenarioSchema.parse(syntheticNation({ authorities: 25000, seed: 1 }));

function appraisalOnly(s: typeof gwent): number {
  const m = compile(s);
  const pc = partnershipCosts(
    m,
    Aggregate.of(
      m,
      m.authorities.map((a) => a.index),
    ),
  );
  return appraise(m, pc, appraisePolicy(m, pc)).npvSaving;
}

/** Gwent plus synthetic non-school bodies, to reach n authorities for the exact game. */
function gwentPlus(n: number, changes: Record<string, unknown> = {}): ReturnType<typeof compile> {
  const extra = syntheticNation({ authorities: 2000, seed: 3 }).authorities.filter((a) => a.kind !== 'school');
  return compile(
    scenarioSchema.parse({
      ...gwentInput,
      ...changes,
      authorities: [...gwentInput.authorities, ...extra].slice(0, n),
    }),
  );
}

/** The same bodies sharing every service, back office included, as merged teams (issue 14). */
function gwentPlusEverything(n: number): ReturnType<typeof compile> {
  const backOffice = { hrAdmin: true, payroll: true, finance: true, procurement: true, revenuesBenefits: true };
  return gwentPlus(n, { membership: 'merged', share: { ...gwentInput.share, ...backOffice } });
}

/**
 * The saving game's table alone (no Shapley, no core) for n bodies sharing IT and contact, then
 * sharing every service: the back office's cost per coalition, as a ratio (issue 14).
 */
function backOfficeGame(n: number): Measurement[] {
  const table = (name: string, model: ReturnType<typeof compile>) =>
    measure(name, () => savingGameTable(model).length, { minRuns: 3, minMs: 0, warmup: 1 });
  const it = table(`game: saving-game table, ${n} authorities, IT and contact shared (8 services)`, gwentPlus(n));
  const all = table(
    `game: saving-game table, ${n} authorities, every service shared (14, back office included)`,
    gwentPlusEverything(n),
  );
  const perSecond = (m: Measurement) => Math.round(2 ** n / (m.median / 1000));
  return [
    { ...it, extra: { coalitionEvaluationsPerSecond: perSecond(it) } },
    {
      ...all,
      extra: {
        coalitionEvaluationsPerSecond: perSecond(all),
        timesTheItAndContactGame: Number((all.median / it.median).toFixed(2)),
      },
    },
  ];
}

function exactGame(n: number): Measurement {
  const model = gwentPlus(n);
  const m = measure(
    `game: exact Shapley + exhaustive core, ${n} authorities (real cost model)`,
    () => {
      const table = savingGameTable(model);
      const phi = shapleyFromTable(n, table);
      return blockingFromTable(n, table, phi).length;
    },
    { target: n === 16 ? 500 : 5000, minRuns: n === 16 ? 5 : 2, minMs: 0, warmup: 1 },
  );
  return { ...m, extra: { coalitions: 2 ** n, coalitionEvaluationsPerSecond: Math.round(2 ** n / (m.median / 1000)) } };
}

/**
 * The nucleolus of the real saving game: the table is computed once (outside the timing), the LPs generate constraints
 * from it.
 */
function nucleolusGame(n: number, target: number): Measurement {
  const table = savingGameTable(gwentPlus(n));
  let last: ReturnType<typeof nucleolusFromTable> | undefined;
  const m = measure(
    `game: nucleolus, ${n} authorities (LPs with generated constraints; table computed once, not timed)`,
    () => {
      last = nucleolusFromTable(n, table);
    },
    { target, minRuns: n <= 12 ? 5 : 2, minMs: 0, warmup: 1 },
  );
  return { ...m, extra: { lpSolves: last!.lpSolves, constraints: last!.constraints, coalitions: 2 ** n - 2 } };
}

function sampledGame(): Measurement {
  const s = scenarioSchema.parse({ ...syntheticNation({ authorities: 1000, seed: 1 }), allocation: 'shapley' });
  const model = compile(s);
  let last: ReturnType<typeof sampledShapley> | undefined;
  const m = measure(
    'game: sampled Shapley, 1,000 authorities, to SE < 1 % of the largest share',
    () => {
      last = sampledShapley(scenarioGame(model), { seed: 1, targetRelativeSe: 0.01, maxEvaluations: 10_000_000 });
    },
    { target: 30000, minRuns: 2, minMs: 0, warmup: 0 },
  );
  const maxShare = Math.max(...last!.values.map(Math.abs));
  return {
    ...m,
    extra: {
      permutationPairs: last!.pairs,
      evaluations: last!.evaluations,
      converged: String(last!.converged),
      maxSeOverLargestShare: Number((Math.max(...last!.standardErrors) / maxShare).toFixed(5)),
    },
  };
}

const gwentMc = scenarioSchema.parse(gwentInput); // as shipped: 10,000 iterations, seed 2011

function monteCarloOneCore(): Measurement {
  const central = simulate(gwentMc);
  return measure(
    'monte carlo: 10,000 iterations of the Gwent example, one core',
    () => monteCarloInProcess(central, gwentMc, 10_000, 2011),
    { target: 2000, minRuns: 3, minMs: 0, warmup: 1 },
  );
}

async function workerSpeedUp(): Promise<Measurement> {
  process.env.SHARESIM_SOURCE_ROOT = root;
  const central = simulate(gwentMc);
  const work = { scenario: gwentMc, seed: 2011, rule: allocationRule(central).rule, chunks: chunkRanges(60_000, 2000) };
  // Warm pools (threads started and their code compiled), so the ratio measures parallel work, not start-up.
  const pools = { 1: new ThreadPoolChunkRunner(1), 2: new ThreadPoolChunkRunner(2) };
  const time = async (workers: 1 | 2) => {
    const t0 = performance.now();
    await pools[workers].run(work, () => undefined);
    return performance.now() - t0;
  };
  try {
    await time(1);
    await time(2);
    const one = Math.min(await time(1), await time(1));
    const two = Math.min(await time(2), await time(2));
    return {
      name: 'monte carlo: 60,000 Gwent iterations, 1 vs 2 warm worker threads (best of 2)',
      unit: 'ms',
      median: two,
      p90: two,
      runs: 2,
      note: 'median is the 2-worker time',
      extra: {
        oneWorkerMs: Math.round(one),
        twoWorkersMs: Math.round(two),
        speedUp: Number((one / two).toFixed(2)),
        speedUpTarget: '>= 1.6',
      },
    };
  } finally {
    await pools[1].close();
    await pools[2].close();
  }
}

/** A million iterations end to end through the local API: `npm start` as a child process, polled for progress. */
async function millionThroughApi(): Promise<Measurement> {
  const srv = await startServer(root);
  const url = srv.url;
  try {
    const post = async (p: string, body?: unknown) =>
      (
        await fetch(url + p, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          ...(body ? { body: JSON.stringify(body) } : {}),
        })
      ).json() as Promise<Record<string, string>>;
    const sc = await post('/v1/scenarios', { ...gwentInput, uncertainty: { iterations: 1_000_000, seed: 2011 } });
    const t0 = performance.now();
    const run = await post(`/v1/scenarios/${sc.id}/runs`);
    const samples: number[] = [];
    let status = 'queued';
    while (status === 'queued' || status === 'running') {
      await new Promise((r) => setTimeout(r, 2000));
      const r = (await (await fetch(`${url}/v1/runs/${run.runId}`)).json()) as {
        status: string;
        progress: { done: number };
      };
      status = r.status;
      samples.push(r.progress.done);
    }
    const ms = performance.now() - t0;
    if (status !== 'succeeded') throw new Error(`the million-iteration run ${status}`);
    const distinct = new Set(samples).size;
    return {
      name: 'monte carlo: 1,000,000 Gwent iterations end to end through the local API (2 worker threads)',
      unit: 'ms',
      median: ms,
      p90: ms,
      runs: 1,
      target: 300_000,
      extra: {
        progressPolls: samples.length,
        distinctProgressValues: distinct,
        iterationsPerSecond: Math.round(1e6 / (ms / 1000)),
      },
    };
  } finally {
    await srv.stop();
  }
}

/** The report of a 25,000-authority result: the HTML page (five charts rendered to SVG) and the first CSV page. */
async function nationalReport(): Promise<Measurement> {
  const result = monteCarloInProcess(simulate(nation), nation, 16, 1);
  let bytes = 0;
  const m = await measureAsync(
    'report: 25,000-authority run, HTML page with its five SVG charts',
    async () => {
      bytes = (await reportHtml(result, nation, { runId: 'bench', scenarioId: 'bench', scenarioVersion: 1 })).length;
    },
    { target: 5000, minRuns: 3, minMs: 0 },
  );
  const csv = measure(
    'report: 25,000-authority run, one CSV page (2,000 authorities x 10 years)',
    () => resultCsv(result, nation),
    { minRuns: 3, minMs: 0, warmup: 1 },
  );
  return { ...m, extra: { htmlBytes: bytes, csvPageMs: Math.round(csv.median) } };
}

/** The in-process engine rows: no server, no threads (`npm run bench:engine` re-measures them alone). */
function engineRows(): Measurement[] {
  return [
    measure('gwent: deterministic appraisal (3 worlds, 10 years, 10 authorities)', () => appraisalOnly(gwent), {
      target: 2,
      minMs: 2000,
    }),
    measure(
      'gwent: full simulate (appraisal + exact Shapley over 1,024 coalitions + exhaustive core)',
      () => simulate(gwent),
      { minMs: 2000 },
    ),
    measure(
      'national: 25,000 authorities, full simulate (proportional allocation, heuristic core search)',
      () => simulate(nation),
      { target: 1000, minRuns: 5, minMs: 3000, warmup: 1 },
    ),
    exactGame(16),
    exactGame(20),
    ...backOfficeGame(16),
    nucleolusGame(12, 500),
    nucleolusGame(16, 2000),
    nucleolusGame(20, 10_000),
    sampledGame(),
    monteCarloOneCore(),
  ];
}

async function main(): Promise<void> {
  await loadLpSolver();
  // First, while the process is fresh: the later benchmarks leave a large heap whose background
  // GC competes with the worker threads for this machine's two cores.
  const speedUp = await workerSpeedUp();
  const results: Measurement[] = [
    ...engineRows(),
    speedUp,
    await nationalReport(),
    ...(process.env.SHARESIM_BENCH_QUICK ? [] : [await millionThroughApi()]),
  ];
  results.push(await planInProcess(500, 10_000), await planInProcess(2000, 60_000));
  if (!process.env.SHARESIM_BENCH_QUICK) results.push(await planThroughApi(root, 25_000, 600_000));
  results.push(...(await registerPlans(root)));
  results.push(...(await limitsBenchmarks(root, process.env.SHARESIM_BENCH_QUICK !== undefined)));
  const load = await loadBenchmarks(root, process.env.SHARESIM_BENCH_QUICK ? 4 : 10);
  results.push(...loadMeasurements(load));

  const out = { generatedAt: new Date().toISOString(), machine: machine(), results, load };
  fs.mkdirSync(path.join(root, 'bench'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench', 'results.json'), `${JSON.stringify(out, null, 2)}\n`);

  const rows = results.map(tableRow);
  const m = out.machine;
  const table = [
    `Measured ${out.generatedAt.slice(0, 10)} on ${m.cpu} (${m.cores} cores, ${m.memoryGiB} GiB), Node ${m.node}, ` +
      `one process, wall clock.`,
    '',
    '| benchmark | median ms | p90 ms | runs | target ms | median ÷ target | also |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  const mdPath = path.join(root, 'BENCHMARKS.md');
  const md = fs.existsSync(mdPath)
    ? fs.readFileSync(mdPath, 'utf8')
    : '# Benchmarks\n\n<!-- bench:start -->\n<!-- bench:end -->\n';
  const updated = md.replace(
    /<!-- bench:start -->[\s\S]*<!-- bench:end -->/,
    `<!-- bench:start -->\n${table}\n<!-- bench:end -->`,
  );
  fs.writeFileSync(mdPath, updated);
  console.log(table);
}

const fail = (err: unknown) => {
  console.error(err);
  process.exit(1);
};
if (process.argv[2] === '--serve') serve().catch(fail);
else if (process.argv[2] === '--register-only') registerOnly(root).then(() => process.exit(0), fail);
else if (process.argv[2] === '--engine-only')
  loadLpSolver().then(() => {
    mergeRows(root, engineRows(), 'engineRowsAt');
    process.exit(0);
  }, fail);
else main().then(() => process.exit(0), fail);
