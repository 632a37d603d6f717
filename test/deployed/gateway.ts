/**
 * The HTTP API, locally: requests routed by the template's own routes (AWS::ApiGatewayV2::Route
 * keys, their authorization, and the function each integration targets), each turned into the
 * API Gateway v2 event (payload format 2.0) the HTTP API sends, with the IAM authorizer's
 * context for a SigV4 caller, and the function's answer turned back into an HTTP response as
 * API Gateway does (a base64 body decoded; a function error or an answer over Lambda's payload
 * limit is a 500, the way a deployment fails). Every request event and every answer is measured
 * as Lambda measures it (its JSON), and kept for the tests to check.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ACCOUNT, type Resolver, REGION, type Stack, resourcesOf } from './assembly';
import type { Invocation, LocalFunction } from './lambdas';

export const LAMBDA_PAYLOAD_LIMIT = 6_291_456;
const API_ID = 'localapi01';
export const API_HOST = `${API_ID}.execute-api.${REGION}.amazonaws.com`;

export interface Route {
  readonly key: string;
  readonly method: string;
  readonly segments: string[];
  readonly iam: boolean;
  readonly functionArn: string;
  /** A Lambda permission lets API Gateway invoke the function for this route (else API Gateway answers 500). */
  readonly permitted: boolean;
}

/** A SigV4 caller as the IAM authorizer describes it. */
export interface Principal {
  readonly userArn: string;
  readonly userId: string;
  readonly accessKey: string;
}

