import { StoreUnavailableError } from './errors';

/** Refused before anything was written: always safe to send again. */
const NOT_APPLIED = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TransactionInProgressException',
]);
/** Server-side failures whose write may or may not have been applied. */
const SERVER = new Set(['InternalServerError', 'ServiceUnavailable']);
/** Connection-level failures: the request may not have reached the table, or its answer was lost. */
const NETWORK = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'UND_ERR_SOCKET']);
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'EAI_AGAIN']);

function codeOf(err: Error): string | undefined {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** The request certainly changed nothing: retrying cannot apply a write twice. */
export function definitelyNotApplied(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = codeOf(err);
  // the SDK may wrap a refused connection ("AWS SDK error wrapper for Error: connect
  // ECONNREFUSED"), seen while the embedded store reopens its database (storeHealth.ts)
  return (
    NOT_APPLIED.has(err.name) ||
    (code !== undefined && NEVER_CONNECTED.has(code)) ||
    /\bconnect ECONNREFUSED\b/.test(err.message)
  );
}

/** A transient failure whose outcome is unknown: a read may be retried, a conditional write may not. */
export function transientButAmbiguous(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const code = codeOf(err);
  // A keep-alive socket the server closed as it was reused surfaces as TimeoutError "read
  // ECONNRESET" (seen under load against the embedded store, where it was a 500).
  const network =
    err.name === 'TimeoutError' ||
    (code !== undefined && NETWORK.has(code)) ||
    /\b(ECONNRESET|EPIPE|socket hang up)\b/.test(err.message);
  return (
    SERVER.has(err.name) ||
    network ||
    (status !== undefined && status >= 500) ||
    (err as { $retryable?: unknown }).$retryable !== undefined
  );
}

export function isRetryable(err: unknown): boolean {
  return definitelyNotApplied(err) || transientButAmbiguous(err);
}

export interface RetryPolicy {
  readonly attempts: number;
  readonly baseMs: number;
  readonly sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 5,
  baseMs: 25,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

/**
 * Retry throttling and transient errors with full-jitter exponential backoff; then 503.
 * `idempotent: false` (a conditional write) retries only what certainly changed nothing: a
 * second attempt of a write that was applied but whose answer was lost would fail its own
 * condition and be reported as a conflict. Such a failure is a 503 at once; the caller's retry
 * (with its Idempotency-Key or If-Match) then finds out what happened.
 */
export async function withRetry<T>(
  op: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY,
  idempotent = true,
): Promise<T> {
  let last: unknown;
  for (let attempt = 0; attempt < policy.attempts; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (!definitelyNotApplied(err)) {
        if (!transientButAmbiguous(err)) throw err;
        if (!idempotent) throw new StoreUnavailableError(1, err);
      }
      last = err;
      if (attempt + 1 < policy.attempts) await policy.sleep(Math.random() * policy.baseMs * 2 ** attempt);
    }
  }
  throw new StoreUnavailableError(1, last);
}
