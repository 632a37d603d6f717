import { StoreUnavailableError } from './errors';

const RETRYABLE = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionInProgressException',
]);

export function isRetryable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return RETRYABLE.has(err.name) || (status !== undefined && status >= 500) || (err as { $retryable?: unknown }).$retryable !== undefined;
}

export interface RetryPolicy {
  readonly attempts: number;
  readonly baseMs: number;
  readonly sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 25, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

/** Retry throttling and transient errors with full-jitter exponential backoff; then 503. */
export async function withRetry<T>(op: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY): Promise<T> {
  let last: unknown;
  for (let attempt = 0; attempt < policy.attempts; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (!isRetryable(err)) throw err;
      last = err;
      if (attempt + 1 < policy.attempts) await policy.sleep(Math.random() * policy.baseMs * 2 ** attempt);
    }
  }
  throw new StoreUnavailableError(1, last);
}
