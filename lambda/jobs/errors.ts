/** The jobs' typed errors, apart from the executors (so the API's error mapper does not load the Step Functions client). */

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
