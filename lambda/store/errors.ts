/** Typed store errors; the API's error mapper turns them into problems. */
export class VersionMismatchError extends Error {
  constructor(readonly current: number) {
    super(`the stored version is ${current}`);
    this.name = 'VersionMismatchError';
  }
}

export class NotFoundError extends Error {
  constructor(readonly what: string) {
    super(`no such ${what}`);
    this.name = 'NotFoundError';
  }
}

/** DynamoDB kept throttling or failing after our retries: the caller should retry later (503). */
export class StoreUnavailableError extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    cause?: unknown,
    message = 'the data store is busy',
  ) {
    super(message, { cause });
    this.name = 'StoreUnavailableError';
  }
}

export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}
