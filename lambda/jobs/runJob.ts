/**
 * Executes one run, whatever runs it (inline in the API, a local worker thread, the Step
 * Functions task): queued → running → succeeded with the result stored, or failed with a reason.
 */
import { simulate } from '../engine/simulate';
import { scenarioSchema } from '../engine/schema';
import type { RunRequest, Store } from '../store/store';

/** What a run stores as its input: the scenario version it runs, frozen. */
export interface RunInput {
  readonly scenarioVersion: number;
  readonly scenario: unknown;
  readonly request: RunRequest;
}

export async function executeRun(store: Store, owner: string, runId: string, now: () => Date = () => new Date()): Promise<void> {
  const started = await store.transitionRun(owner, runId, ['queued'], { status: 'running', startedAt: now().toISOString() }, now());
  if (!started) return; // already taken by another executor, or finished
  try {
    const input = JSON.parse(await store.getRunInput(owner, runId)) as RunInput;
    const scenario = scenarioSchema.parse(input.scenario);
    const result = simulate(scenario, { allocation: input.request.allocation, seed: input.request.seed, scenarioVersion: input.scenarioVersion });
    await store.putRunResult(owner, runId, JSON.stringify(result), now());
  } catch (err) {
    await failRun(store, owner, runId, err instanceof Error ? `${err.name}: ${err.message}` : 'the run failed', now);
  }
}

/** Mark a run failed with a reason, unless it already finished. */
export async function failRun(store: Store, owner: string, runId: string, reason: string, now: () => Date = () => new Date()): Promise<boolean> {
  return store.transitionRun(owner, runId, ['queued', 'running'], {
    status: 'failed',
    finishedAt: now().toISOString(),
    error: { type: 'urn:sharesim:problem:run-failed', title: 'Run failed', detail: reason.slice(0, 1000) },
  }, now());
}
