/** The store against a mocked DynamoDB: conditional failures, throttling and pagination. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { StoreUnavailableError, VersionMismatchError } from '../../lambda/store/errors';
import type { RetryPolicy } from '../../lambda/store/retry';
import { DynamoStore } from '../../lambda/store/store';
import { BodyCache } from '../../lambda/store/bodyCache';
import { encodeChunks } from '../../lambda/store/blobs';
import { documentClientFor } from '../../lambda/store/clients';
import { throttle } from '../helpers';

const ddb = mockClient(DynamoDBDocumentClient);
const noSleep: RetryPolicy = { attempts: 4, baseMs: 1, sleep: async () => undefined };
const store = () => new DynamoStore(documentClientFor('http://127.0.0.1:1'), 'table', noSleep);
const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
const now = new Date('2026-11-22T12:00:00Z');

beforeEach(() => ddb.reset());

describe('DynamoStore with aws-sdk-client-mock', () => {
  it('retries throttling and then succeeds', async () => {
    ddb
      .on(GetCommand)
      .rejectsOnce(throttle())
      .rejectsOnce(throttle())
      .resolves({
        Item: {
          id: 's1',
          name: 'n',
          version: 3,
          authorities: 2,
          createdAt: 'a',
          updatedAt: 'b',
          bodyToken: 't',
          chunks: 1,
        },
      });
    const head = await store().getScenarioHead('alice', 's1');
    expect(head?.version).toBe(3);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(3);
  });

  it('gives up after its attempts with StoreUnavailable (a 503 upstream)', async () => {
    ddb.on(GetCommand).rejects(throttle());
    await expect(store().getScenarioHead('alice', 's1')).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(4);
  });

  it(
    'does not retry a conditional-check failure: a stale ' + 'version is a VersionMismatch with the current version',
    async () => {
      ddb
        .on(GetCommand)
        .resolvesOnce({ Item: { id: 's1', version: 2, bodyToken: 'old', chunks: 1 } })
        .resolves({ Item: { id: 's1', version: 3, bodyToken: 'other', chunks: 1 } });
      ddb.on(BatchWriteCommand).resolves({});
      ddb.on(QueryCommand).resolves({ Items: [] });
      ddb.on(UpdateCommand).rejects(conditionFailed());
      const err = await store()
        .replaceScenario('alice', 's1', { name: 'x', authorities: [] }, { name: 'x', authorities: 0 }, 2, now)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(VersionMismatchError);
      expect((err as VersionMismatchError).current).toBe(3);
      expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);
      // the losing writer's chunks were looked up for clean-up
      expect(ddb.commandCalls(QueryCommand).length).toBeGreaterThan(0);
    },
  );

  it('writes a scenario head only after its body chunks, conditional on a new key', async () => {
    ddb.on(BatchWriteCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    await store().createScenario('alice', { name: 'x' }, { name: 'x', authorities: 0 }, now);
    const order = ddb.calls().map((c) => c.args[0].constructor.name);
    expect(order).toEqual(['BatchWriteCommand', 'PutCommand']);
    const put = ddb.commandCalls(PutCommand)[0]!.args[0].input;
    expect(put.ConditionExpression).toBe('attribute_not_exists(sk)');
    expect(put.Item?.pk).toBe('O#alice');
  });

  it('retries unprocessed batch items', async () => {
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { table: [{ PutRequest: { Item: { pk: 'O#a', sk: 'x' } } }] } })
      .resolves({});
    ddb.on(PutCommand).resolves({});
    await store().createScenario('a', { name: 'x' }, { name: 'x', authorities: 0 }, now);
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(2);
  });

  it('pages newest first within the owner partition and hands back where to continue', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [{ id: 'b', name: 'B', version: 1, authorities: 1, createdAt: 'x', updatedAt: 'x' }],
      LastEvaluatedKey: { pk: 'O#alice', sk: 'SC#b' },
    });
    const page = await store().listScenarios('alice', 1, 'SC#c');
    expect(page.items.map((i) => i.id)).toEqual(['b']);
    expect(page.lastSk).toBe('SC#b');
    const q = ddb.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(q.ScanIndexForward).toBe(false);
    expect(q.ExpressionAttributeValues?.[':pk']).toBe('O#alice');
    expect(q.ExclusiveStartKey).toEqual({ pk: 'O#alice', sk: 'SC#c' });
  });

  it('marks a run succeeded only while it is running (the commit marker is conditional)', async () => {
    ddb.on(BatchWriteCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(UpdateCommand).rejects(conditionFailed());
    expect(await store().putRunResult('alice', 'r1', '{"x":1}', now)).toBe(false);
    const u = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(u.ConditionExpression).toContain('#s = :running');
  });
});

describe('transient failures whose outcome is unknown', () => {
  const reset = () =>
    Object.assign(new Error('read ECONNRESET'), { name: 'TimeoutError', code: 'ECONNRESET', $metadata: {} });

  it('a read whose connection was reset is retried (keep-alive races: once a 500 under load)', async () => {
    ddb
      .on(GetCommand)
      .rejectsOnce(reset())
      .resolves({
        Item: {
          id: 's1',
          name: 'n',
          version: 1,
          authorities: 1,
          createdAt: 'a',
          updatedAt: 'b',
          bodyToken: 't',
          chunks: 1,
        },
      });
    expect((await store().getScenarioHead('alice', 's1'))?.version).toBe(1);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(2);
  });

  it(
    'a conditional replace whose answer was lost is not retried (a retry would fail its own condition) and its new ' +
      'body is kept',
    async () => {
      ddb.on(GetCommand).resolves({ Item: { id: 's1', version: 2, bodyToken: 'old', chunks: 1 } });
      ddb.on(BatchWriteCommand).resolves({});
      ddb.on(QueryCommand).resolves({ Items: [] });
      ddb.on(UpdateCommand).rejects(reset());
      const err = await store()
        .replaceScenario('alice', 's1', { name: 'x', authorities: [] }, { name: 'x', authorities: 0 }, 2, now)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreUnavailableError);
      expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);
      // the only batch write is the new body's chunks: nothing was deleted, since the update may have landed
      const writes = ddb
        .commandCalls(BatchWriteCommand)
        .flatMap((c) => Object.values(c.args[0].input.RequestItems ?? {}).flat());
      expect(writes.every((w) => 'PutRequest' in (w as object))).toBe(true);
    },
  );

  it('a conditional write refused by throttling is retried (it certainly changed nothing)', async () => {
    ddb.on(PutCommand).resolves({});
    ddb.on(PutCommand, { ConditionExpression: 'attribute_not_exists(sk)' }).rejectsOnce(throttle()).resolves({});
    ddb.on(BatchWriteCommand).resolves({});
    await store().createRun(
      'alice',
      {
        runId: 'r1',
        scenarioId: 's1',
        scenarioVersion: 1,
        status: 'queued',
        progress: { done: 0, total: 1 },
        request: { iterations: 0, seed: 1, allocation: 'shapley' },
        executor: 'x',
        createdAt: 'now',
      },
      '{}',
    );
    const conditional = ddb.commandCalls(PutCommand).filter((c) => c.args[0].input.ConditionExpression);
    expect(conditional).toHaveLength(2);
  });
});

describe('decoded bodies are cached by their write-once prefix', () => {
  it('a second read of the same version skips the chunk query; a new version (new token) does not', async () => {
    const s = store();
    const body = JSON.stringify({ name: 'x', authorities: [] });
    const encoded = await encodeChunks(body);
    const chunk = (token: string) => encoded.map((data, i) => ({ pk: 'O#alice', sk: `SB#s1#v1#${token}#${i}`, data }));
    ddb
      .on(GetCommand)
      .resolvesOnce({
        Item: {
          id: 's1',
          name: 'x',
          version: 1,
          authorities: 0,
          createdAt: 'a',
          updatedAt: 'a',
          bodyToken: 't1',
          chunks: 1,
        },
      })
      .resolvesOnce({
        Item: {
          id: 's1',
          name: 'x',
          version: 1,
          authorities: 0,
          createdAt: 'a',
          updatedAt: 'a',
          bodyToken: 't1',
          chunks: 1,
        },
      })
      .resolves({
        Item: {
          id: 's1',
          name: 'x',
          version: 2,
          authorities: 0,
          createdAt: 'a',
          updatedAt: 'a',
          bodyToken: 't2',
          chunks: 1,
        },
      });
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: chunk('t1') })
      .resolves({ Items: chunk('t2') });
    expect((await s.getScenario('alice', 's1'))?.body).toEqual({ name: 'x', authorities: [] });
    expect((await s.getScenario('alice', 's1'))?.version).toBe(1);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(1);
    expect((await s.getScenario('alice', 's1'))?.version).toBe(2);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(2);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(3); // the head is read every time
  });

  it('evicts least recently used first, by size', () => {
    const c = new BodyCache(100);
    c.set('a', 'x'.repeat(20));
    c.set('b', 'x'.repeat(20));
    c.get('a');
    c.set('c', 'x'.repeat(20));
    c.set('d', 'x'.repeat(20));
    c.set('e', 'x'.repeat(25)); // 105 > 100: b (least recent) goes
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBeDefined();
    expect(c.chars).toBeLessThanOrEqual(100);
    c.set('huge', 'x'.repeat(26)); // over a quarter of the budget: not kept
    expect(c.get('huge')).toBeUndefined();
  });
});
