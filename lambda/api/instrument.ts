/**
 * One instrumentation style for every handler: Powertools logger with the request id, and
 * the one error mapper. Each handler module exports the raw function (`run`, called by tests
 * and the local server) and `handler = instrument(run)` for Lambda; the local server wraps
 * `run` with this same function so both paths answer identically.
 */
import type { Context } from 'aws-lambda';
import { UnprocessableScenarioError } from '../engine/simulate';
import { logger, recordRequestMetrics } from '../observability';
import { ConflictError, NotFoundError, StoreUnavailableError, VersionMismatchError } from '../store/errors';
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
  if (err instanceof UnprocessableScenarioError) return problems.unprocessable(err.message, err.path);
  if (err instanceof NotFoundError) return problems.notFound(err.what);
  if (err instanceof VersionMismatchError) return problems.preconditionFailed(etagOf(err.current));
  if (err instanceof ConflictError) return problems.conflict(err.message);
  if (err instanceof StoreUnavailableError) return problems.unavailable(err.retryAfterSeconds);
  return undefined;
}

export function instrument(run: RawHandler): (event: ApiEvent, context?: Partial<Context>) => Promise<ApiResult> {
  return async (event, context) => {
    const requestId = event.requestContext?.requestId ?? context?.awsRequestId ?? 'unknown';
    const started = Date.now();
    logger.appendKeys({ requestId, route: event.routeKey });
    let res: ApiResult;
    try {
      res = await run(event);
      res.headers['x-request-id'] = requestId;
    } catch (err) {
      const p = toProblem(err);
      if (p) {
        logger.info('request refused', { status: p.status, type: p.type });
        res = problemResult(p, requestId);
      } else {
        // name and message only: stack traces stay out of logs as well as responses
        logger.error('unhandled error', {
          error: err instanceof Error ? { name: err.name, message: err.message } : String(err),
        });
        res = problemResult(internalProblem(), requestId);
      }
    } finally {
      logger.removeKeys(['requestId', 'route']);
    }
    recordRequestMetrics(event.routeKey ?? 'unknown', res.statusCode, Date.now() - started);
    return res;
  };
}
