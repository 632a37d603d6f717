import { handler as simulateHandler } from '../../lambda/api/handlers/simulate';
import { handler as healthHandler } from '../../lambda/api/handlers/health';
import { handler as presetsHandler } from '../../lambda/api/handlers/presets';
import { handler as openapiHandler } from '../../lambda/api/handlers/openapi';
import { instrument } from '../../lambda/api/instrument';
import { ASSUMPTIONS } from '../../lambda/engine/defaults';
import { KINDS } from '../../lambda/engine/kinds';
import { example } from '../helpers';
import { syntheticNation } from '../../lambda/synthetic/national';
import { apiEvent } from './events';

const post = (body: string, headers?: Record<string, string>) =>
  simulateHandler(apiEvent('POST', '/v1/simulate', { body, ...(headers ? { headers } : {}) }));
const problem = (r: { body: string }) =>
  JSON.parse(r.body) as {
    status: number;
    type: string;
    errors?: { path: string; message: string }[];
    requestId?: string;
  };

describe('Lambda handlers (the functions API Gateway invokes)', () => {
  it('health answers ok with a version', async () => {
    const r = await healthHandler(apiEvent('GET', '/v1/health'));
    expect(r.statusCode).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ status: 'ok', version: expect.any(String) });
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('presets list every kind and every assumption with unit and source', async () => {
    const body = JSON.parse((await presetsHandler(apiEvent('GET', '/v1/presets'))).body);
    expect(Object.keys(body.kinds).sort()).toEqual([...KINDS].sort());
    expect(Object.keys(body.assumptions).sort()).toEqual(Object.keys(ASSUMPTIONS).sort());
    for (const a of Object.values(body.assumptions) as { unit: string; source: string; value: number }[]) {
      expect(a.unit).toEqual(expect.any(String));
      expect(a.source.length).toBeGreaterThan(3);
      expect(Number.isFinite(a.value)).toBe(true);
    }
    expect(body.discountSchedule.value[0]).toEqual({ fromYear: 0, rate: 0.035 });
  });

  it('the OpenAPI document is 3.1 and its Scenario schema comes from the validating zod schema', async () => {
    const doc = JSON.parse((await openapiHandler(apiEvent('GET', '/v1/openapi.json'))).body);
    expect(doc.openapi).toBe('3.1.0');
    const sc = doc.components.schemas.Scenario;
    expect(sc.required).toEqual(expect.arrayContaining(['name', 'authorities']));
    expect(sc.properties.authorities.maxItems).toBe(30000);
    expect(sc.properties.horizonYears).toMatchObject({ minimum: 1, maximum: 60 });
    expect(Object.keys(sc.properties.assumptions.properties)).toEqual(
      expect.arrayContaining(['pueShared', 'costPerContact', 'discountSchedule']),
    );
    expect(doc.paths['/v1/simulate'].post.responses['400']).toBeDefined();
    expect(doc.paths['/v1/health'].get.security).toEqual([]);
  });

  it('simulate returns the result fields of docs/api.md', async () => {
    const r = await post(JSON.stringify(example('minimal')));
    expect(r.statusCode).toBe(200);
    const body = JSON.parse(r.body);
    for (const k of [
      'scenarioVersion',
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
    ])
      expect(body).toHaveProperty(k);
    for (const k of [
      'pvStatusQuo',
      'pvAlone',
      'pvShared',
      'pvTransition',
      'npvSaving',
      'npvPolicySaving',
      'npvTotalSaving',
      'savingPercent',
      'bcr',
      'paybackYear',
      'annualRoi',
      'fundable',
      'carbonSavedTonnes',
    ])
      expect(body.summary).toHaveProperty(k);
    for (const k of [
      'year',
      'discountFactor',
      'statusQuo',
      'alone',
      'shared',
      'transition',
      'netSaving',
      'channel',
      'carbon',
    ])
      expect(body.years[0]).toHaveProperty(k);
    for (const k of ['id', 'pvAlone', 'pvAllocated', 'saving', 'savingPercent', 'betterOffAlone'])
      expect(body.authorities[0]).toHaveProperty(k);
    expect(body.uncertainty).toBeNull();
    expect(body.sensitivity).toEqual([]);
  });

  it('malformed JSON is a 400 problem', async () => {
    const r = await post('{"name": ');
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(problem(r).errors?.[0]?.path).toBe('');
  });

  it('a wrong content type is 415', async () => {
    const r = await post(JSON.stringify(example('minimal')), { 'content-type': 'text/plain' });
    expect(r.statusCode).toBe(415);
  });

  it('wrong types, negative and non-finite numbers and duplicate ids each get a JSON-Pointer path', async () => {
    const body =
      '{"name":"x","horizonYears":"ten","authorities":' +
      '[{"id":"a","kind":"police","staff":-5},{"id":"a","kind":"fire","staff":1e400}]}';
    const r = await post(body);
    expect(r.statusCode).toBe(400);
    const paths = problem(r).errors!.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['/horizonYears', '/authorities/0/staff', '/authorities/1/staff', '/authorities/1/id']),
    );
  });

  it('too many authorities is a 400 at /authorities', async () => {
    const authorities = Array.from({ length: 30001 }, (_, i) => ({ id: `s${i}`, kind: 'school', staff: 10 }));
    const r = await post(JSON.stringify({ name: 'too many', authorities }));
    expect(r.statusCode).toBe(400);
    expect(problem(r).errors!.map((e) => e.path)).toContain('/authorities');
  });

  it('a 7 MB body is 413', async () => {
    const r = await post(JSON.stringify({ name: 'x'.repeat(7 * 1024 * 1024), authorities: [] }));
    expect(r.statusCode).toBe(413);
  });

  it('a scenario with no authority is valid JSON that cannot be simulated: 422', async () => {
    const r = await post(JSON.stringify({ name: 'empty', authorities: [] }));
    expect(r.statusCode).toBe(422);
    expect(problem(r).errors?.[0]?.path).toBe('/authorities');
  });

  it('an unexpected error is a bare 500 with a request id, never the message or stack', async () => {
    const boom = instrument(async () => {
      throw new Error('secret table name arn:aws:dynamodb:eu-west-2:123:table/x');
    });
    const r = await boom(apiEvent('GET', '/v1/health'));
    expect(r.statusCode).toBe(500);
    expect(r.body).not.toMatch(/secret|arn:aws|at /);
    expect(problem(r).requestId).toBe('req-1');
  });
});

