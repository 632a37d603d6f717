/**
 * The OpenAPI 3.1 document, generated from the route table (routes.ts) and the zod schemas its
 * routes name (contracts.ts), the same schemas that validate requests (JSON Schema 2020-12 is
 * OpenAPI 3.1's schema dialect). Here only what a schema cannot say: answers and problems.
 *
 * Long because the answers and problems of every route are written here, in one table beside the generator;
 * split per route, the document's shape would be harder to review as a whole.
 */
import { z } from 'zod';
import { ENGINE_VERSION } from '../engine/simulate';
import { BODY_SCHEMAS, QUERY_SCHEMAS } from './contracts';
import { type BodyName, ROUTES, type RouteSpec } from './routes';
import { planConstraintsSchema } from '../planner/schema';
import { selectionSchema } from '../register';
import { AUTHORITY_CSV_COLUMNS } from '../csv/authorities';
import { uploadRefSchema } from './scenarioInput';

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: {
          path: { type: 'string', description: 'JSON Pointer into the request body' },
          message: { type: 'string' },
        },
      },
    },
  },
};

const resultSchema = {
  type: 'object',
  description: 'A simulation result; docs/api.md and docs/model.md describe every field.',
  required: [
    'currency',
    'priceBaseYear',
    'horizonYears',
    'years',
    'summary',
    'authorities',
    'allocation',
    'stability',
    'uncertainty',
    'sensitivity',
  ],
  properties: {
    scenarioVersion: { type: ['integer', 'null'] },
    currency: { type: 'string' },
    priceBaseYear: { type: 'integer' },
    horizonYears: { type: 'integer' },
    years: { type: 'array', items: { type: 'object' } },
    summary: { type: 'object' },
    authorities: { type: 'array', items: { type: 'object' } },
    allocation: { type: 'object' },
    stability: { type: 'object' },
    uncertainty: { type: ['object', 'null'] },
    sensitivity: { type: 'array' },
  },
};

/** A query schema's fields as OpenAPI query parameters (none required). */
function queryParameters(schema: z.ZodType): unknown[] {
  const js = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as {
    properties: Record<string, unknown>;
  };
  return Object.entries(js.properties).map(([name, s]) => ({ name, in: 'query', required: false, schema: s }));
}

const CSV_DESCRIPTION =
  `A CSV of authorities (RFC 4180, header row). Columns: ${AUTHORITY_CSV_COLUMNS.join(', ')}; ` +
  `id, kind and staff required, lat and lon together. The scenario's other fields come from the query (name, ` +
  `description, currency, startYear, horizonYears, allocation, iterations, seed). Problems name the row and column.`;

/** A scenario body: JSON (the scenario, or a register selection in place of authorities) or a CSV of authorities. */
const scenarioBody = (upload = false) => ({
  required: true,
  content: {
    'application/json': {
      schema: { oneOf: [ref('Scenario'), ref('RegisterScenario'), ...(upload ? [ref('UploadRef')] : [])] },
    },
    'text/csv': { schema: { type: 'string', description: CSV_DESCRIPTION } },
  },
});

const problemRef = { $ref: '#/components/schemas/Problem' };
const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemRef } },
});

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (schema: unknown, required = true) => ({ required, content: { 'application/json': { schema } } });
const ok = (description: string, schema: unknown = { type: 'object' }) => ({
  description,
  content: { 'application/json': { schema } },
});

/** The request body of each body name: its schema, and for a scenario the other forms it may take. */
const BODIES: Record<BodyName, () => unknown> = {
  scenario: () => scenarioBody(),
  scenarioOrUpload: () => scenarioBody(true),
  reportLink: () => jsonBody(ref('ReportLinkRequest'), false),
  workspace: () => jsonBody(ref('WorkspaceRequest')),
  member: () => jsonBody(ref('MemberRequest')),
  run: () => jsonBody(ref('RunRequest'), false),
  plan: () => jsonBody({ oneOf: [ref('PlanRequest'), ref('RegisterPlanRequest')] }),
};

