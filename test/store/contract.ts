/**
 * The store's contract, run against every DynamoDB implementation we claim to support:
 * the embedded dynalite and AWS's DynamoDB Local (stricter: the real engine's rules).
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { encodeChunks } from '../../lambda/store/blobs';
import { documentClientFor, endpointConfig } from '../../lambda/store/clients';
import { VersionMismatchError } from '../../lambda/store/errors';
import { DynamoStore } from '../../lambda/store/store';
import { ensureTable } from '../../lambda/store/table';

export interface Endpoint {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export function storeContract(name: string, start: () => Promise<Endpoint | undefined>): void {
  describe(`store contract on ${name}`, () => {
    let ep: Endpoint | undefined;
    let store: DynamoStore;
    let table: string;
    const now = new Date('2026-11-22T12:00:00Z');

    beforeAll(async () => {
      ep = await start();
      if (!ep) return;
      table = `contract-${randomBytes(4).toString('hex')}`;
      const raw = new DynamoDBClient(endpointConfig(ep.endpoint));
      await ensureTable(raw, table);
      raw.destroy();
      store = new DynamoStore(documentClientFor(ep.endpoint), table);
    }, 60_000);
    afterAll(async () => ep?.stop());

    const skip = () => !ep;

    it('creates, reads back and replaces a scenario by version', async () => {
      if (skip()) return;
      const head = await store.createScenario('o1', { name: 'a', authorities: [] }, { name: 'a', authorities: 0 }, now);
      expect((await store.getScenario('o1', head.id))?.body).toEqual({ name: 'a', authorities: [] });
      const v2 = await store.replaceScenario(
        'o1',
        head.id,
        { name: 'b', authorities: [] },
        { name: 'b', authorities: 0 },
        1,
        now,
      );
      expect(v2.version).toBe(2);
      await expect(
        store.replaceScenario('o1', head.id, { name: 'c' }, { name: 'c', authorities: 0 }, 1, now),
      ).rejects.toBeInstanceOf(VersionMismatchError);
      expect((await store.getScenario('o1', head.id))?.body).toEqual({ name: 'b', authorities: [] });
      expect(await store.getScenario('o2', head.id)).toBeUndefined(); // another owner's partition
    });

    it('lets exactly one of 10 concurrent replaces of the same version win, and keeps its body whole', async () => {
      if (skip()) return;
      const head = await store.createScenario('o1', { name: 'x' }, { name: 'x', authorities: 0 }, now);
      const big = (i: number) => ({ name: `w${i}`, pad: randomBytes(200_000).toString('base64') });
      const bodies = Array.from({ length: 10 }, (_, i) => big(i));
      const results = await Promise.allSettled(
        bodies.map((b, i) => store.replaceScenario('o1', head.id, b, { name: `w${i}`, authorities: 0 }, 1, now)),
      );
      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      expect(won).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(VersionMismatchError);
      expect((await store.getScenario('o1', head.id))?.body).toEqual(bodies[won[0]!]);
    });

    it(
      'stores a result far over 400 KB in chunks, serves it ' + 'only after its commit marker, and reads it back equal',
      async () => {
        if (skip()) return;
        const head = await store.createScenario('o1', { name: 'r' }, { name: 'r', authorities: 0 }, now);
        const run = await store.createRun(
          'o1',
          {
            runId: 'run-big',
            scenarioId: head.id,
            scenarioVersion: 1,
            status: 'queued',
            progress: { done: 0, total: 1 },
            request: { iterations: 0, seed: 1, allocation: 'equal' },
            executor: 'test',
            createdAt: now.toISOString(),
          },
          '{"input":true}',
        );
        expect(run.status).toBe('queued');
        expect(await store.putRunResult('o1', 'run-big', '{}', now)).toBe(false); // not running: no commit
        expect(await store.transitionRun('o1', 'run-big', ['queued'], { status: 'running' }, now)).toBe(true);
        const result = JSON.stringify({
          rows: Array.from({ length: 60_000 }, (_, i) => ({ i, r: randomBytes(8).toString('hex') })),
        });
        expect(result.length).toBeGreaterThan(2_000_000);
        expect(await store.putRunResult('o1', 'run-big', result, now)).toBe(true);
        const done = (await store.getRun('o1', 'run-big'))!;
        expect(done.status).toBe('succeeded');
        expect(done.resultChunks).toBeGreaterThan(1);
        expect(await store.getRunResult('o1', done)).toBe(result);
        expect(await store.getRunInput('o1', 'run-big')).toBe('{"input":true}');
        expect((await store.listRuns('o1', head.id, 10)).items.map((r) => r.runId)).toEqual(['run-big']);
        await store.deleteScenario('o1', head.id);
        expect(await store.getRun('o1', 'run-big')).toBeUndefined();
      },
    );

    it('pages newest first and continues after the last key', async () => {
      if (skip()) return;
      const ids: string[] = [];
      for (let i = 0; i < 5; i++)
        ids.push(
          (
            await store.createScenario(
              'pager',
              { i },
              { name: `s${i}`, authorities: 0 },
              new Date(now.getTime() + i * 1000),
            )
          ).id,
        );
      const p1 = await store.listScenarios('pager', 2);
      const p2 = await store.listScenarios('pager', 2, p1.lastSk);
      const p3 = await store.listScenarios('pager', 2, p2.lastSk);
      expect([...p1.items, ...p2.items, ...p3.items].map((s) => s.id)).toEqual([...ids].reverse());
      if (p3.lastSk) expect((await store.listScenarios('pager', 2, p3.lastSk)).items).toEqual([]);
    });

    it('idempotency: new, then replay of the stored answer, mismatch on another fingerprint', async () => {
      if (skip()) return;
      expect((await store.beginIdempotent('o1', 'k', 'f1', now, 60)).state).toBe('new');
      expect((await store.beginIdempotent('o1', 'k', 'f1', now, 60)).state).toBe('inProgress');
      await store.completeIdempotent('o1', 'k', { statusCode: 201, headers: { a: 'b' }, body: '{"x":1}' });
      expect(await store.beginIdempotent('o1', 'k', 'f1', now, 60)).toEqual({
        state: 'replay',
        response: { statusCode: 201, headers: { a: 'b' }, body: '{"x":1}' },
      });
      expect((await store.beginIdempotent('o1', 'k', 'f2', now, 60)).state).toBe('mismatch');
      expect((await store.beginIdempotent('o2', 'k', 'f2', now, 60)).state).toBe('new'); // per owner
      const later = new Date(now.getTime() + 61_000);
      expect((await store.beginIdempotent('o1', 'k', 'f2', later, 60)).state).toBe('new'); // expired
    });

    it(
      'idempotency: a key whose request died (its lease not renewed) is taken over by the same request, within the ' +
        'lease',
      async () => {
        if (skip()) return;
        const at = (s: number) => new Date(now.getTime() + s * 1000);
        expect((await store.beginIdempotent('o4', 'k', 'f', at(0), 3600, 5)).state).toBe('new');
        expect((await store.beginIdempotent('o4', 'k', 'f', at(3), 3600, 5)).state).toBe('inProgress');
        expect((await store.beginIdempotent('o4', 'k', 'other', at(6), 3600, 5)).state).toBe('mismatch');
        expect((await store.beginIdempotent('o4', 'k', 'f', at(6), 3600, 5)).state).toBe('new'); // lapsed: taken over
        // the new holder renews its lease while it works: a retry meanwhile still waits
        expect(await store.renewIdempotent('o4', 'k', 'f', at(9), 5)).toBe(true);
        expect((await store.beginIdempotent('o4', 'k', 'f', at(12), 3600, 5)).state).toBe('inProgress');
        await store.completeIdempotent('o4', 'k', { statusCode: 201, headers: {}, body: '{}' });
        expect(await store.renewIdempotent('o4', 'k', 'f', at(13), 5)).toBe(false); // done: nothing to renew
        expect((await store.beginIdempotent('o4', 'k', 'f', at(100), 3600, 5)).state).toBe('replay');
      },
    );

    it('a delete leaves nothing readable: the scenario, its runs and their results read as missing', async () => {
      if (skip()) return;
      const head = await store.createScenario('o5', { name: 'd' }, { name: 'd', authorities: 0 }, now);
      await store.createRun(
        'o5',
        {
          runId: 'run-del',
          scenarioId: head.id,
          scenarioVersion: 1,
          status: 'queued',
          progress: { done: 0, total: 1 },
          request: { iterations: 0, seed: 1, allocation: 'equal' },
          executor: 'test',
          createdAt: now.toISOString(),
        },
        '{"x":1}',
      );
      expect(await store.deleteScenario('o5', head.id)).toEqual(['run-del']);
      expect(await store.getScenario('o5', head.id)).toBeUndefined();
      expect(await store.getRun('o5', 'run-del')).toBeUndefined();
      await expect(store.getRunInput('o5', 'run-del')).rejects.toThrow(/no such run/);
      expect((await store.listScenarios('o5', 10)).items).toEqual([]);
    });

    it('the orphan sweep removes what nothing names and keeps everything that is named', async () => {
      if (skip()) return;
      const head = await store.createScenario('o6', { name: 'keep' }, { name: 'keep', authorities: 0 }, now);
      const doc = documentClientFor(ep!.endpoint);
      const pk = 'O#o6';
      const data = Buffer.from('x');
      for (const sk of ['SB#ghost#00000001#tok#00000', `SB#${head.id}#00000001#stale#00000`, `SR#${head.id}#ghostrun`])
        await doc.send(new PutCommand({ TableName: table, Item: { pk, sk, data, runId: 'ghostrun' } }));
      for (const sk of ['RI#00000', 'RR#tok#00000', 'RP#00000000#00000'])
        await doc.send(new PutCommand({ TableName: table, Item: { pk: 'RUN#ghostrun', sk, data } }));
      await doc.send(
        new PutCommand({
          TableName: table,
          Item: { pk: 'RUN#stray', sk: 'RN', owner: 'o6', runId: 'stray', scenarioId: 'gone', status: 'failed' },
        }),
      );
      expect(await store.sweepOrphans()).toBeGreaterThanOrEqual(7);
      expect((await store.getScenario('o6', head.id))?.body).toEqual({ name: 'keep' });
      expect(await store.getRun('o6', 'stray')).toBeUndefined();
      expect(await store.sweepOrphans()).toBe(0);
    });

    it('keeps each run in its own partition, readable and writable only by its owner', async () => {
      if (skip()) return;
      const head = await store.createScenario('o7', { name: 'p' }, { name: 'p', authorities: 0 }, now);
      const run = {
        runId: `run-own-${randomBytes(3).toString('hex')}`,
        scenarioId: head.id,
        scenarioVersion: 1,
        status: 'running' as const,
        progress: { done: 0, total: 4 },
        request: { iterations: 4, seed: 1, allocation: 'equal' as const },
        executor: 'test',
        createdAt: now.toISOString(),
      };
      await store.createRun('o7', run, '{"in":1}');
      const doc = documentClientFor(ep!.endpoint);
      const { Item } = await doc.send(new GetCommand({ TableName: table, Key: { pk: `RUN#${run.runId}`, sk: 'RN' } }));
      expect(Item?.owner).toBe('o7');
      expect(await store.getRun('o8', run.runId)).toBeUndefined();
      await expect(store.getRunInput('o8', run.runId)).rejects.toThrow(/no such run/);
      expect(await store.transitionRun('o8', run.runId, ['running'], { status: 'failed' }, now)).toBe(false);
      await expect(store.addProgress('o8', run.runId, 1, now)).rejects.toThrow();
      await store.discardRun('o8', run.runId, head.id); // not theirs: nothing happens
      expect((await store.getRun('o7', run.runId))?.status).toBe('running');
      await store.putPartial('o7', run.runId, 0, Buffer.from([1, 2, 3]));
      expect(await store.listPartials('o7', run.runId)).toHaveLength(1);
      await expect(store.listPartials('o8', run.runId)).rejects.toThrow(/no such run/);
      expect((await store.listRuns('o7', head.id, 10)).items.map((r) => r.runId)).toEqual([run.runId]);
    });

    it("moves runs stored in their owner's partition (before issue 17) into their own", async () => {
      if (skip()) return;
      const head = await store.createScenario('o9', { name: 'm' }, { name: 'm', authorities: 0 }, now);
      const doc = documentClientFor(ep!.endpoint);
      const pk = 'O#o9';
      const [input] = await encodeChunks('{"old":true}');
      const [result] = await encodeChunks('{"npv":1}');
      await doc.send(new PutCommand({ TableName: table, Item: { pk, sk: `SR#${head.id}#oldrun`, runId: 'oldrun' } }));
      await doc.send(new PutCommand({ TableName: table, Item: { pk, sk: 'RI#oldrun#00000', data: input } }));
      await doc.send(new PutCommand({ TableName: table, Item: { pk, sk: 'RR#oldrun#tk#00000', data: result } }));
      await doc.send(
        new PutCommand({
          TableName: table,
          Item: {
            pk,
            sk: 'RN#oldrun',
            runId: 'oldrun',
            scenarioId: head.id,
            scenarioVersion: 1,
            status: 'succeeded',
            progress: { done: 1, total: 1 },
            request: { iterations: 0, seed: 1, allocation: 'equal' },
            executor: 'inline',
            createdAt: now.toISOString(),
            updatedAt: now.toISOString(),
            inputChunks: 1,
            resultChunks: 1,
            resultToken: 'tk',
          },
        }),
      );
      expect(await store.migrateRunPartitions()).toBe(1);
      const run = await store.getRun('o9', 'oldrun');
      expect(run?.status).toBe('succeeded');
      expect(await store.getRunInput('o9', 'oldrun')).toBe('{"old":true}');
      expect(await store.getRunResult('o9', run!)).toBe('{"npv":1}');
      expect(await store.migrateRunPartitions()).toBe(0);
      expect(await store.sweepOrphans()).toBe(0);
    });

    it('workspaces: a record with the members, a pointer per member, changes conditional on its version', async () => {
      if (skip()) return;
      const id = `w-${randomBytes(5).toString('hex')}`;
      const ws = await store.createWorkspace(id, 'Gwent', 'alice', now);
      expect(await store.getWorkspaceRole(id, 'alice')).toBe('owner');
      expect(await store.getWorkspaceRole(id, 'bob')).toBeUndefined();
      expect(await store.getWorkspaceRole('w-none', 'alice')).toBeUndefined();
      // a principal with the characters an ARN or a JWT subject has reads back by the projection too
      const arn = 'arn:aws:iam::123456789012:user/team.a/bob';
      const v2 = await store.setWorkspaceMember(ws, arn, 'editor', now);
      expect(v2.version).toBe(2);
      expect(await store.getWorkspaceRole(id, arn)).toBe('editor');
      // a change made from a stale read loses: nothing is overwritten
      await expect(store.setWorkspaceMember(ws, 'carol', 'viewer', now)).rejects.toBeInstanceOf(VersionMismatchError);
      expect((await store.getWorkspace(id))?.members).toEqual({ alice: 'owner', [arn]: 'editor' });
      expect((await store.listWorkspaces(arn, 10)).items).toEqual([
        { id, name: 'Gwent', role: 'editor', createdAt: now.toISOString() },
      ]);
      // the workspace's partition is an owner partition like any other: its scenarios are its own
      const head = await store.createScenario(`workspace:${id}`, { name: 's' }, { name: 's', authorities: 0 }, now);
      expect(await store.getScenarioHead('alice', head.id)).toBeUndefined();
      expect(await store.sweepOrphans()).toBe(0);
      // removed: the record first, then the pointer; a pointer left behind is not listed
      const v3 = await store.setWorkspaceMember(v2, arn, undefined, now);
      expect(v3.members).toEqual({ alice: 'owner' });
      expect((await store.listWorkspaces(arn, 10)).items).toEqual([]);
      const doc = documentClientFor(ep!.endpoint);
      await doc.send(new PutCommand({ TableName: table, Item: { pk: `O#${arn}`, sk: `MW#${id}`, workspaceId: id } }));
      expect((await store.listWorkspaces(arn, 10)).items).toEqual([]);
      expect((await store.listWorkspaces('alice', 10)).items.map((w) => w.id)).toContain(id);
    });

    it('finds unfinished runs across owners (recovery)', async () => {
      if (skip()) return;
      const head = await store.createScenario('o3', { name: 'u' }, { name: 'u', authorities: 0 }, now);
      await store.createRun(
        'o3',
        {
          runId: 'run-stuck',
          scenarioId: head.id,
          scenarioVersion: 1,
          status: 'running',
          progress: { done: 0, total: 1 },
          request: { iterations: 0, seed: 1, allocation: 'equal' },
          executor: 'test',
          createdAt: now.toISOString(),
        },
        '{}',
      );
      expect(await store.listUnfinishedRuns()).toEqual(
        expect.arrayContaining([expect.objectContaining({ owner: 'o3', runId: 'run-stuck' })]),
      );
    });
  });
}
