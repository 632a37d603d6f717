/**
 * The route table: one source for the CDK stack (a route and a function per handler), the
 * local server's router and the OpenAPI document. Pure data (CDK loads it): `handler` names a
 * module in `handlers/`, `body` and `query` name schemas that api/contracts.ts maps to the zod
 * schemas the handlers validate with, and `pages` says how a long answer is paged.
 */
export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly handler: HandlerName;
  /** Without IAM auth when deployed: health, and a signed report link (its signature is the permission). */
  readonly public?: boolean;
  readonly summary: string;
  /** The request body it takes (api/contracts.ts BODY_SCHEMAS). */
  readonly body?: BodyName;
  /** The query it takes (api/contracts.ts QUERY_SCHEMAS); paging parameters included. */
  readonly query?: QueryName;
  /**
   * How a long answer is paged: `cursor` (limit + a signed cursor, `nextCursor`), `offset`
   * (offset + limit, Link rel="next"), `bytes` (byte ranges of one document, Link rel="next").
   */
  readonly pages?: 'cursor' | 'offset' | 'bytes';
}

export const BODY_NAMES = ['scenario', 'scenarioOrUpload', 'run', 'plan', 'reportLink', 'workspace', 'member'] as const;
export type BodyName = (typeof BODY_NAMES)[number];
/**
 * Queries; those of scenario, run, plan and report routes take `?workspace=` (api/workspaceQuery.ts):
 * `workspace` alone, `workspaceList` (a list in a workspace), `workspaceCsv` (a CSV body's fields).
 */
export const QUERY_NAMES = [
  'list',
  'workspace',
  'workspaceList',
  'scenarioCsv',
  'workspaceCsv',
  'scenarioFormat',
  'register',
  'report',
  'result',
] as const;
export type QueryName = (typeof QUERY_NAMES)[number];

export const HANDLER_NAMES = [
  'health',
  'presets',
  'openapi',
  'simulate',
  'scenarios',
  'runs',
  'reports',
  'plans',
  'register',
  'workspaces',
] as const;
export type HandlerName = (typeof HANDLER_NAMES)[number];

