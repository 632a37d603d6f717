/**
 * The heavy halves of the handlers, as tasks (jobs/offload.ts): parse and validate a large
 * body, simulate, plan, render a report. Each takes and returns plain data, so the same function
 * runs in the Lambda's own thread or on the local server's pool; the handlers keep the light
 * half (headers, identity, the store). Estimates (jobs/estimate.ts) turn work that does not
 * belong in a request into a 422 that points at runs, before any of it is done.
 */
import { loadLpSolver } from '../engine/allocation/solver';
import { assertFinite } from '../engine/finite';
import { type AllocationMethod, scenarioSchema } from '../engine/schema';
import { simulate, type SimulationResult } from '../engine/simulate';
import { monteCarloInProcess } from '../engine/uncertainty/attach';
import { describeWork, INLINE_WORK_LIMIT_MS, planWorkMs, simulateWorkMs } from '../jobs/estimate';
import { task } from '../jobs/offload';
import type { RunInput } from '../jobs/runJob';
import { JOB_TASKS, withIterations } from '../jobs/tasks';
import { constraintIndices, PlanInputError, planPartnerships } from '../planner/plan';
import { type PlanConstraints, planConstraintsSchema, planRequestSchema } from '../planner/schema';
import { CSV_HEADER, csvAuthorityRows } from '../report/csv';
import { parseJson, validated } from './body';
import { escapedBytes, fitsInOneResponse, unitPage } from './paging';
import { expandPlanRegister } from './planInput';
import { problems } from './problem';
import { type ScenarioText, scenarioInput } from './scenarioInput';

/** Monte Carlo iterations the stateless route runs in the request; more belong in a run. */
export const MAX_INLINE_ITERATIONS = 20_000;

const RUN_HINT =
  'store the scenario and start a run (POST /v1/scenarios, then POST /v1/scenarios/{id}/runs), which has no such ' +
  'limit and reports progress';

function refuseWork(ms: number, path: string): never {
  throw problems.tooMuchWork(
    `this asks for about ${describeWork(ms)} of computation, more than a request may do ` +
      `(${describeWork(INLINE_WORK_LIMIT_MS)}); ${RUN_HINT}`,
    path,
  );
}

function refuseSize(what: string, path: string): never {
  throw problems.tooMuchWork(
    `${what} is larger than a response may carry (6 MB); ${RUN_HINT}: a run's result is read in pages`,
    path,
  );
}

/** A request's answer may be larger than a response when a download store takes what does not fit. */
export interface AnswerSize {
  /** Refuse (422) a result larger than a response may carry (no download store to take it). */
  readonly bounded?: boolean;
}

/** POST /v1/simulate: the body (a scenario as JSON, a register selection or CSV) to its result, as JSON. */
export function simulateBody(input: ScenarioText & AnswerSize): string {
  const { scenario } = scenarioInput(input);
  const { iterations, seed } = scenario.uncertainty;
  if (iterations > MAX_INLINE_ITERATIONS)
    throw problems.unprocessable(
      `${iterations} Monte Carlo iterations are more than a synchronous answer runs (${MAX_INLINE_ITERATIONS}); ` +
        `${RUN_HINT}`,
      '/uncertainty/iterations',
    );
  const work = simulateWorkMs(scenario);
  if (work > INLINE_WORK_LIMIT_MS) refuseWork(work, iterations > 0 ? '/uncertainty/iterations' : '/authorities');
  const central = simulate(scenario);
  const text = JSON.stringify(iterations > 0 ? monteCarloInProcess(central, scenario, iterations, seed) : central);
  if (input.bounded !== false && !fitsInOneResponse(text))
    refuseSize(`the result of ${scenario.authorities.length} authorities`, '/authorities');
  return text;
}

// HiGHS first (once per process or thread): without it the engine answers without a core split
export const simulateTask = task<ScenarioText & AnswerSize, string>('api.simulate', async (input) => {
  await loadLpSolver();
  return simulateBody(input);
});

/** POST /v1/partnerships/plan: an inline scenario's plan (JSON), or the stored scenario to plan as a run. */
export type PlanOutcome =
  | { readonly plan: string }
  | { readonly scenarioId: string; readonly constraints: PlanConstraints };

export async function planBody(body: string, bounded = true): Promise<PlanOutcome> {
  const req = validated(planRequestSchema, expandPlanRegister(parseJson(body)), 'Invalid plan request');
  if (!req.scenario) return { scenarioId: req.scenarioId!, constraints: req.constraints };
  try {
    constraintIndices(req.scenario, req.constraints);
  } catch (e) {
    if (e instanceof PlanInputError)
      throw problems.validation([{ path: e.path, message: e.message }], 'Invalid plan request');
    throw e;
  }
  const work = planWorkMs(req.scenario, req.constraints.maxSize);
  if (work > INLINE_WORK_LIMIT_MS) refuseWork(work, '/scenario/authorities');
  const plan = await planPartnerships(req.scenario, req.constraints);
  assertFinite(plan, req.scenario, 'the plan');
  const text = JSON.stringify(plan);
  if (bounded && !fitsInOneResponse(text))
    refuseSize(`the plan of ${req.scenario.authorities.length} authorities`, '/scenario');
  return { plan: text };
}

