/**
 * What a request's work must respect, wherever it runs: a signal that aborts when the client
 * goes away, and the deadline of its answer. The local server sets it around each request (an
 * AsyncLocalStorage, so concurrent requests never see each other's); Lambda runs without one.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  readonly signal?: AbortSignal;
  /** Epoch ms by which the answer must be complete. */
  readonly deadline?: number;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function withRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function requestContext(): RequestContext {
  return storage.getStore() ?? {};
}
