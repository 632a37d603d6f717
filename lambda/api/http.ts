/**
 * HTTP plumbing shared by every handler: the API Gateway v2 event and result types,
 * JSON responses with safe default headers, and request-body parsing against a schema.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import { LIMITS } from '../engine/schema';
import { REPORT_CSP } from '../report/html';
import { problems } from './problem';
import { fieldErrors } from './validation';

export type ApiEvent = APIGatewayProxyEventV2;
export type ApiResult = APIGatewayProxyStructuredResultV2 & {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
};
export type RawHandler = (event: ApiEvent) => Promise<ApiResult>;

export const BASE_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

/** Headers of a page a browser renders: no script, nothing fetched, not framed, no referrer. */
export const HTML_HEADERS: Readonly<Record<string, string>> = {
  ...BASE_HEADERS,
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': REPORT_CSP,
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): ApiResult {
  return jsonText(statusCode, JSON.stringify(body), headers);
}

/** A JSON response whose body is already serialized (large results, or none for a 204). */
export function jsonText(statusCode: number, body: string, headers: Record<string, string> = {}): ApiResult {
  return {
    statusCode,
    headers: { ...BASE_HEADERS, 'content-type': 'application/json; charset=utf-8', ...headers },
    body,
  };
}

export function header(event: ApiEvent, name: string): string | undefined {
  const h = event.headers ?? {};
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(h)) if (k.toLowerCase() === want) return v;
  return undefined;
}

function bodyText(event: ApiEvent): string {
  const raw = event.body ?? '';
  return event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
}

/** The body as text, 413 over the limit. */
export function boundedBodyText(event: ApiEvent): string {
  const text = bodyText(event);
  if (Buffer.byteLength(text, 'utf8') > LIMITS.maxBodyBytes) throw problems.tooLarge(LIMITS.maxBodyBytes);
  return text;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const CSV_TYPE = /^text\/csv\s*(?:;|$)/i;

/** Whether the request declares a CSV body (text/csv). */
export function isCsv(event: ApiEvent): boolean {
  return CSV_TYPE.test((header(event, 'content-type') ?? '').trim());
}

/** The JSON body as a value: 413 over the limit, 415 unless JSON (or `accepted` names what else is), 400 if malformed. */
export function readJson(event: ApiEvent, accepted?: string): unknown {
  const text = boundedBodyText(event);
  const type = header(event, 'content-type');
  if (!type || !JSON_TYPE.test(type.trim())) throw problems.unsupportedMediaType(type, accepted);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw problems.malformedJson(e instanceof SyntaxError ? e.message : 'the body is not valid JSON');
  }
}

/** Validate a value against a schema: 400 with a JSON Pointer per problem (under `prefix`). */
export function validated<S extends z.ZodType>(
  schema: S,
  value: unknown,
  title?: string,
  prefix: readonly PropertyKey[] = [],
): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw problems.validation(fieldErrors(r.error, prefix), title);
  return r.data as z.output<S>;
}

/** Parse and validate a JSON body: 415 unless JSON, 413 over the limit, 400 with paths otherwise. */
export function parseBody<S extends z.ZodType>(
  event: ApiEvent,
  schema: S,
  opts: { optional?: boolean; title?: string } = {},
): z.output<S> {
  if (opts.optional && boundedBodyText(event).trim() === '') return schema.parse({}) as z.output<S>;
  return validated(schema, readJson(event), opts.title);
}

/** One Lambda serving several routes (one function per concern): dispatch on the route key. */
export function byRoute(routes: Readonly<Record<string, RawHandler>>): RawHandler {
  return async (event) => {
    const route = routes[event.routeKey];
    if (!route) throw problems.notFound('route');
    return route(event);
  };
}