export const planTask = task<{ body: string; bounded?: boolean }, PlanOutcome>('api.plan', ({ body, bounded }) =>
  planBody(body, bounded !== false),
);

/** A scenario body validated, as the JSON to store (canonical; a CSV or selection spelled out). */
export interface ValidScenario {
  readonly text: string;
  readonly name: string;
  readonly authorities: number;
}

export function scenarioBody(input: ScenarioText): ValidScenario {
  const { body, scenario } = scenarioInput(input);
  return { text: JSON.stringify(body), name: scenario.name, authorities: scenario.authorities.length };
}

export const scenarioTask = task<ScenarioText, ValidScenario>('api.scenario', (input) => scenarioBody(input));

/** What a run of a stored scenario asks for: the scenario's own settings unless the request overrides them. */
export interface RunFactsInput {
  /** The stored scenario body, as JSON. */
  readonly text: string;
  readonly iterations?: number;
  readonly seed?: number;
  readonly allocation?: AllocationMethod;
  /** A planning run's constraints: their ids are checked against the scenario. */
  readonly constraints?: PlanConstraints;
}

export interface RunFacts {
  readonly authorities: number;
  readonly years: number;
  readonly iterations: number;
  readonly seed: number;
  readonly allocation: AllocationMethod;
  /** Estimated ms of the whole run (jobs/estimate.ts). */
  readonly workMs: number;
}

export function runFacts(f: RunFactsInput, emptyPath: string): RunFacts {
  const scenario = scenarioSchema.parse(JSON.parse(f.text));
  if (scenario.authorities.length === 0)
    throw problems.unprocessable(`the scenario has no authority to ${f.constraints ? 'plan' : 'simulate'}`, emptyPath);
  const iterations = f.constraints ? 0 : (f.iterations ?? scenario.uncertainty.iterations);
  const allocation = f.allocation ?? scenario.allocation;
  if (f.constraints) {
    try {
      constraintIndices(scenario, planConstraintsSchema.parse(f.constraints));
    } catch (e) {
      // unknown ids are a 400 now, not a failed job
      if (e instanceof PlanInputError)
        throw problems.validation([{ path: e.path, message: e.message }], 'Invalid plan request');
      throw e;
    }
  }
  return {
    authorities: scenario.authorities.length,
    years: scenario.horizonYears,
    iterations,
    seed: f.seed ?? scenario.uncertainty.seed,
    allocation,
    // the scenario as the run computes it: its iteration count decides the tornado's assumptions
    workMs: f.constraints
      ? planWorkMs(scenario, f.constraints.maxSize)
      : simulateWorkMs(withIterations(scenario, iterations), { allocation }),
  };
}

export const runFactsTask = task<RunFactsInput & { emptyPath: string }, RunFacts>('api.runFacts', (f) =>
  runFacts(f, f.emptyPath),
);

export interface ReportInput {
  /** The run's result and input as stored (JSON). */
  readonly result: string;
  readonly input: string;
  readonly runId: string;
  readonly scenarioId: string;
  readonly scenarioVersion: number;
  readonly finishedAt?: string;
  readonly format: 'html' | 'csv';
  readonly offset: number;
  readonly limit?: number;
}

export interface ReportOutput {
  readonly body: string;
  /** CSV: the offset of the next page, or null. */
  readonly next: number | null;
}

/** GET /v1/runs/{runId}/report: the HTML page, or one byte-bounded page of whole authorities' CSV rows. */
export async function reportBody(r: ReportInput): Promise<ReportOutput> {
  const result = JSON.parse(r.result) as SimulationResult;
  const input = JSON.parse(r.input) as RunInput;
  const scenario = scenarioSchema.parse(input.scenario);
  if (r.format === 'csv') {
    const rows = csvAuthorityRows(result, scenario);
    if (r.offset >= rows.total && rows.total > 0)
      throw problems.validation(
        [{ path: '/query/offset', message: `must be less than the ${rows.total} authorities` }],
        'Invalid query',
      );
    // sized as Lambda counts it: the CSV JSON-escaped (a quoted field's quotes double)
    const page = unitPage(CSV_HEADER, rows.unit, r.offset, rows.total, {
      measure: escapedBytes,
      ...(r.limit ? { maxUnits: r.limit } : {}),
    });
    return { body: page.text, next: page.next };
  }
  // loaded on first use: the renderer (vega) is most of what a pool thread would otherwise load at start
  const { reportHtml } = require('../report/html') as typeof import('../report/html');
  const body = await reportHtml(result, scenario, {
    runId: r.runId,
    scenarioId: r.scenarioId,
    scenarioVersion: r.scenarioVersion,
    ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
  });
  if (!fitsInOneResponse(body))
    throw problems.tooMuchWork(
      'the report page is larger than a response may carry; read the CSV, in pages',
      '/query/format',
    );
  return { body, next: null };
}

export const reportTask = task<ReportInput, ReportOutput>('api.report', (r) => reportBody(r));

/** Every task a pool thread can run: these and the run steps. */
export const ALL_TASKS = [simulateTask, planTask, scenarioTask, runFactsTask, reportTask, ...JOB_TASKS] as const;
