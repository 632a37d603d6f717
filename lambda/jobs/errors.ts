/**
 * The jobs' typed errors, apart from the executors (so the API's error mapper does not load the Step Functions client).
 */

/** The owner has as many unfinished runs as it may, or the queue is full (429, Retry-After). */
export class TooManyRunsError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'TooManyRunsError';
  }
}

/**
 * Step Functions refused to start a run's execution (throttled, a quota, access): the run is
 * marked failed with the cause (jobs/lifecycle.ts) and the API answers 503 with Retry-After.
 */
export class RunNotStartedError extends Error {
  constructor(
    readonly runId: string,
    readonly causeName: string,
    readonly retryAfterSeconds = 5,
  ) {
    super(`the run could not be started (${causeName}); it is marked failed: start it again shortly`);
    this.name = 'RunNotStartedError';
  }
}
