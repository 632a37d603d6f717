/**
 * The register routes, and scenarios from a register selection or a CSV, through the handlers
 * Lambda invokes; the scenario store on a mocked DynamoDB (aws-sdk-client-mock).
 */
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { setDeps } from '../../lambda/api/deps';
import { handler as plans } from '../../lambda/api/handlers/plans';
import { handler as registerHandler } from '../../lambda/api/handlers/register';
import { handler as scenarios } from '../../lambda/api/handlers/scenarios';
import { handler as simulate } from '../../lambda/api/handlers/simulate';
import { parseAuthoritiesCsv } from '../../lambda/csv/authorities';
import { InlineExecutor } from '../../lambda/jobs/executor';
import type { PartnershipPlan } from '../../lambda/planner/plan';
import { register } from '../../lambda/register';
import { documentClientFor } from '../../lambda/store/clients';
import { DynamoStore } from '../../lambda/store/store';
import { awkwardCsv } from '../csv/fixtures';
import { apiEvent } from './events';

type Problem = { status: number; title: string; errors: { path: string; message: string }[] };
const body = <T>(r: { body: string }) => JSON.parse(r.body) as T;
const GWENT = ['W06000018', 'W06000019', 'W06000020', 'W06000021', 'W06000022', 'W15000002', 'W11000028'];

function get(path: string, routeKey: string, query?: Record<string, string>, pathParameters?: Record<string, string>) {
  const e = apiEvent('GET', path);
  return {
    ...e,
    routeKey,
    ...(query ? { queryStringParameters: query } : {}),
    ...(pathParameters ? { pathParameters } : {}),
  } as typeof e;
}

const csvPost = (path: string, text: string, query?: Record<string, string>, routeKey = `POST ${path}`) => {
  const e = apiEvent('POST', path, { body: text, headers: { 'content-type': 'text/csv; charset=utf-8' } });
  return { ...e, routeKey, ...(query ? { queryStringParameters: query } : {}) } as typeof e;
};

const owner = 'arn:aws:iam::123456789012:user/alice';
const withOwner = <E extends ReturnType<typeof apiEvent>>(e: E) =>
  ({ ...e, requestContext: { ...e.requestContext, authorizer: { iam: { userArn: owner } } } }) as E;

beforeAll(() => {
  process.env.SHARESIM_CURSOR_KEY = 'test-key-0123456789abcdef';
  const store = new DynamoStore(documentClientFor('http://127.0.0.1:1'), 'table', {
    attempts: 2,
    baseMs: 1,
    sleep: async () => undefined,
  });
  setDeps({ store, executor: new InlineExecutor(store), now: () => new Date('2026-11-22T12:00:00Z') });
});
afterAll(() => setDeps(undefined));