/** Success answers and the problems each route can give, by route. */
const SPECIFIC: Record<string, { responses: Record<string, unknown> }> = {
  'POST /v1/simulate': {
    responses: {
      '200': ok('The result', ref('Result')),
      '400': problemResponse(
        'Invalid scenario, selection or CSV: each error has a JSON Pointer path (a CSV row and column in its message)',
      ),
      '413': problemResponse('Body over 6 MB'),
      '415': problemResponse('Not application/json or text/csv, or compressed (Content-Encoding)'),
      '422': problemResponse(
        'Valid but cannot be simulated (a non-finite result names the inputs that cause it), or more work or a ' +
          'larger result than a request may have: start a run',
      ),
    },
  },
  'POST /v1/runs/{runId}/report-links': {
    responses: {
      '201': ok('{ url, path, expiresAt, runId }: open url in a browser, no credentials needed, until expiresAt'),
      '400': problemResponse('expiresInSeconds outside 60 to 604,800'),
      '404': problemResponse('Unknown or foreign run'),
      '409': problemResponse('The run has not succeeded, or is a planning run (no report)'),
    },
  },
  'GET /v1/report-links/{token}': {
    responses: {
      '200': {
        description: 'The report page (self-contained HTML)',
        content: { 'text/html': { schema: { type: 'string' } } },
      },
      '404': problemResponse('Not a link this API signed, or its run is deleted'),
      '410': problemResponse('The link has expired'),
    },
  },
  'POST /v1/uploads': {
    responses: {
      '201': ok(
        '{ uploadId, uploadUrl, method: "PUT", headers, maxBytes, expiresAt }: PUT the scenario to uploadUrl (no ' +
          'credentials; it expires), then POST /v1/scenarios {"uploadId": …}',
      ),
    },
  },
  'POST /v1/scenarios': {
    responses: {
      '201': ok('Stored (a CSV or a selection as the scenario it becomes); Location and ETag headers'),
      '400': problemResponse('Invalid scenario, selection or CSV'),
      '409': problemResponse('Idempotency-Key reused with another body'),
      '413': problemResponse(
        "Body over 6 MB, or the request event (the body JSON-escaped) over Lambda's 6,291,456 bytes: upload it",
      ),
      '415': problemResponse('Not application/json or text/csv, or compressed (Content-Encoding)'),
    },
  },
  'GET /v1/scenarios': {
    responses: { '200': ok('{ items, nextCursor }'), '400': problemResponse('Bad limit or cursor') },
  },
  'GET /v1/scenarios/{id}': {
    responses: {
      '200': {
        description: 'The scenario as stored, with its ETag; with format=csv its authorities as CSV',
        content: {
          'application/json': { schema: { type: 'object' } },
          'text/csv': { schema: { type: 'string', description: CSV_DESCRIPTION } },
        },
      },
      '400': problemResponse('Bad format'),
      '404': problemResponse('Unknown or foreign scenario'),
    },
  },
  'PUT /v1/scenarios/{id}': {
    responses: {
      '200': ok('Replaced; new ETag'),
      '400': problemResponse('Invalid scenario'),
      '404': problemResponse('Unknown or foreign scenario'),
      '412': problemResponse('Stale If-Match'),
      '428': problemResponse('If-Match missing'),
    },
  },
  'DELETE /v1/scenarios/{id}': {
    responses: {
      '204': { description: 'Deleted with its runs' },
      '404': problemResponse('Unknown or foreign scenario'),
    },
  },
  'POST /v1/scenarios/{id}/runs': {
    responses: {
      '202': ok('{ runId, status, links }; Location header'),
      '400': problemResponse('Invalid run request'),
      '404': problemResponse('Unknown or foreign scenario'),
      '409': problemResponse('Idempotency-Key reused with another body, or its first request still in progress'),
      '422': problemResponse('The scenario cannot be simulated'),
      '429': problemResponse('Too many runs queued or running for this owner, or the run queue is full: Retry-After'),
    },
  },
  'GET /v1/scenarios/{id}/runs': {
    responses: { '200': ok('{ items, nextCursor }'), '404': problemResponse('Unknown or foreign scenario') },
  },
  'GET /v1/register': {
    responses: {
      '200': {
        description:
          '{ items (bodies with provenance), total, offset, limit, nextOffset, links, attribution }; with format=csv ' +
          'the page as a CSV of authorities; a Link rel="next" header when more follow',
        content: { 'application/json': { schema: { type: 'object' } }, 'text/csv': { schema: { type: 'string' } } },
      },
      '400': problemResponse('Bad filter (an unknown region or code is named), limit or offset'),
    },
  },
  'GET /v1/register/{id}': {
    responses: {
      '200': ok('The body, its provenance per field, and the authority it becomes in a scenario'),
      '404': problemResponse('No body with that code'),
    },
  },
  'POST /v1/partnerships/plan': {
    responses: {
      '200': ok(
        'The plan: { partnerships, alone, aloneReasons, totalSaving, baselines, notes, stats } (inline scenario)',
      ),
      '202': ok(
        '{ runId, status, links } (stored scenario: planned as a run whose result is the plan); Location header',
      ),
      '400': problemResponse('Invalid request or constraints: each error has a JSON Pointer path'),
      '404': problemResponse('Unknown or foreign scenario'),
      '409': problemResponse('Idempotency-Key reused with another body'),
      '413': problemResponse('Body over 6 MB'),
      '415': problemResponse('Not application/json'),
      '422': problemResponse('An inline plan with more work than a request may do: plan a stored scenario'),
      '429': problemResponse('Too many runs queued or running for this owner: Retry-After'),
    },
  },
  'GET /v1/runs/{runId}/result': {
    responses: {
      '200': {
        description:
          'The result JSON whole (application/json) when it fits one response; else a page of its bytes (text/plain, ' +
          'at most 6,291,456 bytes, X-Result-Bytes and X-Result-Range headers, Link rel="next"): the pages ' +
          'concatenated are the result',
        content: { 'application/json': { schema: ref('Result') }, 'text/plain': { schema: { type: 'string' } } },
      },
      '400': problemResponse('An offset that does not start a page'),
      '404': problemResponse('Unknown or foreign run'),
      '409': problemResponse('The run has not succeeded'),
    },
  },
  'GET /v1/runs/{runId}/report': {
    responses: {
      '200': {
        description:
          'An HTML page (no script, inline SVG charts) or, with format=csv, RFC 4180 CSV in pages of whole ' +
          'authorities of at most 6,291,456 bytes (limit can only make a page smaller); a Link rel="next" header ' +
          'when more authorities follow',
        content: { 'text/html': { schema: { type: 'string' } }, 'text/csv': { schema: { type: 'string' } } },
      },
      '400': problemResponse('Bad format, offset or limit'),
      '404': problemResponse('Unknown or foreign run'),
      '409': problemResponse('The run has not succeeded'),
    },
  },
  'GET /v1/whoami': {
    responses: {
      '200': ok(
        '{ principal, pathSegment, personalWorkspace }: the principal a colleague adds to a workspace, and the ' +
          '{principal} path segment that names it',
      ),
    },
  },
  'POST /v1/workspaces': {
    responses: {
      '201': ok('{ id, name, personal: false, role: "owner", members, links }; Location header'),
      '400': problemResponse('Invalid name'),
      '409': problemResponse('Idempotency-Key reused with another body'),
    },
  },
  'GET /v1/workspaces': {
    responses: {
      '200': ok(
        "{ personal, items, nextCursor }: the caller's personal workspace, then the shared ones (id, name, role), " +
          'newest first',
      ),
      '400': problemResponse('Bad limit or cursor'),
    },
  },
  'GET /v1/workspaces/{id}': {
    responses: {
      '200': ok('{ id, name, personal, role (yours), members: [{ principal, pathSegment, role }], links }'),
      '404': problemResponse('Unknown workspace, or one you are not a member of'),
    },
  },
  'PUT /v1/workspaces/{id}/members/{principal}': {
    responses: {
      '200': ok('The workspace with its members'),
      '400': problemResponse('Invalid role, or not a principal (GET /v1/whoami gives one)'),
      '403': problemResponse('Only owners manage members'),
      '404': problemResponse('Unknown workspace, or one you are not a member of'),
      '409': problemResponse(
        'Your personal workspace (it has no other members), the last owner made an editor or viewer, or 200 ' +
          'members already',
      ),
    },
  },
  'DELETE /v1/workspaces/{id}/members/{principal}': {
    responses: {
      '204': { description: 'Removed: from now on the workspace is a 404 to them' },
      '400': problemResponse('Not a principal'),
      '403': problemResponse('Only owners manage members'),
      '404': problemResponse('Unknown workspace, one you are not a member of, or not a member'),
      '409': problemResponse('The last owner, or your personal workspace'),
    },
  },
  'GET /v1/runs/{runId}': {
    responses: {
      '200': ok(
        "Status, progress, a queued run's place in the queue (`queue`), and once succeeded the result (or, when " +
          'larger than a response may carry, `result: null` with `resultBytes` and links.result to read it in pages)',
      ),
      '404': problemResponse('Unknown or foreign run'),
    },
  },
};

