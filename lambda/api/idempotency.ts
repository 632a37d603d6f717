/**
 * Idempotency-Key on POSTs: the same key and body within 24 h return the first answer and
 * start nothing new; the same key with another body is a 409. Keys are per owner. A request
 * that fails with a 5xx releases its key so the client can retry.
 *
 * A key in progress is held by a lease that its request renews while it works: if the request
 * dies with its process (a crash, a SIGKILL, a Lambda timeout), nothing renews it, and a retry
 * of the same request takes the key over once the lease has lapsed (seconds), where it used to
 * answer 409 "in progress" for the key's 24 hours.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_LEASE_SECONDS, type Store } from '../store/store';
import { type ApiEvent, type ApiResult, header } from './http';
import { problems } from './problem';

export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
const KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;

/**
 * The lease of a key in progress (SHARESIM_IDEMPOTENCY_LEASE_SECONDS, default 10), renewed a third of the way through.
 */
export function leaseSeconds(): number {
  const env = Number(process.env.SHARESIM_IDEMPOTENCY_LEASE_SECONDS);
  return Number.isInteger(env) && env >= 2 ? env : DEFAULT_LEASE_SECONDS;
}

export async function idempotent(
  store: Store,
  owner: string,
  event: ApiEvent,
  now: Date,
  run: () => Promise<ApiResult>,
): Promise<ApiResult> {
  const key = header(event, 'idempotency-key');
  if (key === undefined) return run();
  if (!KEY_PATTERN.test(key))
    throw problems.validation(
      [{ path: '/headers/idempotency-key', message: 'must be 1 to 128 visible ASCII characters' }],
      'Invalid header',
    );
  // The query is part of the request: a CSV's scenario name and horizon travel there.
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const fingerprint = createHash('sha256')
    .update(`${event.routeKey}\n${event.rawPath}${query}\n${event.body ?? ''}`)
    .digest('hex');
  const lease = leaseSeconds();
  const begin = await store.beginIdempotent(owner, key, fingerprint, now, IDEMPOTENCY_TTL_SECONDS, lease);
  if (begin.state === 'mismatch') throw problems.conflict('this Idempotency-Key was used with a different request');
  if (begin.state === 'inProgress')
    throw problems.conflict(
      `a request with this Idempotency-Key is still in progress; retry shortly (if it died, its key is free within ` +
        `${lease} s)`,
    );
  if (begin.state === 'replay')
    return { ...begin.response, headers: { ...begin.response.headers, 'idempotent-replayed': 'true' } };
  const renew = setInterval(
    () => {
      store.renewIdempotent(owner, key, fingerprint, new Date(), lease).catch(() => undefined);
    },
    (lease * 1000) / 3,
  );
  renew.unref();
  let result: ApiResult;
  try {
    result = await run();
  } catch (err) {
    clearInterval(renew);
    await store.abandonIdempotent(owner, key).catch(() => undefined);
    throw err;
  }
  clearInterval(renew);
  if (result.statusCode >= 500) await store.abandonIdempotent(owner, key);
  else
    await store.completeIdempotent(owner, key, {
      statusCode: result.statusCode,
      headers: result.headers,
      body: result.body,
    });
  return result;
}
