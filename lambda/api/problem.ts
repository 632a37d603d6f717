/**
 * Errors as RFC 9457 problem+json. Handlers throw typed errors; `toProblem` is the one place
 * they become responses. Anything untyped is a bug: a generic 500 with the request id, never
 * the error's message or stack.
 */
export interface FieldError {
  /** JSON Pointer into the request body (or `/query/...`, `/headers/...`). */
  readonly path: string;
  readonly message: string;
}

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: readonly FieldError[],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail ?? title);
    this.name = 'HttpProblem';
  }
}

const urn = (s: string) => `urn:sharesim:problem:${s}`;

export const problems = {
  validation: (errors: readonly FieldError[], title = 'Invalid request') =>
    new HttpProblem(400, urn('validation'), title, `${errors.length} problem${errors.length === 1 ? '' : 's'}`, errors),
  malformedJson: (detail: string) =>
    new HttpProblem(400, urn('malformed-json'), 'Malformed JSON', detail, [{ path: '', message: detail }]),
  notFound: (what = 'resource') => new HttpProblem(404, urn('not-found'), 'Not found', `no such ${what}`),
  methodNotAllowed: (allowed: readonly string[]) =>
    new HttpProblem(405, urn('method-not-allowed'), 'Method not allowed', `allowed: ${allowed.join(', ')}`, undefined, {
      allow: allowed.join(', '),
    }),
  tooLarge: (limit: number) =>
    new HttpProblem(
      413,
      urn('payload-too-large'),
      'Payload too large',
      `the body must be at most ${limit} bytes: send a larger scenario by upload (POST /v1/uploads)`,
    ),
  /** The request as Lambda receives it (the API Gateway event: the body escaped or base64) is over its limit. */
  eventTooLarge: (measured: number, limit: number) =>
    new HttpProblem(
      413,
      urn('payload-too-large'),
      'Payload too large',
      `the request as Lambda receives it (the API Gateway event, its body JSON-escaped) is ${measured} bytes, over ` +
        `Lambda's limit of ${limit}: send a large scenario by upload (POST /v1/uploads, PUT the document to the ` +
        `URL it gives, then POST /v1/scenarios with {"uploadId": …})`,
      [{ path: '', message: `the request event is ${measured} bytes; at most ${limit}` }],
    ),
  unsupportedMediaType: (got: string | undefined, accepted = 'application/json') =>
    new HttpProblem(
      415,
      urn('unsupported-media-type'),
      'Unsupported media type',
      `expected ${accepted}, got ${got ?? 'no Content-Type'}`,
    ),
  unsupportedEncoding: (encoding: string) =>
    new HttpProblem(
      415,
      urn('unsupported-media-type'),
      'Unsupported media type',
      `Content-Encoding ${encoding} is not accepted: send the JSON uncompressed`,
      [{ path: '/headers/content-encoding', message: 'must be absent or identity' }],
    ),
  unprocessable: (detail: string, path: string, errors: readonly FieldError[] = [{ path, message: detail }]) =>
    new HttpProblem(422, urn('unprocessable'), 'Cannot simulate', detail, errors),
  unauthorized: () => new HttpProblem(401, urn('unauthorized'), 'Unauthorized', 'no caller identity'),
  forbidden: (detail: string) => new HttpProblem(403, urn('forbidden'), 'Forbidden', detail),
  conflict: (detail: string) => new HttpProblem(409, urn('conflict'), 'Conflict', detail),
  preconditionFailed: (current: string) =>
    new HttpProblem(
      412,
      urn('precondition-failed'),
      'Precondition failed',
      `the scenario has changed: its current ETag is ${current}; fetch it, reapply your change, and send If-Match ` +
        `with the new ETag`,
      undefined,
      { etag: current },
    ),
  preconditionRequired: () =>
    new HttpProblem(
      428,
      urn('precondition-required'),
      'Precondition required',
      'send If-Match with the ETag from your last GET, so a concurrent change is not overwritten',
      [{ path: '/headers/if-match', message: 'is required' }],
    ),
  /** The request asks for more work than an answer within it may do: it belongs in a run. */
  tooMuchWork: (detail: string, path: string) =>
    new HttpProblem(422, urn('too-much-work'), 'Too much work for one request', detail, [{ path, message: detail }]),
  busy: (retryAfterSeconds: number, detail = 'every worker is busy computing; retry shortly') =>
    new HttpProblem(503, urn('busy'), 'Service unavailable', detail, undefined, {
      'retry-after': String(retryAfterSeconds),
    }),
  /** Step Functions refused the run's execution: the run is failed (its cause on GET /v1/runs/{id}); retry. */
  runNotStarted: (detail: string, runId: string, retryAfterSeconds: number, location = `/v1/runs/${runId}`) =>
    new HttpProblem(503, urn('run-not-started'), 'Run not started', detail, undefined, {
      'retry-after': String(retryAfterSeconds),
      location,
    }),
  tooManyRuns: (detail: string, retryAfterSeconds: number) =>
    new HttpProblem(429, urn('too-many-runs'), 'Too many runs', detail, undefined, {
      'retry-after': String(retryAfterSeconds),
    }),
  unavailable: (retryAfterSeconds: number, detail = 'the data store is busy; retry shortly') =>
    new HttpProblem(
      503,
      urn('unavailable'),
      'Service unavailable',
      detail === 'the data store is busy' ? 'the data store is busy; retry shortly' : detail,
      undefined,
      { 'retry-after': String(retryAfterSeconds) },
    ),
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: readonly FieldError[];
  requestId?: string;
}

export function problemBody(p: HttpProblem, requestId?: string): ProblemBody {
  return {
    type: p.type,
    title: p.title,
    status: p.status,
    ...(p.detail !== undefined ? { detail: p.detail } : {}),
    ...(p.errors ? { errors: p.errors } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

export function internalProblem(): HttpProblem {
  return new HttpProblem(
    500,
    urn('internal'),
    'Internal error',
    'an unexpected error occurred; quote the request id when reporting it',
  );
}
