/**
 * Idempotency-Key on POSTs: the same key and body within 24 h return the first answer and
 * start nothing new; the same key with another body is a 409. Keys are per owner. A request
 * that fails with a 5xx releases its key so the client can retry.
 */
import { createHash } from 'node:crypto';
import type { Store } from '../store/store';
import { type ApiEvent, type ApiResult, header } from './http';
import { problems } from './problem';

export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
const KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;

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
  const begin = await store.beginIdempotent(owner, key, fingerprint, now, IDEMPOTENCY_TTL_SECONDS);
  if (begin.state === 'mismatch') throw problems.conflict('this Idempotency-Key was used with a different request');
  if (begin.state === 'inProgress')
    throw problems.conflict('a request with this Idempotency-Key is still in progress; retry shortly');
  if (begin.state === 'replay')
    return { ...begin.response, headers: { ...begin.response.headers, 'idempotent-replayed': 'true' } };
  let result: ApiResult;
  try {
    result = await run();
  } catch (err) {
    await store.abandonIdempotent(owner, key).catch(() => undefined);
    throw err;
  }
  if (result.statusCode >= 500) await store.abandonIdempotent(owner, key);
  else
    await store.completeIdempotent(owner, key, {
      statusCode: result.statusCode,
      headers: result.headers,
      body: result.body,
    });
  return result;
}