/** A route that acts in a workspace (`?workspace=`): a non-member's 404, a viewer's 403 where it writes. */
function workspaceResponses(r: RouteSpec, responses: Record<string, unknown>): Record<string, unknown> {
  const scoped = r.query !== undefined && 'workspace' in QUERY_SCHEMAS[r.query].shape;
  if (!scoped) return responses;
  const writes = r.method !== 'GET' && !r.path.endsWith('/report-links');
  const notFound = responses['404'] as { description: string } | undefined;
  return {
    ...responses,
    ...(writes ? { '403': problemResponse('You are a viewer of the workspace: editors and owners write') } : {}),
    '404': problemResponse(`${notFound ? `${notFound.description}, or a` : 'A'} workspace you are not a member of`),
  };
}

/** `{principal}`: a principal made of path-safe characters, or `~` and its base64url (api/workspace.ts). */
const PRINCIPAL_PARAM = { type: 'string', pattern: '^(?:~[A-Za-z0-9_-]+|[A-Za-z0-9._@:+=,*-]+)$', maxLength: 1400 };

function operation(r: RouteSpec): Record<string, unknown> {
  const key = `${r.method} ${r.path}`;
  const specific = SPECIFIC[key];
  const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: m[1] === 'principal' ? PRINCIPAL_PARAM : { type: 'string', pattern: '^[A-Za-z0-9._-]{1,64}$' },
  }));
  if (r.query) params.push(...(queryParameters(QUERY_SCHEMAS[r.query]) as never[]));
  if (r.method === 'POST' && r.handler !== 'simulate')
    params.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      schema: { type: 'string', maxLength: 128 },
    } as never);
  if (r.method === 'PUT' && r.handler === 'scenarios')
    params.push({ name: 'If-Match', in: 'header', required: true, schema: { type: 'string' } } as never);
  return {
    operationId: `${r.method.toLowerCase()}${r.path
      .replace(/[{}]/g, '')
      .split('/')
      .filter(Boolean)
      .map((x) => x[0]!.toUpperCase() + x.slice(1).replace(/\.json$/, 'Json'))
      .join('')}`,
    summary: r.summary,
    ...(r.public ? { security: [] } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(r.body ? { requestBody: BODIES[r.body]() } : {}),
    ...(r.pages ? { 'x-paged': r.pages } : {}),
    responses: {
      ...workspaceResponses(r, specific?.responses ?? { '200': ok('OK') }),
      ...(r.public
        ? {}
        : {
            '303': {
              description:
                'The answer is larger than a response may carry: GET the Location (a signed URL, no credentials, ' +
                'expires in 15 minutes); the body says the same as { downloadUrl, expiresAt, bytes }',
            },
          }),
      '500': problemResponse('A bug: the body carries a request id'),
      ...(r.public
        ? {}
        : {
            '503': problemResponse(
              'The store or the worker pool is busy, or the store cannot write: retry after Retry-After',
            ),
          }),
    },
  };
}

