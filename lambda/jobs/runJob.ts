/**
 * Executes one run, whatever runs it (inline in the API, a local worker thread, the Step
 * Functions task): queued → running → succeeded with the result stored, or failed with a reason.
 */
import { setMaxListeners } from 'node:events';
import { simulate, type SimulationResult } from '../engine/simulate';
import { type Scenario, scenarioSchema } from '../engine/schema';
import { chunkRanges } from '../engine/uncertainty/monteCarlo';
import type { Store } from '../store/store';
import type { RunRequest } from './run';
import { DEFAULT_CHUNK_SIZE } from './chunks';
import { planPartnerships } from '../planner/plan';
import { assertFinite } from '../engine/finite';
import { inProcess, type Offload, TaskAbortedError } from './offload';
import { failRun } from './lifecycle';
import { runAggregateTask, runCentralTask, runChunkTask, runPlanTask, runScenario } from './tasks';
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
  assertFinite(plan, scenario, 'the plan');
  return JSON.stringify({ scenarioVersion: input.scenarioVersion, ...plan });
}

export interface ExecuteOptions {
  readonly now?: () => Date;
  /** Where the run's steps compute (default: in this thread; locally, the worker pool). */
  readonly offload?: Offload;
  /** Monte Carlo iterations per chunk (default: about a second of work, at most DEFAULT_CHUNK_SIZE). */
  readonly chunkSize?: number;
  /** Least time between two progress writes, ms. */
  readonly progressEveryMs?: number;
  /** Cancels the run's work (its scenario was deleted; the server is stopping). */
  readonly signal?: AbortSignal;
  /** Epoch ms by which the run must have finished; past it, it fails with that reason. */
  readonly deadline?: number;
}

/**
 * The deterministic result of a run's input: appraisal, allocation, stability, sensitivity (`loadLpSolver()` first).
 */
export function deterministicResult(input: RunInput): { scenario: Scenario; result: SimulationResult } {
  const scenario = runScenario(input);
  return {
    scenario,
    result: simulate(scenario, {
      allocation: input.request.allocation,
      seed: input.request.seed,
      scenarioVersion: input.scenarioVersion,
    }),
  };
}

/** Monte Carlo chunk size: about CHUNK_TARGET_MS of estimated work, so a chunk never holds a thread long. */
const CHUNK_TARGET_MS = 1000;

export function chunkSizeFor(iterationMs: number): number {
  return Math.max(1, Math.min(DEFAULT_CHUNK_SIZE, Math.floor(CHUNK_TARGET_MS / Math.max(1e-6, iterationMs))));
}

/**
 * Execute a run: queued → running → succeeded with its result stored, or failed with a reason.
 * The steps compute through `offload`; this function only reads and writes the store, so on the
 * local server it runs on the event loop without holding it. A progress write that finds the
 * run no longer running (deleted, or failed by someone else) cancels the rest of its work.
 */
export async function executeRun(store: Store, owner: string, runId: string, opts: ExecuteOptions = {}): Promise<void> {
  const now = opts.now ?? (() => new Date());
  const offload = opts.offload ?? inProcess;
  const started = await store.transitionRun(
    owner,
    runId,
    ['queued'],
    { status: 'running', startedAt: now().toISOString() },
    now(),
  );
  if (!started) return; // already taken by another executor, finished, or deleted
  const stop = new AbortController();
  // every queued step of the run listens to it (a million iterations are hundreds of chunks)
  setMaxListeners(0, stop.signal);
  const cancel = () => stop.abort();
  opts.signal?.addEventListener('abort', cancel, { once: true });
  if (opts.signal?.aborted) stop.abort();
  try {
    const record = await store.getRun(owner, runId);
    if (!record) return; // deleted since it started
    const input = await store.getRunInput(owner, runId);
    const key = `${owner}\u0000${runId}`;
    const step = { signal: stop.signal, ...(opts.deadline !== undefined ? { deadline: opts.deadline } : {}) };
    const progress = async (done: number, total: number) => {
      if (!(await store.transitionRun(owner, runId, ['running'], { progress: { done, total } }, now()))) stop.abort();
    };
    let text: string;
    if (record.request.plan) {
      let writes = Promise.resolve();
      text = await offload.run(
        runPlanTask,
        { key, input },
        {
          ...step,
          priority: 'long',
          onProgress: (done, total) => {
            writes = writes.then(() => progress(done, total)).catch(() => undefined);
          },
        },
      );
      await writes;
    } else {
      const central = await offload.run(runCentralTask, { key, input }, { ...step, priority: 'long' });
      const iterations = record.request.iterations;
      if (iterations > 0) {
        const every = opts.progressEveryMs ?? 250;
        const size = opts.chunkSize ?? chunkSizeFor(central.iterationMs);
        let done = 0;
        let last = 0;
        const partials = await Promise.all(
          chunkRanges(iterations, size).map(async (c) => {
            try {
              const p = await offload.run(
                runChunkTask,
                { key, input, seed: record.request.seed, rule: central.rule, from: c.from, to: c.to },
                { ...step, priority: 'run' },
              );
              done += c.to - c.from;
              if (done === iterations || Date.now() - last >= every) {
                last = Date.now();
                await progress(done, iterations);
              }
              return p;
            } catch (err) {
              stop.abort(); // one chunk failed: the others need not run
              throw err;
            }
          }),
        );
        text = await offload.run(
          runAggregateTask,
          { key, input, central: central.result, partials },
          { ...step, priority: 'long' },
        );
      } else text = central.result;
    }
    if (stop.signal.aborted) throw new TaskAbortedError('the run was cancelled');
    await store.putRunResult(owner, runId, text, now());
  } catch (err) {
    // a run deleted meanwhile has no record left to mark: failRun finds none and changes nothing
    await failRun(
      store,
      owner,
      runId,
      err instanceof Error ? `${err.name}: ${err.message}` : 'the run failed',
      now,
    ).catch(() => undefined);
  } finally {
    opts.signal?.removeEventListener('abort', cancel);
  }
}
