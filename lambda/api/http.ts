/**
 * HTTP plumbing shared by every handler: the API Gateway v2 event and result types,
 * JSON responses with safe default headers, and request-body parsing against a schema.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { REPORT_CSP } from '../report/html';
import { problems } from './problem';

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

export {
  boundedBodyText,
  header,
  isCsv,
  jsonBodyText,
  parseBody,
  parseJson,
  parseJsonText,
  readJson,
  validated,
} from './body';

/** One Lambda serving several routes (one function per concern): dispatch on the route key. */
export function byRoute(routes: Readonly<Record<string, RawHandler>>): RawHandler {
  return async (event) => {
    const route = routes[event.routeKey];
    if (!route) throw problems.notFound('route');
    return route(event);
  };
}
