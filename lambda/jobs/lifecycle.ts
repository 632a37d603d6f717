/**
 * A run's lifecycle in one place (issue 17): queued → running → succeeded | failed, and every way
 * a run can end without its own code saying so. Whoever ends a run ends it here, with its cause
 * kept on the record (GET /v1/runs/{id} shows it):
 * - the executor's own code failed (`stage: executor`, runJob.ts and the Step Functions Catch);
 * - Step Functions refused to start the execution (`stage: start`, executor.ts; the API then
 *   answers 503, not 500);
 * - Step Functions ended the execution: failed, timed out or stopped (`stage: execution`, an
 *   EventBridge rule on the state machine's status changes calls `executionEnded`).
 * Every transition is conditional on the run still being queued or running, so two of them
 * racing (the Catch and the EventBridge rule both see a failure) mark it once.
 */
import type { Store } from '../store/store';
import type { RunError } from './run';

export interface FailureCause {
  readonly stage?: RunError['stage'];
  /** The error's name as the failing component gave it. */
  readonly cause?: string;
}

/** Longest failure detail kept on a record (a record is one item, at most 64 KB: store.ts). */
export const MAX_DETAIL_CHARS = 1000;

/** Mark a run failed with a reason, unless it already finished: true if this call marked it. */
export async function failRun(
  store: Store,
  owner: string,
  runId: string,
  reason: string,
  now: () => Date = () => new Date(),
  cause: FailureCause = {},
): Promise<boolean> {
  return store.transitionRun(
    owner,
    runId,
    ['queued', 'running'],
    {
      status: 'failed',
      finishedAt: now().toISOString(),
      error: {
        type: 'urn:sharesim:problem:run-failed',
        title: 'Run failed',
        detail: reason.slice(0, MAX_DETAIL_CHARS),
        stage: cause.stage ?? 'executor',
        ...(cause.cause ? { cause: cause.cause.slice(0, 200) } : {}),
      },
    },
    now(),
  );
}

/** What a Lambda task's failure looks like to the state machine's Catch: `{ Error, Cause }`. */
export interface StatesError {
  readonly Error?: string;
  readonly Cause?: string;
}

/** A readable message from a Lambda error's Cause (JSON `{ errorType, errorMessage }`) or the text itself. */
export function causeMessage(cause: string | null | undefined): string | undefined {
  if (!cause) return undefined;
  try {
    const c = JSON.parse(cause) as { errorMessage?: unknown };
    if (typeof c.errorMessage === 'string') return c.errorMessage;
  } catch {
    // not JSON: the cause as it is
  }
  return cause;
}

/** The Catch of the state machine: a step failed after its retries. */
export function failedInStateMachine(store: Store, owner: string, runId: string, failure: StatesError = {}) {
  const message = causeMessage(failure.Cause);
  return failRun(
    store,
    owner,
    runId,
    `a step of the run failed after its retries: ${failure.Error ?? 'unknown error'}${message ? `: ${message}` : ''}`,
    undefined,
    { stage: 'executor', ...(failure.Error ? { cause: failure.Error } : {}) },
  );
}

/** Step Functions would not start the execution (throttled, quota, access): the run fails now. */
export function startRefused(store: Store, owner: string, runId: string, err: unknown) {
  const name = err instanceof Error ? err.name : 'Error';
  const message = err instanceof Error ? err.message : String(err);
  return failRun(store, owner, runId, `Step Functions refused to start the run: ${name}: ${message}`, undefined, {
    stage: 'start',
    cause: name,
  });
}

/** EventBridge's "Step Functions Execution Status Change" event, the fields we read. */
export interface ExecutionStatusChange {
  readonly 'detail-type'?: string;
  readonly detail: {
    readonly executionArn?: string;
    readonly name?: string;
    readonly status: string;
    readonly error?: string | null;
    readonly cause?: string | null;
    /** The execution's input as JSON text: `{ owner, runId }` (null when over EventBridge's size). */
    readonly input?: string | null;
  };
}

const ENDED: Readonly<Record<string, string>> = {
  FAILED: 'the run execution failed',
  TIMED_OUT: 'the run execution timed out (the state machine allows 4 hours)',
  ABORTED: 'the run execution was stopped',
};

/**
 * An execution ended without succeeding: mark its run failed with the cause. Returns what it did
 * (for the logs): `marked`, `finished` (the run had already ended: the Catch marked it, or it
 * succeeded), or `ignored` (not an ending we act on, or an input that names no run).
 */
export async function executionEnded(
  store: Store,
  event: ExecutionStatusChange,
  now: () => Date = () => new Date(),
): Promise<'marked' | 'finished' | 'ignored'> {
  const { status, error, cause, input } = event.detail;
  const what = ENDED[status];
  if (!what || !input) return 'ignored';
  let ids: { owner?: unknown; runId?: unknown };
  try {
    ids = JSON.parse(input) as typeof ids;
  } catch {
    return 'ignored';
  }
  if (typeof ids.owner !== 'string' || typeof ids.runId !== 'string') return 'ignored';
  const message = causeMessage(cause);
  const reason = `${what}${error ? `: ${error}` : ''}${message ? `: ${message}` : ''}`;
  const marked = await failRun(store, ids.owner, ids.runId, reason, now, {
    stage: 'execution',
    cause: error ?? `States.${status}`,
  });
  return marked ? 'marked' : 'finished';
}
