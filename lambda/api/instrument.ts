/**
 * One instrumentation style for every handler: Powertools logger with the request id, and
 * the one error mapper. Each handler module exports the raw function (`run`, called by tests
 * and the local server) and `handler = instrument(run)` for Lambda; the local server wraps
 * `run` with this same function so both paths answer identically.
 */
import type { Context } from 'aws-lambda';
import { UnprocessableScenarioError } from '../engine/errors';
import { RunNotStartedError, TooManyRunsError } from '../jobs/errors';
import { DeadlineExceededError, PoolBusyError, TaskAbortedError } from '../jobs/offload';
import { PlanInputError } from '../planner/plan';
import { log, recordRequestMetrics, withLogContext } from '../observability';
import { ConflictError, NotFoundError, StoreUnavailableError, VersionMismatchError } from '../store/errors';
import { deliver, LAMBDA_RESPONSE_LIMIT } from './delivery';
import { etagOf } from './etag';
import { type ApiEvent, type ApiResult, BASE_HEADERS, type RawHandler } from './http';
import { HttpProblem, internalProblem, problemBody, problems } from './problem';

export function problemResult(p: HttpProblem, requestId: string): ApiResult {
  return {
    statusCode: p.status,
    headers: { ...BASE_HEADERS, 'content-type': 'application/problem+json; charset=utf-8', ...p.headers },
    body: JSON.stringify(problemBody(p, requestId)),
  };
}

/** Typed domain errors to problems; anything else is a bug and becomes a bare 500. */
export function toProblem(err: unknown): HttpProblem | undefined {
  if (err instanceof HttpProblem) return err;
  if (err instanceof UnprocessableScenarioError) return problems.unprocessable(err.message, err.path, err.inputs);
  if (err instanceof NotFoundError) return problems.notFound(err.what);
  if (err instanceof VersionMismatchError) return problems.preconditionFailed(etagOf(err.current));
  if (err instanceof ConflictError) return problems.conflict(err.message);
  if (err instanceof StoreUnavailableError) return problems.unavailable(err.retryAfterSeconds, err.message);
  if (err instanceof PlanInputError)
    return problems.validation([{ path: err.path, message: err.message }], 'Invalid plan request');
  if (err instanceof TooManyRunsError) return problems.tooManyRuns(err.message, err.retryAfterSeconds);
  if (err instanceof RunNotStartedError) return problems.runNotStarted(err.message, err.runId, err.retryAfterSeconds);
  if (err instanceof PoolBusyError) return problems.busy(err.retryAfterSeconds);
  if (err instanceof DeadlineExceededError) return problems.tooMuchWork(`${err.message}; start a run instead`, '');
  // the client went away, or the server is stopping: nobody reads this answer
  if (err instanceof TaskAbortedError) return problems.busy(1, err.message);
  return undefined;
}

/** Lambda's limit on a synchronous invocation's payload: the event, as API Gateway serialises it. */
export const LAMBDA_REQUEST_LIMIT = LAMBDA_RESPONSE_LIMIT;

/**
 * An event's size as Lambda counts it: its JSON. Deployed, API Gateway refuses a larger one
 * before any handler runs (a bare 413); the local server measures it here so that what it
 * accepts is what a deployment accepts, and says why with a problem.
 */
export function eventBytes(event: ApiEvent): number {
  const body = event.body ?? '';
  // cheap bound first: the event's fixed part is a few KB, and escaping at most sextuples the body
  if (body.length * 6 + 64 * 1024 < LAMBDA_REQUEST_LIMIT) return body.length;
  return Buffer.byteLength(JSON.stringify(event), 'utf8');
}

export function instrument(run: RawHandler): (event: ApiEvent, context?: Partial<Context>) => Promise<ApiResult> {
  return async (event, context) => {
    const requestId = event.requestContext?.requestId ?? context?.awsRequestId ?? 'unknown';
    const started = Date.now();
    // keys scoped to this request's async work: concurrent requests never share them
    const res = await withLogContext({ requestId, route: event.routeKey }, async () => {
      try {
        const size = eventBytes(event);
        if (size > LAMBDA_REQUEST_LIMIT) throw problems.eventTooLarge(size, LAMBDA_REQUEST_LIMIT);
        const r = await deliver(event, await run(event));
        r.headers['x-request-id'] = requestId;
        return r;
      } catch (err) {
        const p = toProblem(err);
        if (p) {
          log.info('request refused', { status: p.status, type: p.type });
          return problemResult(p, requestId);
        }
        // name and message only: stack traces stay out of logs as well as responses
        log.error('unhandled error', {
          error: err instanceof Error ? { name: err.name, message: err.message } : String(err),
        });
        return problemResult(internalProblem(), requestId);
      }
    });
    recordRequestMetrics(event.routeKey ?? 'unknown', res.statusCode, Date.now() - started);
    return res;
  };
}
