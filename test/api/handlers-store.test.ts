/** Store-backed handlers over a mocked DynamoDB: the problems planners see when the store says no. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { setDeps } from '../../lambda/api/deps';
import { handler as scenarios } from '../../lambda/api/handlers/scenarios';
import { handler as reports } from '../../lambda/api/handlers/reports';
import { InlineExecutor } from '../../lambda/jobs/executor';
import { documentClientFor } from '../../lambda/store/clients';
import { DynamoStore } from '../../lambda/store/store';
import { example, throttle } from '../helpers';
import { apiEvent } from './events';

const ddb = mockClient(DynamoDBDocumentClient);

function withOwner(e: ReturnType<typeof apiEvent>, routeKey: string, id?: string) {
  return {
    ...e,
    routeKey,
    ...(id ? { pathParameters: { id } } : {}),
    requestContext: { ...e.requestContext, authorizer: { iam: { userArn: 'arn:aws:iam::123456789012:user/alice' } } },
  } as typeof e;
}

beforeAll(() => {
  process.env.SHARESIM_CURSOR_KEY = 'test-key-0123456789abcdef';
  const store = new DynamoStore(documentClientFor('http://127.0.0.1:1'), 'table', {
    attempts: 3,
    baseMs: 1,
    sleep: async () => undefined,
  });
  setDeps({ store, executor: new InlineExecutor(store), now: () => new Date('2026-11-22T12:00:00Z') });
});
afterAll(() => setDeps(undefined));
beforeEach(() => ddb.reset());

describe('scenario handler on a mocked table', () => {
  it('a concurrent change between read and conditional write is a 412 with the current ETag', async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: { id: 's1', version: 4, bodyToken: 't', chunks: 1 } })
      .resolves({ Item: { id: 's1', version: 5, bodyToken: 'u', chunks: 1 } });
    ddb.on(BatchWriteCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'failed', $metadata: {} }));
    const e = withOwner(
      apiEvent('PUT', '/v1/scenarios/s1', {
        body: JSON.stringify(example('minimal')),
        headers: { 'if-match': '"v4"' },
      }),
      'PUT /v1/scenarios/{id}',
      's1',
    );
    const r = await scenarios(e);
    expect(r.statusCode).toBe(412);
    expect(r.headers.etag).toBe('"v5"');
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input.Key).toEqual({
      pk: 'O#arn:aws:iam::123456789012:user/alice',
      sk: 'SC#s1',
    });
  });

  it('throttling that outlasts the retries is a 503 with Retry-After, not a 500', async () => {
    ddb.on(GetCommand).rejects(throttle());
    const r = await scenarios(withOwner(apiEvent('GET', '/v1/scenarios/s1'), 'GET /v1/scenarios/{id}', 's1'));
    expect(r.statusCode).toBe(503);
    expect(r.headers['retry-after']).toBe('1');
    expect(ddb.commandCalls(GetCommand)).toHaveLength(3);
  });

  it('throttling that passes is invisible to the caller', async () => {
    ddb
      .on(QueryCommand)
      .rejectsOnce(throttle())
      .resolves({
        Items: [{ id: 'a', name: 'A', version: 1, authorities: 1, createdAt: 'x', updatedAt: 'x' }],
        LastEvaluatedKey: { pk: 'O#arn:aws:iam::123456789012:user/alice', sk: 'SC#a' },
      });
    const r = await scenarios(withOwner(apiEvent('GET', '/v1/scenarios'), 'GET /v1/scenarios'));
    expect(r.statusCode).toBe(200);
    const body = JSON.parse(r.body) as { items: { id: string }[]; nextCursor: string };
    expect(body.items.map((i) => i.id)).toEqual(['a']);
    expect(body.nextCursor).toMatch(/^[\w-]+\.[\w-]+$/);
  });

  it('takes the owner from a JWT sub when the API uses a JWT authorizer', async () => {
    ddb.on(GetCommand).resolves({});
    const e = apiEvent('GET', '/v1/scenarios/s1');
    const jwtEvent = {
      ...e,
      routeKey: 'GET /v1/scenarios/{id}',
      pathParameters: { id: 's1' },
      requestContext: {
        ...e.requestContext,
        authorizer: { jwt: { claims: { sub: 'user-123', iss: 'https://idp.example' }, scopes: [] } },
      },
    } as typeof e;
    expect((await scenarios(jwtEvent)).statusCode).toBe(404);
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input.Key).toEqual({
      pk: 'O#jwt:https://idp.example#user-123',
      sk: 'SC#s1',
    });
  });

  it('without an identity the handler refuses (401), whatever the route', async () => {
    const r = await scenarios({ ...apiEvent('GET', '/v1/scenarios'), routeKey: 'GET /v1/scenarios' });
    expect(r.statusCode).toBe(401);
  });
});

describe('report handler on a mocked table', () => {
  const reportEvent = (runId: string, query?: Record<string, string>) => {
    const e = withOwner(apiEvent('GET', `/v1/runs/${runId}/report`), 'GET /v1/runs/{runId}/report');
    return { ...e, pathParameters: { runId }, ...(query ? { queryStringParameters: query } : {}) } as typeof e;
  };

  it('reads the run in its own partition, and a missing run is a 404 problem', async () => {
    ddb.on(GetCommand).resolves({});
    const r = await reports(reportEvent('r1'));
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input.Key).toEqual({ pk: 'RUN#r1', sk: 'RN' });
  });

  it("another owner's run reads as missing (404), never as theirs", async () => {
    ddb.on(GetCommand).resolves({
      Item: { owner: 'arn:aws:iam::123456789012:user/mallory', runId: 'r1', status: 'succeeded' },
    });
    expect((await reports(reportEvent('r1'))).statusCode).toBe(404);
  });

  it('a run still running is a 409, and throttling past the retries a 503', async () => {
    ddb.on(GetCommand).resolves({
      Item: {
        owner: 'arn:aws:iam::123456789012:user/alice',
        runId: 'r1',
        scenarioId: 's1',
        scenarioVersion: 1,
        status: 'running',
        progress: { done: 1, total: 9 },
        request: { iterations: 9, seed: 1, allocation: 'shapley' },
        createdAt: 'x',
        updatedAt: 'x',
      },
    });
    expect((await reports(reportEvent('r1'))).statusCode).toBe(409);
    ddb.reset();
    ddb.on(GetCommand).rejects(throttle());
    const busy = await reports(reportEvent('r1'));
    expect(busy.statusCode).toBe(503);
    expect(busy.headers['retry-after']).toBeDefined();
  });

  it('checks the query before touching the table', async () => {
    const r = await reports(reportEvent('r1', { format: 'csv', offset: '-1' }));
    expect(r.statusCode).toBe(400);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });
});
