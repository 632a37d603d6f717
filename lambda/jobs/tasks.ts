/**
 * A run's steps as tasks (jobs/offload.ts): its central simulation, its Monte Carlo chunks, the
 * aggregation of their partials, and a plan. Inputs and outputs are text and typed arrays, so a
 * step runs as well on the local pool's threads as in the caller's own. The run's input (the
 * frozen scenario, as JSON) is parsed and validated once per thread and kept for the run's
 * other steps (keyed by run).
 */
import { loadLpSolver } from '../engine/allocation/solver';
import { assertFinite } from '../engine/finite';
import { type Scenario, scenarioSchema } from '../engine/schema';
import { simulate, type SimulationResult } from '../engine/simulate';
import { allocationRule, attachUncertainty } from '../engine/uncertainty/attach';
import { type AllocationRule, type ChunkPartial, runChunk } from '../engine/uncertainty/monteCarlo';
import { planPartnerships } from '../planner/plan';
import { simulateWorkMs } from './estimate';
import { task } from './offload';
import type { RunInput } from './runJob';

/**
 * A scenario as a run computes it: with the run's own iteration count, which decides whether
 * default ranges are uncertain (and so in the tornado, every chunk's draws and the estimate).
 */
export function withIterations(s: Scenario, iterations: number): Scenario {
  return { ...s, uncertainty: { ...s.uncertainty, iterations } };
}

/** The scenario a run computes: its frozen scenario with the run's iteration count. */
export function runScenario(input: RunInput): Scenario {
  return withIterations(scenarioSchema.parse(input.scenario), input.request.iterations);
}

/** Parsed run inputs kept by this thread: a run's steps arrive one after another. */
const parsed = new Map<string, { input: RunInput; scenario: Scenario }>();
const KEEP = 2;

export function parseRunInput(key: string, text: string): { input: RunInput; scenario: Scenario } {
  const hit = parsed.get(key);
  if (hit) return hit;
  const input = JSON.parse(text) as RunInput;
  const out = { input, scenario: runScenario(input) };
  if (parsed.size >= KEEP) parsed.delete(parsed.keys().next().value!);
  parsed.set(key, out);
  return out;
}

export interface RunStepInput {
  /** Which run (its steps share the parsed input). */
  readonly key: string;
  /** The run's input as stored: JSON of RunInput. */
  readonly input: string;
}

export interface CentralOutput {
  /** The deterministic result, as JSON. */
  readonly result: string;
  readonly rule: AllocationRule;
  /** Estimated ms of one Monte Carlo iteration (chunks are sized from it). */
  readonly iterationMs: number;
}

export const runCentralTask = task<RunStepInput, CentralOutput>('run.central', async ({ key, input }) => {
  await loadLpSolver(); // core allocations (once per thread)
  const { input: inp, scenario } = parseRunInput(key, input);
  const result = simulate(scenario, {
    allocation: inp.request.allocation,
    seed: inp.request.seed,
    scenarioVersion: inp.scenarioVersion,
  });
  const base = simulateWorkMs(scenario, { iterations: 0, sensitivity: false });
  return {
    result: JSON.stringify(result),
    rule: allocationRule(result).rule,
    iterationMs: simulateWorkMs(scenario, { iterations: 1, sensitivity: false }) - base,
  };
});

export interface ChunkInput extends RunStepInput {
  readonly seed: number;
  readonly rule: AllocationRule;
  readonly from: number;
  readonly to: number;
}

const partialBuffers = (p: ChunkPartial) => [p.npv.buffer as ArrayBuffer, p.authorityPositive.buffer as ArrayBuffer];

export const runChunkTask = task<ChunkInput, ChunkPartial>(
  'run.chunk',
  async ({ key, input, seed, rule, from, to }) => {
    await loadLpSolver(); // a draw shared by a core rule solves LPs
    return runChunk(parseRunInput(key, input).scenario, seed, from, to, rule);
  },
  partialBuffers,
);

export interface AggregateInput extends RunStepInput {
  readonly central: string;
  readonly partials: readonly ChunkPartial[];
}

export const runAggregateTask = task<AggregateInput, string>(
  'run.aggregate',
  async ({ key, input, central, partials }) => {
    await loadLpSolver();
    const { input: inp, scenario } = parseRunInput(key, input);
    return JSON.stringify(
      attachUncertainty(JSON.parse(central) as SimulationResult, scenario, inp.request.seed, partials),
    );
  },
);

/** A planning run's result: the plan, as JSON, checked finite. */
export const runPlanTask = task<RunStepInput, string>('run.plan', async ({ key, input }, ctx) => {
  const { input: inp, scenario } = parseRunInput(key, input);
  const plan = await planPartnerships(scenario, inp.request.plan!, {
    onProgress: (done, total) => ctx.progress(done, total),
  });
  assertFinite(plan, scenario, 'the plan');
  return JSON.stringify({ scenarioVersion: inp.scenarioVersion, ...plan });
});

/** Monte Carlo chunks of a scenario object (the benchmarks' and tests' thread pool). */
export const chunkOfScenarioTask = task<
  { scenario: Scenario; seed: number; rule: AllocationRule; from: number; to: number },
  ChunkPartial
>('chunk', ({ scenario, seed, rule, from, to }) => runChunk(scenario, seed, from, to, rule), partialBuffers);

export const JOB_TASKS = [runCentralTask, runChunkTask, runAggregateTask, runPlanTask, chunkOfScenarioTask] as const;