/** An IAM Identity Center user's session, as `aws sso login` gives it (a permission set's role). */
export function ssoUser(email: string, permissionSet = 'SharesimPlanner'): Principal {
  const roleId = 'AROALOCALSSOROLE0001';
  return {
    userArn: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_${permissionSet}_0123456789abcdef/${email}`,
    userId: `${roleId}:${email}`,
    accessKey: 'ASIALOCALCALLER00001',
  };
}

export interface Exchange {
  readonly route: string;
  readonly status: number;
  /** The request event's size as Lambda counts it. */
  readonly eventBytes: number;
  /** The answer's size as Lambda counts it (the serialised result), when there was one. */
  readonly responseBytes: number;
  readonly ms: number;
}

export interface Response {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as the client receives it (base64 decoded; still gzipped if the answer was). */
  readonly body: Buffer;
  readonly responseBytes: number;
  readonly isBase64Encoded: boolean;
}

export interface RequestOptions {
  readonly body?: string | Buffer;
  readonly headers?: Readonly<Record<string, string>>;
  /** Who signs the request; none for a public route (or to see the authorizer refuse). */
  readonly principal?: Principal;
}

let requestSeq = 0;

export class Gateway {
  readonly routes: Route[];
  readonly exchanges: Exchange[] = [];
  /** Answers Lambda would not have returned (over its payload limit): a deployment's 5xx. */
  readonly oversized: Exchange[] = [];
  readonly functionErrors: Array<{ route: string; error: Invocation['error'] }> = [];

  constructor(
    api: Stack,
    resolver: Resolver,
    private readonly fn: (arn: string) => LocalFunction,
  ) {
    const integrations = new Map(resourcesOf(api, 'AWS::ApiGatewayV2::Integration'));
    const permissions = resourcesOf(api, 'AWS::Lambda::Permission').map(
      ([, r]) => resolver.resolve(api, r.Properties) as Record<string, string>,
    );
    this.routes = resourcesOf(api, 'AWS::ApiGatewayV2::Route').map(([id, r]) => {
      const p = r.Properties ?? {};
      const key = String(p.RouteKey);
      const target = String(resolver.resolve(api, p.Target)); // integrations/<ref>
      const integrationId = target.replace(/^integrations\//, '');
      const integration = integrations.get(integrationId);
      if (!integration) throw new Error(`route ${id} targets ${target}, not an integration of the template`);
      if (integration.Properties?.PayloadFormatVersion !== '2.0')
        throw new Error(`integration ${integrationId} is not payload format 2.0`);
      const [method, routePath] = key.split(' ') as [string, string];
      const functionArn = String(resolver.resolve(api, integration.Properties?.IntegrationUri));
      // the invocation's source is <api>/<stage>/<method><path>: a grant to any stage and method of the path
      const permitted = permissions.some(
        (g) =>
          g.Action === 'lambda:InvokeFunction' &&
          g.Principal === 'apigateway.amazonaws.com' &&
          g.FunctionName === functionArn &&
          (g.SourceArn?.endsWith(`/*/*${routePath}`) || g.SourceArn?.endsWith(`/*/${method}${routePath}`)),
      );
      return {
        key,
        method,
        segments: routePath.split('/'),
        iam: p.AuthorizationType === 'AWS_IAM',
        functionArn,
        permitted,
      };
    });
  }

  /** The route the HTTP API picks for a request: literal segments before parameters. */
  match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    const parts = path.split('/');
    let best: { route: Route; params: Record<string, string>; literals: number } | undefined;
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      let ok = true;
      route.segments.forEach((seg, i) => {
        const got = parts[i]!;
        if (seg.startsWith('{') && seg.endsWith('}')) {
          if (got === '') ok = false;
          else params[seg.slice(1, -1)] = decodeURIComponent(got);
        } else if (seg === got) literals++;
        else ok = false;
      });
      if (ok && (!best || literals > best.literals)) best = { route, params, literals };
    }
    return best;
  }

  async request(method: string, url: string, opts: RequestOptions = {}): Promise<Response> {
    const [rawPath, rawQuery = ''] = url.split('?') as [string, string | undefined];
    const hit = this.match(method, rawPath);
    if (!hit) return plain(404, '{"message":"Not Found"}');
    const { route, params } = hit;
    if (route.iam && !opts.principal) return plain(403, '{"message":"Forbidden"}');
    const body = opts.body;
    const binary = Buffer.isBuffer(body);
    const headers: Record<string, string> = {
      host: API_HOST,
      'user-agent': 'sharesim-deployed-test',
      'x-amzn-trace-id': `Root=1-${Date.now().toString(16)}-${(++requestSeq).toString(16).padStart(24, '0')}`,
      'x-forwarded-for': '198.51.100.7',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
    };
    for (const [k, v] of Object.entries(opts.headers ?? {})) headers[k.toLowerCase()] = v;
    const query: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(rawQuery)) query[k] = k in query ? `${query[k]},${v}` : v;
    const requestId = `req-${requestSeq}-${Date.now().toString(36)}`;
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey: route.key,
      rawPath,
      rawQueryString: rawQuery,
      headers,
      ...(rawQuery ? { queryStringParameters: query } : {}),
      ...(Object.keys(params).length > 0 ? { pathParameters: params } : {}),
      requestContext: {
        accountId: ACCOUNT,
        apiId: API_ID,
        domainName: API_HOST,
        domainPrefix: API_ID,
        http: {
          method,
          path: rawPath,
          protocol: 'HTTP/1.1',
          sourceIp: '198.51.100.7',
          userAgent: headers['user-agent']!,
        },
        requestId,
        routeKey: route.key,
        stage: '$default',
        time: new Date().toUTCString(),
        timeEpoch: Date.now(),
        ...(route.iam && opts.principal
          ? {
              authorizer: {
                iam: {
                  accessKey: opts.principal.accessKey,
                  accountId: ACCOUNT,
                  callerId: opts.principal.userId,
                  cognitoIdentity: null,
                  principalOrgId: null,
                  userArn: opts.principal.userArn,
                  userId: opts.principal.userId,
                },
              },
            }
          : {}),
      } as APIGatewayProxyEventV2['requestContext'],
      ...(body !== undefined ? { body: binary ? body.toString('base64') : body } : {}),
      isBase64Encoded: binary,
    };
    const eventBytes = Buffer.byteLength(JSON.stringify(event), 'utf8');
    if (eventBytes > LAMBDA_PAYLOAD_LIMIT) {
      // Lambda refuses the invocation (RequestEntityTooLarge): the HTTP API answers 413
      this.exchanges.push({ route: route.key, status: 413, eventBytes, responseBytes: 0, ms: 0 });
      return plain(413, '{"message":"Request Entity Too Large"}');
    }
    if (!route.permitted) {
      this.functionErrors.push({
        route: route.key,
        error: { errorType: 'AccessDenied', errorMessage: 'no permission' },
      });
      return plain(500, '{"message":"Internal Server Error"}');
    }
    const got = await this.fn(route.functionArn).invoke(event);
    if (got.error || got.payload === undefined) {
      this.functionErrors.push({ route: route.key, error: got.error });
      this.exchanges.push({ route: route.key, status: 500, eventBytes, responseBytes: 0, ms: got.ms });
      return plain(500, '{"message":"Internal Server Error"}');
    }
    const responseBytes = Buffer.byteLength(got.payload, 'utf8');
    const ex: Exchange = { route: route.key, status: 0, eventBytes, responseBytes, ms: got.ms };
    if (responseBytes > LAMBDA_PAYLOAD_LIMIT) {
      this.oversized.push(ex);
      this.exchanges.push({ ...ex, status: 500 });
      return plain(500, '{"message":"Internal Server Error"}', responseBytes);
    }
    const r = JSON.parse(got.payload) as {
      statusCode?: number;
      headers?: Record<string, string>;
      body?: string;
      isBase64Encoded?: boolean;
      cookies?: string[];
    };
    const status = r.statusCode ?? 200;
    this.exchanges.push({ ...ex, status });
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.headers ?? {})) out[k.toLowerCase()] = String(v);
    out['apigw-requestid'] = requestId;
    return {
      status,
      headers: out,
      body: Buffer.from(r.body ?? '', r.isBase64Encoded ? 'base64' : 'utf8'),
      responseBytes,
      isBase64Encoded: r.isBase64Encoded === true,
    };
  }

  /** The largest answer any function gave, bytes as Lambda counts them. */
  get largestResponse(): number {
    return Math.max(0, ...this.exchanges.map((e) => e.responseBytes));
  }
}

function plain(status: number, body: string, responseBytes = 0): Response {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(body),
    responseBytes,
    isBase64Encoded: false,
  };
}
