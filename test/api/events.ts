import type { ApiEvent } from '../../lambda/api/http';

/** A typed API Gateway v2 event fixture. */
export function apiEvent(
  method: string,
  path: string,
  opts: { body?: string; headers?: Record<string, string> } = {},
): ApiEvent {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...opts.headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'example.com',
      domainPrefix: 'example',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId: 'req-1',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: '22/Nov/2026:12:00:00 +0000',
      timeEpoch: 0,
    },
    ...(opts.body !== undefined ? { body: opts.body } : {}),
    isBase64Encoded: false,
  };
}
