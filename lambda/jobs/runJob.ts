/**
 * Executes one run, whatever runs it (inline in the API, a local worker thread, the Step
 * Functions task): queued → running → succeeded with the result stored, or failed with a reason.
 */
import { loadLpSolver } from '../engine/allocation/solver';
import { simulate, type SimulationResult } from '../engine/simulate';
import { type Scenario, scenarioSchema } from '../engine/schema';
import { chunkRanges } from '../engine/uncertainty/monteCarlo';
import { allocationRule, attachUncertainty } from '../engine/uncertainty/attach';
import type { RunRequest, Store } from '../store/store';
import { type ChunkRunner, DEFAULT_CHUNK_SIZE, InProcessChunkRunner } from './chunks';
import { planPartnerships } from '../planner/plan';
import type { PlanConstraints } from '../planner/schema';

/** A run's request as the jobs read it: `plan` present makes it a partnership-planning run. */
export type RunRequestInput = Omit<RunRequest, 'plan'> & { readonly plan?: PlanConstraints };

/** What a run stores as its input: the scenario version it runs, frozen, and what was asked. */
export interface RunInput {
  readonly scenarioVersion: number;
  readonly scenario: unknown;
  readonly request: RunRequestInput;
}

/** A planning run's result: the plan (lambda/planner), as JSON. */
export async function planResult(
  input: RunInput,
  constraints: PlanConstraints,
  onProgress?: (done: number, total: number) => Promise<void>,
): Promise<string> {
  const scenario = scenarioSchema.parse(input.scenario);
  const plan = await planPartnerships(scenario, constraints, onProgress ? { onProgress } : {});
  return JSON.stringify({ scenarioVersion: input.scenarioVersion, ...plan });
}

export interface ExecuteOptions {
  readonly now?: () => Date;
  readonly chunks?: ChunkRunner;
  readonly chunkSize?: number;
  /** Least time between two progress writes, ms. */
  readonly progressEveryMs?: number;
}

/** The deterministic result of a run's input: appraisal, allocation, stability, sensitivity (`loadLpSolver()` first). */
export function deterministicResult(input: RunInput): { scenario: Scenario; result: SimulationResult } {
  const parsed = scenarioSchema.parse(input.scenario);
  // the run's own iteration count decides whether default ranges are uncertain (and in the tornado)
  const scenario = { ...parsed, uncertainty: { ...parsed.uncertainty, iterations: input.request.iterations } };
  return {
    scenario,
    result: simulate(scenario, {
      allocation: input.request.allocation,
      seed: input.request.seed,
      scenarioVersion: input.scenarioVersion,
    }),
  };
}

export async function executeRun(store: Store, owner: string, runId: string, opts: ExecuteOptions = {}): Promise<void> {
  const now = opts.now ?? (() => new Date());
  const started = await store.transitionRun(
    owner,
    runId,
    ['queued'],
    { status: 'running', startedAt: now().toISOString() },
    now(),
  );
  if (!started) return; // already taken by another executor, or finished
  try {
    await loadLpSolver(); // core allocations (once per process or worker thread)
    const input = JSON.parse(await store.getRunInput(owner, runId)) as RunInput;
    if (input.request.plan) {
      const text = await planResult(input, input.request.plan, async (done, total) => {
        await store.transitionRun(owner, runId, ['running'], { progress: { done, total } }, now());
      });
      await store.putRunResult(owner, runId, text, now());
      return;
    }
    const { scenario, result: central } = deterministicResult(input);
    let result = central;
    const iterations = input.request.iterations;
    if (iterations > 0) {
      const runner = opts.chunks ?? new InProcessChunkRunner();
      const every = opts.progressEveryMs ?? 250;
      let last = 0;
      const partials = await runner.run(
        {
          scenario,
          seed: input.request.seed,
          rule: allocationRule(central).rule,
          chunks: chunkRanges(iterations, opts.chunkSize ?? DEFAULT_CHUNK_SIZE),
        },
        async (done) => {
          if (done < iterations && Date.now() - last < every) return;
          last = Date.now();
          await store.transitionRun(owner, runId, ['running'], { progress: { done, total: iterations } }, now());
        },
      );
      result = attachUncertainty(central, scenario, input.request.seed, partials);
    }
    await store.putRunResult(owner, runId, JSON.stringify(result), now());
  } catch (err) {
    await failRun(store, owner, runId, err instanceof Error ? `${err.name}: ${err.message}` : 'the run failed', now);
  }
}

/** Mark a run failed with a reason, unless it already finished. */
export async function failRun(
  store: Store,
  owner: string,
  runId: string,
  reason: string,
  now: () => Date = () => new Date(),
): Promise<boolean> {
  return store.transitionRun(
    owner,
    runId,
    ['queued', 'running'],
    {
      status: 'failed',
      finishedAt: now().toISOString(),
      error: { type: 'urn:sharesim:problem:run-failed', title: 'Run failed', detail: reason.slice(0, 1000) },
    },
    now(),
  );
}