let cached: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of ROUTES) {
    paths[r.path] ??= {};
    paths[r.path]![r.method.toLowerCase()] = operation(r);
  }
  const scenario = z.toJSONSchema(BODY_SCHEMAS.scenario, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  }) as { properties: Record<string, unknown>; required?: string[] };
  const { authorities: _authorities, ...fields } = scenario.properties;
  const registerScenario = {
    type: 'object',
    description: 'A scenario whose authorities are the bodies a register selection names',
    properties: { ...fields, register: ref('Selection') },
    required: [...(scenario.required ?? []).filter((r) => r !== 'authorities'), 'register'],
    additionalProperties: false,
  };
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'sharesim',
      version: ENGINE_VERSION,
      description:
        'What public bodies save by sharing IT and citizen contact, and whether the partnership is fair and stable.',
    },
    servers: [{ url: '/' }],
    security: [{ sigv4: [] }],
    paths,
    components: {
      securitySchemes: {
        sigv4: {
          type: 'apiKey',
          name: 'Authorization',
          in: 'header',
          description: 'AWS SigV4 (IAM). The local server takes X-Sharesim-User instead.',
        },
      },
      schemas: {
        Scenario: scenario,
        Selection: z.toJSONSchema(selectionSchema, { target: 'draft-2020-12', io: 'input' }),
        RegisterScenario: registerScenario,
        RegisterPlanRequest: {
          type: 'object',
          description:
            'Plan the bodies a register selection names; scenario gives the usual fields (not authorities), default ' +
            'name "Register selection"',
          properties: {
            register: ref('Selection'),
            scenario: { type: 'object', properties: fields, additionalProperties: false },
            constraints: z.toJSONSchema(planConstraintsSchema, { target: 'draft-2020-12', io: 'input' }),
          },
          required: ['register'],
          additionalProperties: false,
        },
        UploadRef: z.toJSONSchema(uploadRefSchema, { target: 'draft-2020-12', io: 'input' }),
        ReportLinkRequest: z.toJSONSchema(BODY_SCHEMAS.reportLink, { target: 'draft-2020-12', io: 'input' }),
        WorkspaceRequest: z.toJSONSchema(BODY_SCHEMAS.workspace, { target: 'draft-2020-12', io: 'input' }),
        MemberRequest: z.toJSONSchema(BODY_SCHEMAS.member, { target: 'draft-2020-12', io: 'input' }),
        RunRequest: z.toJSONSchema(BODY_SCHEMAS.run, { target: 'draft-2020-12', io: 'input' }),
        PlanRequest: z.toJSONSchema(BODY_SCHEMAS.plan, {
          target: 'draft-2020-12',
          io: 'input',
          unrepresentable: 'any',
        }),
        Problem: problemSchema,
        Result: resultSchema,
      },
    },
  };
  return cached;
}