describe('GET /v1/register', () => {
  const list = (q?: Record<string, string>) => registerHandler(get('/v1/register', 'GET /v1/register', q));

  it('lists every body, paged, with the attribution and a next link', async () => {
    const r = await list({ limit: '50' });
    expect(r.statusCode).toBe(200);
    const b = body<{ items: { id: string }[]; total: number; nextOffset: number; attribution: string[] }>(r);
    expect(b.total).toBe(register().bodies.length);
    expect(b.items.map((i) => i.id)).toEqual(
      register()
        .bodies.slice(0, 50)
        .map((x) => x.id),
    );
    expect(b.nextOffset).toBe(50);
    expect(r.headers.link).toBe('</v1/register?limit=50&offset=50>; rel="next"');
    expect(b.attribution.join(' ')).toContain('Open Government Licence');
  });

  it('filters as a selection does: nation, kinds, codes, a radius; the last page has no next', async () => {
    const r = await list({ nation: 'Wales', kinds: 'police,health', limit: '1000' });
    const items = body<{ items: { nation: string; kind: string }[]; nextOffset: null }>(r);
    expect(items.items.length).toBe(
      register().bodies.filter((b) => b.nation === 'Wales' && ['police', 'health'].includes(b.kind)).length,
    );
    expect(items.nextOffset).toBeNull();
    const codes = body<{ items: { id: string }[] }>(await list({ codes: GWENT.join(',') }));
    expect(codes.items.map((i) => i.id).sort()).toEqual([...GWENT].sort());
    const near = body<{ items: { id: string }[] }>(await list({ near: '51.59,-3.0', radiusKm: '15' }));
    expect(near.items.map((i) => i.id)).toContain('W06000022');
  });

  it('answers the page as a CSV of authorities that imports as they are', async () => {
    const r = await list({ codes: GWENT.join(','), format: 'csv' });
    expect(r.headers['content-type']).toMatch(/^text\/csv/);
    const p = parseAuthoritiesCsv(r.body);
    expect(p.problems).toEqual([]);
    expect(p.authorities.map((a) => a.id).sort()).toEqual([...GWENT].sort());
  });

  it('refuses an unknown region or code, a radius without a point, and an unknown parameter, with paths', async () => {
    const region = body<Problem>(await list({ region: 'Wales,Atlantis' }));
    expect(region.status).toBe(400);
    expect(region.errors[0]!.path).toBe('/query/region/1');
    expect(body<Problem>(await list({ codes: 'E06000001,NOPE' })).errors[0]!.path).toBe('/query/codes/1');
    expect(body<Problem>(await list({ radiusKm: '5' })).errors[0]!.path).toBe('/query/near');
    expect(body<Problem>(await list({ colour: 'red' })).errors[0]!.path).toBe('/query/colour');
    expect(body<Problem>(await list({ kinds: 'school' })).errors[0]!.path).toBe('/query/kinds/0');
  });

  it('gives one body with its provenance, and 404 for a code it does not have', async () => {
    const r = await registerHandler(
      get('/v1/register/W15000002', 'GET /v1/register/{id}', undefined, { id: 'W15000002' }),
    );
    const b = body<{ name: string; provenance: { staff: { source: string } }; authority: { id: string } }>(r);
    expect(b.name).toBe('Gwent Police');
    expect(b.provenance.staff.source).toBe('homeoffice_police_workforce_fte_2018_2019.csv');
    expect(b.authority.id).toBe('W15000002');
    const missing = await registerHandler(get('/v1/register/X', 'GET /v1/register/{id}', undefined, { id: 'X' }));
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('POST /v1/simulate from a selection or a CSV', () => {
  it('simulates the bodies a register selection names, with the usual scenario fields', async () => {
    const r = await simulate(
      apiEvent('POST', '/v1/simulate', {
        body: JSON.stringify({ name: 'Gwent', horizonYears: 5, register: { codes: GWENT } }),
      }),
    );
    expect(r.statusCode).toBe(200);
    const res = body<{ horizonYears: number; authorities: { id: string }[] }>(r);
    expect(res.horizonYears).toBe(5);
    expect(res.authorities.map((a) => a.id).sort()).toEqual([...GWENT].sort());
  });

  it('refuses a selection that names nothing known, or register beside authorities', async () => {
    const bad = await simulate(
      apiEvent('POST', '/v1/simulate', { body: JSON.stringify({ name: 'x', register: { region: 'Atlantis' } }) }),
    );
    expect(body<Problem>(bad).errors[0]!.path).toBe('/register/region');
    const empty = await simulate(
      apiEvent('POST', '/v1/simulate', {
        body: JSON.stringify({ name: 'x', register: { nation: 'Scotland', kinds: ['police'] } }),
      }),
    );
    expect(body<Problem>(empty).errors[0]).toEqual({ path: '/register', message: 'selects no body of the register' });
    const both = await simulate(
      apiEvent('POST', '/v1/simulate', {
        body: JSON.stringify({ name: 'x', register: { nation: 'Wales' }, authorities: [] }),
      }),
    );
    expect(body<Problem>(both).errors[0]!.path).toBe('/authorities');
  });

  it('simulates a CSV, the scenario fields from the query', async () => {
    const csv = 'id,kind,staff\nnorth,council,3000\nsouth,council,2500\npolice,police,2000\n';
    const r = await simulate(csvPost('/v1/simulate', csv, { name: 'Mine', horizonYears: '7' }));
    expect(r.statusCode).toBe(200);
    const res = body<{ horizonYears: number; authorities: { id: string }[] }>(r);
    expect(res.horizonYears).toBe(7);
    expect(res.authorities.map((a) => a.id)).toEqual(['north', 'south', 'police']);
  });

  it('a malformed CSV is a 400 listing every bad row by row and column, never a 500', async () => {
    const rows = ['id,kind,staff,tier'];
    for (let i = 0; i < 20; i++) rows.push(`a${i},council,100,`);
    rows[18] = 'a17,council,-5,'; // authority 17 is row 19
    rows[3] = 'a2,planet,10,';
    rows[6] = 'a5,police,10,district';
    rows[7] = 'a1,council,10,'; // a duplicate id
    const r = await simulate(csvPost('/v1/simulate', rows.join('\n')));
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    const p = body<Problem>(r);
    expect(p.title).toBe('Invalid CSV of authorities');
    expect(p.errors.map((e) => e.path)).toEqual([
      '/authorities/2/kind',
      '/authorities/5/tier',
      '/authorities/6/id',
      '/authorities/17/staff',
    ]);
    expect(p.errors[3]!.message).toBe('row 19, column staff: must be a positive number');
    for (const text of ['', '"', 'id,kind,staff\n"a,police,1', '\u0000\u0001,,,\n', 'x'.repeat(70_000)]) {
      const bad = await simulate(csvPost('/v1/simulate', text));
      expect([text.slice(0, 10), bad.statusCode]).toEqual([text.slice(0, 10), 400]);
    }
    const query = await simulate(csvPost('/v1/simulate', 'id,kind,staff\na,police,1\n', { horizonYears: 'ten' }));
    expect(body<Problem>(query).errors[0]!.path).toBe('/query/horizonYears');
  });

  it('anything but JSON or CSV is a 415 that says both are accepted', async () => {
    const r = await simulate(
      apiEvent('POST', '/v1/simulate', { body: 'x', headers: { 'content-type': 'text/plain' } }),
    );
    expect(r.statusCode).toBe(415);
    expect(body<{ detail: string }>(r).detail).toContain('text/csv');
  });
});

describe('POST /v1/partnerships/plan from a selection', () => {
  it('plans the bodies of a region: everyone placed once; the planner sees only authorities', async () => {
    const r = await plans(
      withOwner(
        apiEvent('POST', '/v1/partnerships/plan', {
          body: JSON.stringify({
            register: { codes: GWENT },
            scenario: { name: 'Gwent', horizonYears: 10 },
            constraints: { maxSize: 8 },
          }),
        }),
      ),
    );
    expect(r.statusCode).toBe(200);
    const plan = body<PartnershipPlan>(r);
    expect([...plan.partnerships.flatMap((p) => p.members), ...plan.alone].sort()).toEqual([...GWENT].sort());
  });

  it('points at the selection when it is wrong, and refuses it beside scenarioId or authorities', async () => {
    const post = (b: unknown) =>
      plans(withOwner(apiEvent('POST', '/v1/partnerships/plan', { body: JSON.stringify(b) })));
    expect(body<Problem>(await post({ register: { codes: ['NOPE'] } })).errors[0]!.path).toBe('/register/codes/0');
    expect(body<Problem>(await post({ register: { nation: 'Wales' }, scenarioId: 'x' })).errors[0]!.path).toBe(
      '/scenarioId',
    );
    expect(
      body<Problem>(await post({ register: { nation: 'Wales' }, scenario: { name: 'x', authorities: [] } })).errors[0]!
        .path,
    ).toBe('/scenario/authorities');
  });
});

describe('scenarios from a CSV, on a mocked table', () => {
  const ddb = mockClient(DynamoDBDocumentClient);

  afterAll(() => ddb.restore());
  beforeEach(() => ddb.reset());

  it('stores a 1,000-row CSV as the scenario it becomes, and gives the same CSV back', async () => {
    ddb.on(BatchWriteCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    const text = awkwardCsv(1000);
    const created = await scenarios(withOwner(csvPost('/v1/scenarios', text, { name: 'Our partners' })));
    expect(created.statusCode).toBe(201);
    expect(body<{ name: string; authorities: number }>(created)).toMatchObject({
      name: 'Our partners',
      authorities: 1000,
    });
    const head = ddb.commandCalls(PutCommand)[0]!.args[0].input.Item!;
    expect(head.pk).toBe(`O#${owner}`);
    const chunks = ddb
      .commandCalls(BatchWriteCommand)
      .flatMap((c) => Object.values(c.args[0].input.RequestItems!).flat())
      .map((w) => (w as { PutRequest: { Item: Record<string, unknown> } }).PutRequest.Item);
    // read back what was written: the head, then its chunks
    ddb.reset();
    ddb.on(GetCommand).resolves({ Item: head });
    ddb.on(QueryCommand).resolves({ Items: chunks });
    const e = withOwner(
      get(`/v1/scenarios/${head.id}`, 'GET /v1/scenarios/{id}', { format: 'csv' }, { id: String(head.id) }),
    );
    const r = await scenarios(e);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/csv/);
    expect(r.headers.etag).toBe('"v1"');
    expect(parseAuthoritiesCsv(r.body).authorities).toEqual(parseAuthoritiesCsv(text).authorities);
  });

  it('a bad CSV is refused before anything is written', async () => {
    const r = await scenarios(withOwner(csvPost('/v1/scenarios', 'id,kind,staff\na,police,0\n')));
    expect(r.statusCode).toBe(400);
    expect(body<Problem>(r).errors[0]).toEqual({
      path: '/authorities/0/staff',
      message: 'row 2, column staff: must be a positive number',
    });
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(0);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('a bad format is refused before the table is read', async () => {
    const e = withOwner(get('/v1/scenarios/s1', 'GET /v1/scenarios/{id}', { format: 'xml' }, { id: 's1' }));
    expect((await scenarios(e)).statusCode).toBe(400);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });
});
