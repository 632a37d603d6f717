/**
 * The OpenAPI 3.1 document, generated from the zod schemas that validate requests
 * (JSON Schema 2020-12 is OpenAPI 3.1's schema dialect).
 */
import { z } from 'zod';
import { ENGINE_VERSION } from '../engine/simulate';
import { scenarioSchema } from '../engine/schema';
import { ROUTES, RouteSpec } from './routes';

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
      items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string', description: 'JSON Pointer into the request body' }, message: { type: 'string' } } },
    },
  },
};

const resultSchema = {
  type: 'object',
  description: 'A simulation result; see API.md for every field.',
  required: ['currency', 'priceBaseYear', 'horizonYears', 'years', 'summary', 'authorities', 'allocation', 'stability', 'uncertainty', 'sensitivity'],
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

const problemRef = { $ref: '#/components/schemas/Problem' };
const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemRef } } });

function operation(r: RouteSpec): Record<string, unknown> {
  const op: Record<string, unknown> = {
    operationId: r.handler,
    summary: r.summary,
    ...(r.public ? { security: [] } : {}),
    responses: { '500': problemResponse('A bug: the body carries a request id') } as Record<string, unknown>,
  };
  const responses = op.responses as Record<string, unknown>;
  if (r.handler === 'simulate') {
    op.requestBody = { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Scenario' } } } };
    responses['200'] = { description: 'The result', content: { 'application/json': { schema: { $ref: '#/components/schemas/Result' } } } };
    responses['400'] = problemResponse('Invalid scenario: each error has a JSON Pointer path');
    responses['413'] = problemResponse('Body over 6 MB');
    responses['415'] = problemResponse('Not application/json');
    responses['422'] = problemResponse('Valid but cannot be simulated');
  } else {
    responses['200'] = { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } };
  }
  return op;
}

let cached: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of ROUTES) (paths[r.path] ??= {})[r.method.toLowerCase()] = operation(r);
  cached = {
    openapi: '3.1.0',
    info: { title: 'sharesim', version: ENGINE_VERSION, description: 'What public bodies save by sharing IT and citizen contact, and whether the partnership is fair and stable.' },
    servers: [{ url: '/' }],
    security: [{ sigv4: [] }],
    paths,
    components: {
      securitySchemes: { sigv4: { type: 'apiKey', name: 'Authorization', in: 'header', description: 'AWS SigV4 (IAM). The local server takes X-Sharesim-User instead.' } },
      schemas: {
        Scenario: z.toJSONSchema(scenarioSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }),
        Problem: problemSchema,
        Result: resultSchema,
      },
    },
  };
  return cached;
}
