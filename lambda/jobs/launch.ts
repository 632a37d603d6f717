/**
 * Starting a run: admit it, store its record and frozen input, check that its scenario still
 * stands, then hand it to the executor. Used by every route that starts work (a scenario's
 * runs, a stored scenario's plan), so a run is recorded the same way whoever asks for it.
 *
 * A run never outlives its scenario (issue 19): the run is written first and the scenario read
 * after (consistently); a delete marks the scenario first and lists its runs after. Either this
 * read sees the mark (and the run is discarded here, 404), or the delete's listing sees the run.
 */
import { randomBytes } from 'node:crypto';
import { NotFoundError } from '../store/errors';
import { newId } from '../store/keys';
import type { Store } from '../store/store';
import type { RunRecord } from './run';
import type { RunExecutor } from './executor';
import type { RunRequestInput } from './runJob';
import type { PlanConstraints } from '../planner/schema';

export interface LaunchDeps {
  readonly store: Store;
  readonly executor: RunExecutor;
  readonly now: () => Date;
}

/** What the caller learnt of the scenario (api/tasks.ts runFacts) that the executor needs. */
export interface LaunchFacts {
  readonly authorities: number;
  readonly years: number;
  /** Estimated ms of the run (jobs/estimate.ts). */
  readonly workMs: number;
}

export interface LaunchSpec {
  readonly owner: string;
  readonly scenarioId: string;
  readonly version: number;
  /** The scenario body as stored (JSON): the run freezes it. */
  readonly bodyText: string;
  readonly facts: LaunchFacts;
  /** `request.plan` present makes it a planning run (its result is a plan). */
  readonly request: RunRequestInput;
}

/**
 * A planning run's constraints as its record shows them: the settings and how many groups. The
 * groups themselves are in the run's input (and in its result, the plan): a record is one
 * DynamoDB item, at most 400 KB, and a request may name 1,000 groups of 20 ids of 64 characters.
 */
export function planSummary(c: PlanConstraints): Record<string, unknown> {
  return {
    maxSize: c.maxSize,
    ...(c.maxDistanceKm !== undefined ? { maxDistanceKm: c.maxDistanceKm } : {}),
    ...(c.maxHubDistanceKm !== undefined ? { maxHubDistanceKm: c.maxHubDistanceKm } : {}),
    sameRegion: c.sameRegion,
    togetherGroups: c.together.length,
    apartGroups: c.apart.length,
  };
}

/** Store a queued run, submit it, and return its record as it stands after submission. */
export async function launchRun(deps: LaunchDeps, spec: LaunchSpec): Promise<RunRecord> {
  const release = deps.executor.admit?.(spec.owner);
  try {
    return await launchAdmitted(deps, spec, () => release?.());
  } finally {
    release?.(); // not submitted (a failure, a delete): the held place is given back
  }
}

async function launchAdmitted(deps: LaunchDeps, spec: LaunchSpec, submitted: () => void): Promise<RunRecord> {
  const { store, executor, now } = deps;
  const { owner, request } = spec;
  const at = now();
  const runId = newId(at.getTime(), () => randomBytes(5).toString('hex'));
  // the scenario's JSON as stored, spliced in: a 6 MB body is never parsed and serialised again here
  const input = `{"scenarioVersion":${spec.version},"scenario":${spec.bodyText},"request":${JSON.stringify(request)}}`;
  await store.createRun(
    owner,
    {
      runId,
      scenarioId: spec.scenarioId,
      scenarioVersion: spec.version,
      status: 'queued',
      progress: { done: 0, total: request.plan ? 1000 : Math.max(1, request.iterations) },
      request: { ...request, ...(request.plan ? { plan: planSummary(request.plan) } : {}) },
      executor: executor.name,
      createdAt: at.toISOString(),
    },
    input,
  );
  if (!(await store.getScenarioHead(owner, spec.scenarioId))) {
    // deleted while we wrote: the delete may not have seen this run, so it goes now
    await store.discardRun(owner, runId, spec.scenarioId);
    throw new NotFoundError('scenario');
  }
  await executor.submit({
    owner,
    runId,
    scenarioId: spec.scenarioId,
    authorities: spec.facts.authorities,
    years: spec.facts.years,
    iterations: request.iterations,
    plan: request.plan !== undefined,
    workMs: spec.facts.workMs,
  });
  submitted(); // from here the run counts as queued, not as a held place
  const run = await store.getRun(owner, runId);
  if (!run) throw new NotFoundError('scenario'); // deleted, with its runs, since it was submitted
  return run;
}