describe('simulate when deployed', () => {
  const before = process.env.AWS_LAMBDA_FUNCTION_NAME;
  afterEach(() => {
    if (before === undefined) delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    else process.env.AWS_LAMBDA_FUNCTION_NAME = before;
  });

  it('answers 422, not a gateway error, when the result would exceed the 6 MB response limit, deployed and locally ' +
    'alike', async () => {
    const nation = JSON.stringify(syntheticNation({ authorities: 30000, seed: 1 })); // the API maximum: a 7 MB result
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'sharesim-simulate';
    const r = await post(nation);
    expect(r.statusCode).toBe(422);
    expect(problem(r).errors?.[0]?.path).toBe('/authorities');
    delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    // no response body is ever over 6,291,456 bytes (issue 19): the local server says the same
    const local = await post(nation);
    expect(local.statusCode).toBe(422);
    expect((problem(local) as { detail?: string }).detail).toMatch(/read in pages/);
  }, 30_000);
});

describe('metrics', () => {
  it('emits CloudWatch EMF request metrics inside Lambda only', async () => {
    const log = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const before = process.env.AWS_LAMBDA_FUNCTION_NAME;
    try {
      await healthHandler(apiEvent('GET', '/v1/health'));
      const local = log.mock.calls.length;
      process.env.AWS_LAMBDA_FUNCTION_NAME = 'sharesim-health';
      await healthHandler(apiEvent('GET', '/v1/health'));
      const emf = log.mock.calls
        .slice(local)
        .map((c) => String(c[0]))
        .find((l) => l.includes('"_aws"'));
      expect(local).toBe(0);
      expect(emf).toBeDefined();
      const doc = JSON.parse(emf!) as { requests: number; route: string; statusClass: string };
      expect(doc).toMatchObject({ requests: 1, route: 'GET /v1/health', statusClass: '2xx' });
    } finally {
      log.mockRestore();
      if (before === undefined) delete process.env.AWS_LAMBDA_FUNCTION_NAME;
      else process.env.AWS_LAMBDA_FUNCTION_NAME = before;
    }
  });
});
