/**
 * Starting a run: store its record and frozen input, then hand it to the executor. Used by
 * every route that starts work (a scenario's runs, a stored scenario's plan), so a run is
 * recorded the same way whoever asks for it.
 */
import { randomBytes } from 'node:crypto';
import { newId } from '../store/keys';
import type { RunRecord, Store } from '../store/store';
import type { RunExecutor } from './executor';
import type { RunInput, RunRequestInput } from './runJob';

export interface LaunchDeps {
  readonly store: Store;
  readonly executor: RunExecutor;
  readonly now: () => Date;
}

export interface LaunchSpec {
  readonly owner: string;
  readonly scenarioId: string;
  readonly version: number;
  /** The scenario body as stored: the run freezes it. */
  readonly body: unknown;
  readonly authorities: number;
  /** `request.plan` present makes it a planning run (its result is a plan). */
  readonly request: RunRequestInput;
}

/** Store a queued run, submit it, and return its record as it stands after submission. */
export async function launchRun(deps: LaunchDeps, spec: LaunchSpec): Promise<RunRecord> {
  const { store, executor, now } = deps;
  const { owner, request } = spec;
  const at = now();
  const runId = newId(at.getTime(), () => randomBytes(5).toString('hex'));
  const input: RunInput = { scenarioVersion: spec.version, scenario: spec.body, request };
  await store.createRun(
    owner,
    {
      runId,
      scenarioId: spec.scenarioId,
      scenarioVersion: spec.version,
      status: 'queued',
      progress: { done: 0, total: request.plan ? 1000 : Math.max(1, request.iterations) },
      request,
      executor: executor.name,
      createdAt: at.toISOString(),
    },
    JSON.stringify(input),
  );
  await executor.submit({ owner, runId, authorities: spec.authorities, iterations: request.iterations });
  return (await store.getRun(owner, runId))!;
}