export const ROUTES: readonly RouteSpec[] = [
  { method: 'GET', path: '/v1/health', handler: 'health', public: true, summary: 'Liveness' },
  {
    method: 'GET',
    path: '/v1/presets',
    handler: 'presets',
    summary: 'Authority kinds and default assumptions with units and sources',
  },
  { method: 'GET', path: '/v1/openapi.json', handler: 'openapi', summary: 'This API as an OpenAPI 3.1 document' },
  {
    method: 'POST',
    path: '/v1/simulate',
    handler: 'simulate',
    summary: 'Simulate a scenario; nothing is stored',
    body: 'scenario',
    query: 'scenarioCsv',
  },
  {
    method: 'POST',
    path: '/v1/scenarios',
    handler: 'scenarios',
    summary: 'Store a scenario (or one uploaded)',
    body: 'scenarioOrUpload',
    query: 'workspaceCsv',
  },
  {
    method: 'GET',
    path: '/v1/scenarios',
    handler: 'scenarios',
    summary: "The workspace's scenarios, newest first",
    query: 'workspaceList',
    pages: 'cursor',
  },
  {
    method: 'GET',
    path: '/v1/scenarios/{id}',
    handler: 'scenarios',
    summary: 'One scenario, with its ETag',
    query: 'scenarioFormat',
  },
  {
    method: 'POST',
    path: '/v1/uploads',
    handler: 'scenarios',
    summary: 'A signed URL to PUT a scenario too large for a request to, and the id that names it',
  },
  {
    method: 'PUT',
    path: '/v1/scenarios/{id}',
    handler: 'scenarios',
    summary: 'Replace a scenario (If-Match required)',
    body: 'scenario',
    query: 'workspaceCsv',
  },
  {
    method: 'DELETE',
    path: '/v1/scenarios/{id}',
    handler: 'scenarios',
    summary: 'Delete a scenario and its runs',
    query: 'workspace',
  },
  {
    method: 'POST',
    path: '/v1/scenarios/{id}/runs',
    handler: 'runs',
    summary: 'Start a run of the stored version',
    body: 'run',
    query: 'workspace',
  },
  {
    method: 'GET',
    path: '/v1/scenarios/{id}/runs',
    handler: 'runs',
    summary: "The scenario's runs, newest first",
    query: 'workspaceList',
    pages: 'cursor',
  },
  {
    method: 'GET',
    path: '/v1/runs/{runId}',
    handler: 'runs',
    summary: 'A run: status, progress and, once done, the result',
    query: 'workspace',
  },
  {
    method: 'GET',
    path: '/v1/runs/{runId}/result',
    handler: 'runs',
    summary: "A run's result alone: whole, or in byte-bounded pages when larger than a response may carry",
    query: 'result',
    pages: 'bytes',
  },
  {
    method: 'POST',
    path: '/v1/partnerships/plan',
    handler: 'plans',
    summary: 'Which partnerships to form: inline authorities planned at once, a stored scenario as a run',
    body: 'plan',
    query: 'workspace',
  },
  {
    method: 'GET',
    path: '/v1/register',
    handler: 'register',
    summary: 'The register of UK public bodies, filtered by nation, region, kinds, tiers, codes or a radius; paged',
    query: 'register',
    pages: 'offset',
  },
  {
    method: 'GET',
    path: '/v1/register/{id}',
    handler: 'register',
    summary: 'One body of the register, with the provenance of each field',
  },
  {
    method: 'GET',
    path: '/v1/runs/{runId}/report',
    handler: 'reports',
    summary: 'The result as an HTML page with charts, or ?format=csv the per-authority, per-year table',
    query: 'report',
    pages: 'offset',
  },
  {
    method: 'POST',
    path: '/v1/runs/{runId}/report-links',
    handler: 'reports',
    body: 'reportLink',
    query: 'workspace',
    summary: 'A signed link to the report page that opens with no credentials until it expires (at most 7 days)',
  },
  {
    method: 'GET',
    path: '/v1/report-links/{token}',
    handler: 'reports',
    public: true,
    summary: 'The report page a signed link names (public: the link is the permission)',
  },
  {
    method: 'GET',
    path: '/v1/whoami',
    handler: 'workspaces',
    summary: "The caller's principal (what a colleague adds to a workspace) and personal workspace",
  },
  {
    method: 'POST',
    path: '/v1/workspaces',
    handler: 'workspaces',
    summary: "A workspace a partnership's planners share; the caller is its owner",
    body: 'workspace',
  },
  {
    method: 'GET',
    path: '/v1/workspaces',
    handler: 'workspaces',
    summary: "The caller's workspaces: the personal one, then those shared with them, newest first",
    query: 'list',
    pages: 'cursor',
  },
  {
    method: 'GET',
    path: '/v1/workspaces/{id}',
    handler: 'workspaces',
    summary: 'A workspace and its members (members only)',
  },
  {
    method: 'PUT',
    path: '/v1/workspaces/{id}/members/{principal}',
    handler: 'workspaces',
    summary: "Add a member or change a member's role (owners only)",
    body: 'member',
  },
  {
    method: 'DELETE',
    path: '/v1/workspaces/{id}/members/{principal}',
    handler: 'workspaces',
    summary: 'Remove a member (owners only; never the last owner)',
  },
];

export function routeKey(r: RouteSpec): string {
  return `${r.method} ${r.path}`;
}

export interface RouteMatch {
  readonly route: RouteSpec;
  readonly pathParameters: Record<string, string>;
}

function matchPath(template: string, path: string): Record<string, string> | undefined {
  const t = template.split('/');
  const p = path.split('/');
  if (t.length !== p.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    const seg = t[i]!;
    const got = p[i]!;
    if (seg.startsWith('{') && seg.endsWith('}')) {
      if (got === '') return undefined;
      try {
        params[seg.slice(1, -1)] = decodeURIComponent(got);
      } catch {
        return undefined;
      }
    } else if (seg !== got) return undefined;
  }
  return params;
}

/** Find the route for a request: a match, a 405 (path known, method not), or nothing (404). */
export function matchRoute(method: string, path: string): RouteMatch | { allowed: string[] } | undefined {
  const allowed: string[] = [];
  for (const route of ROUTES) {
    const params = matchPath(route.path, path);
    if (!params) continue;
    if (route.method === method) return { route, pathParameters: params };
    allowed.push(route.method);
  }
  if (allowed.includes('GET')) allowed.push('HEAD');
  return allowed.length > 0 ? { allowed } : undefined;
}
