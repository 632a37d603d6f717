/**
 * The deployed Monte Carlo fan-out, step by step (the state machine calls the worker with an
 * action): prepare a run's chunk descriptors, run one chunk (its partial to the store, its
 * iterations added to progress), aggregate the partials into the result.
 */
import { loadLpSolver } from '../engine/allocation/solver';
import { simulate } from '../engine/simulate';
import { chunkRanges, runChunk } from '../engine/uncertainty/monteCarlo';
import { allocationRule, attachUncertainty } from '../engine/uncertainty/attach';
import type { Store } from '../store/store';
import { decodePartial, DEFAULT_CHUNK_SIZE, encodePartial } from './chunks';
import { runScenario } from './tasks';
import { deterministicResult, planResult, type RunInput } from './runJob';

/** The run is not there to run: deleted, or already ended (failed by the API, succeeded). */
export class RunNotRunnableError extends Error {
  constructor(runId: string, status: string | undefined) {
    super(`run ${runId} is ${status ?? 'deleted'}, not queued or running`);
    this.name = 'RunNotRunnableError';
  }
}

export interface ChunkDescriptor {
  readonly owner: string;
  readonly runId: string;
  readonly from: number;
  readonly to: number;
}

async function input(store: Store, owner: string, runId: string): Promise<RunInput> {
  return JSON.parse(await store.getRunInput(owner, runId)) as RunInput;
}

/**
 * queued → running; the chunks to fan out (none when the run has no Monte Carlo). Idempotent: a
 * Prepare retried after its answer was lost finds the run already running (only this run's
 * execution, named after it, starts it) and answers the same chunks again.
 */
export async function prepareRun(
  store: Store,
  owner: string,
  runId: string,
  chunkSize = DEFAULT_CHUNK_SIZE,
  now = () => new Date(),
): Promise<{ owner: string; runId: string; chunks: ChunkDescriptor[] }> {
  const started = await store.transitionRun(
    owner,
    runId,
    ['queued'],
    { status: 'running', startedAt: now().toISOString() },
    now(),
  );
  if (!started) {
    const run = await store.getRun(owner, runId);
    if (run?.status !== 'running') throw new RunNotRunnableError(runId, run?.status);
  }
  const iterations = (await input(store, owner, runId)).request.iterations;
  return { owner, runId, chunks: chunkRanges(iterations, chunkSize).map((c) => ({ owner, runId, ...c })) };
}

export async function runChunkJob(
  store: Store,
  c: ChunkDescriptor,
  now = () => new Date(),
): Promise<{ from: number; to: number }> {
  const inp = await input(store, c.owner, c.runId);
  const scenario = runScenario(inp);
  await loadLpSolver();
  // the central allocation decides how each draw's saving is shared (no tornado, no core alternative needed)
  const result = simulate(scenario, {
    allocation: inp.request.allocation,
    seed: inp.request.seed,
    sensitivity: false,
    coreAllocation: false,
  });
  const partial = runChunk(scenario, inp.request.seed, c.from, c.to, allocationRule(result).rule);
  await store.putPartial(c.owner, c.runId, c.from, encodePartial(partial));
  await store.addProgress(c.owner, c.runId, c.to - c.from, now());
  return { from: c.from, to: c.to };
}

export async function aggregateRun(store: Store, owner: string, runId: string, now = () => new Date()): Promise<void> {
  // retried after its answer was lost: the result is stored already
  if ((await store.getRun(owner, runId))?.status === 'succeeded') return;
  const inp = await input(store, owner, runId);
  await loadLpSolver();
  if (inp.request.plan) {
    if (!(await store.putRunResult(owner, runId, await planResult(inp, inp.request.plan), now())))
      throw new Error(`run ${runId} was no longer running`);
    return;
  }
  const { scenario, result } = deterministicResult(inp);
  const partials = (await store.listPartials(owner, runId)).map(decodePartial);
  const final = inp.request.iterations > 0 ? attachUncertainty(result, scenario, inp.request.seed, partials) : result;
  if (!(await store.putRunResult(owner, runId, JSON.stringify(final), now())))
    throw new Error(`run ${runId} was no longer running`);
}
