/**
 * The store port and its DynamoDB implementation. Conditional writes only (no transactions),
 * so the same code runs on AWS DynamoDB, DynamoDB Local and the embedded dynalite:
 * - versions: a scenario head carries `version`; a replace is conditional on it (412 upstream);
 * - commit markers: bodies, run inputs and results are written as chunks first, and the head
 *   item that names them (with a unique token) last, so a half-written value is never read;
 * - every key is in the owner's partition.
 */
import {
  BatchWriteCommand,
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import type { AllocationMethod } from '../engine/schema';
import { decodeBinary, decodeChunks, encodeChunks } from './blobs';
import { ConflictError, NotFoundError, VersionMismatchError } from './errors';
import * as K from './keys';
import { DEFAULT_RETRY, type RetryPolicy, withRetry } from './retry';
import { BodyCache } from './bodyCache';

export interface ScenarioHead {
  readonly id: string;
  readonly name: string;
  readonly version: number;
  readonly authorities: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}
export interface StoredScenario extends ScenarioHead {
  readonly body: unknown;
}

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed';
export interface RunRequest {
  /** A partnership-planning run: its constraints (the result is a plan, not a simulation). */
  readonly plan?: unknown;
  readonly iterations: number;
  readonly seed: number;
  readonly allocation: AllocationMethod;
}
export interface RunError {
  readonly type: string;
  readonly title: string;
  readonly detail: string;
}
export interface RunRecord {
  readonly runId: string;
  readonly scenarioId: string;
  readonly scenarioVersion: number;
  readonly status: RunStatus;
  readonly progress: { readonly done: number; readonly total: number };
  readonly request: RunRequest;
  readonly executor: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly error?: RunError;
  readonly resultChunks?: number;
  readonly resultToken?: string;
}

export interface Page<T> {
  readonly items: T[];
  /** Sort key to continue after, or undefined on the last page. */
  readonly lastSk?: string;
}

export interface StoredResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}
export type IdempotencyBegin =
  | { readonly state: 'new' }
  | { readonly state: 'replay'; readonly response: StoredResponse }
  | { readonly state: 'mismatch' }
  | { readonly state: 'inProgress' };

export interface Store {
  createScenario(
    owner: string,
    body: unknown,
    meta: { name: string; authorities: number },
    now: Date,
  ): Promise<ScenarioHead>;
  getScenarioHead(owner: string, id: string): Promise<ScenarioHead | undefined>;
  getScenario(owner: string, id: string): Promise<StoredScenario | undefined>;
  listScenarios(owner: string, limit: number, afterSk?: string): Promise<Page<ScenarioHead>>;
  replaceScenario(
    owner: string,
    id: string,
    body: unknown,
    meta: { name: string; authorities: number },
    expectedVersion: number,
    now: Date,
  ): Promise<ScenarioHead>;
  deleteScenario(owner: string, id: string): Promise<void>;
  createRun(owner: string, run: Omit<RunRecord, 'updatedAt'>, input: string): Promise<RunRecord>;
  getRun(owner: string, runId: string): Promise<RunRecord | undefined>;
  getRunInput(owner: string, runId: string): Promise<string>;
  listRuns(owner: string, scenarioId: string, limit: number, afterSk?: string): Promise<Page<RunRecord>>;
  /** Update a run's status fields if it is in one of `from` (false if it was not). */
  transitionRun(
    owner: string,
    runId: string,
    from: readonly RunStatus[],
    patch: Partial<Pick<RunRecord, 'status' | 'progress' | 'startedAt' | 'finishedAt' | 'error' | 'executor'>>,
    now: Date,
  ): Promise<boolean>;
  /** Write a result (any size) and mark the run succeeded: chunks first, the head last. */
  putRunResult(owner: string, runId: string, result: string, now: Date): Promise<boolean>;
  getRunResult(owner: string, run: RunRecord): Promise<string>;
  /** Runs left queued or running (all owners): for recovery after a crash of the local server. */
  listUnfinishedRuns(): Promise<{ owner: string; runId: string }[]>;
  /** A Monte Carlo chunk's partial (deployed fan-out: too large for the state machine's payload). */
  putPartial(owner: string, runId: string, from: number, data: Uint8Array): Promise<void>;
  listPartials(owner: string, runId: string): Promise<Buffer[]>;
  /** Add to a running run's progress.done atomically (chunks finish in any order). */
  addProgress(owner: string, runId: string, iterations: number, now: Date): Promise<void>;
  beginIdempotent(
    owner: string,
    key: string,
    fingerprint: string,
    now: Date,
    ttlSeconds: number,
  ): Promise<IdempotencyBegin>;
  completeIdempotent(owner: string, key: string, response: StoredResponse): Promise<void>;
  abandonIdempotent(owner: string, key: string): Promise<void>;
}

const token = () => randomBytes(6).toString('hex');
const isConditionFailure = (e: unknown) => e instanceof Error && e.name === 'ConditionalCheckFailedException';

interface ScenarioItem extends ScenarioHead {
  readonly bodyToken: string;
  readonly chunks: number;
}

function headOf(item: Record<string, unknown>): ScenarioHead {
  const { id, name, version, authorities, createdAt, updatedAt } = item as unknown as ScenarioItem;
  return { id, name, version, authorities, createdAt, updatedAt };
}

function runOf(item: Record<string, unknown>): RunRecord {
  const { pk: _pk, sk: _sk, ...rest } = item;
  void _pk;
  void _sk;
  return rest as unknown as RunRecord;
}

export class DynamoStore implements Store {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    /** Decoded bodies kept in memory (characters); 0 turns the cache off. */
    cacheChars = 32 * 2 ** 20,
  ) {
    this.bodies = new BodyCache(cacheChars);
  }

  private readonly bodies: BodyCache;

  /** Reads and unconditional (idempotent) writes: every transient failure is retried. */
  private send<T>(op: () => Promise<T>): Promise<T> {
    return withRetry(op, this.retry);
  }

  /** Conditional writes: retried only when the failure certainly changed nothing (retry.ts). */
  private sendConditional<T>(op: () => Promise<T>): Promise<T> {
    return withRetry(op, this.retry, false);
  }

  /** A conditional update of one item in the owner's partition. */
  private update(owner: string, sk: string, input: Omit<UpdateCommandInput, 'TableName' | 'Key'>) {
    return this.sendConditional(() =>
      this.doc.send(new UpdateCommand({ TableName: this.table, Key: { pk: K.pk(owner), sk }, ...input })),
    );
  }

  // ---- chunked values --------------------------------------------------------------------

  private async writeChunks(owner: string, prefix: string, text: string | Uint8Array): Promise<number> {
    const chunks = encodeChunks(text);
    const items = chunks.map((data, n) => ({
      PutRequest: { Item: { pk: K.pk(owner), sk: `${prefix}${K.pad(n, 5)}`, data } },
    }));
    await this.batchWrite(items);
    return chunks.length;
  }

  /** A body stored as chunks under a write-once prefix: cached once decoded (bodyCache.ts says why that is safe). */
  private async readChunks(owner: string, prefix: string, expected: number): Promise<string> {
    const key = `${owner}\u0000${prefix}\u0000${expected}`;
    const cached = this.bodies.get(key);
    if (cached !== undefined) return cached;
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': K.pk(owner), ':p': prefix },
    });
    if (items.length !== expected)
      throw new Error(`expected ${expected} chunks under ${prefix}, found ${items.length}`);
    const text = decodeChunks(items.map((i) => i.data as Uint8Array));
    this.bodies.set(key, text);
    return text;
  }

  private async deletePrefix(owner: string, prefix: string): Promise<void> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': K.pk(owner), ':p': prefix },
      ProjectionExpression: 'pk, sk',
    });
    await this.batchWrite(items.map((i) => ({ DeleteRequest: { Key: { pk: i.pk, sk: i.sk } } })));
  }

  private async batchWrite(requests: Record<string, unknown>[]): Promise<void> {
    for (let o = 0; o < requests.length; o += 25) {
      let pending: Record<string, unknown>[] = requests.slice(o, o + 25);
      for (let attempt = 0; pending.length > 0; attempt++) {
        const out = await this.send(() =>
          this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: pending as never } })),
        );
        pending = (out.UnprocessedItems?.[this.table] as Record<string, unknown>[] | undefined) ?? [];
        if (pending.length > 0) {
          if (attempt >= 8) throw new Error('DynamoDB left items unprocessed after 8 attempts');
          await this.retry.sleep(this.retry.baseMs * 2 ** attempt);
        }
      }
    }
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.send(() =>
        this.doc.send(
          new QueryCommand({
            TableName: this.table,
            ConsistentRead: true,
            ...input,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        ),
      );
      out.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  private async page(
    owner: string,
    prefix: string,
    limit: number,
    afterSk: string | undefined,
  ): Promise<{ items: Record<string, unknown>[]; lastSk?: string }> {
    const out = await this.send(() =>
      this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
          ExpressionAttributeValues: { ':pk': K.pk(owner), ':p': prefix },
          ScanIndexForward: false,
          Limit: limit,
          ...(afterSk ? { ExclusiveStartKey: { pk: K.pk(owner), sk: afterSk } } : {}),
        }),
      ),
    );
    const lastSk = out.LastEvaluatedKey?.sk as string | undefined;
    return { items: out.Items ?? [], ...(lastSk ? { lastSk } : {}) };
  }

  // ---- scenarios -------------------------------------------------------------------------

  async createScenario(
    owner: string,
    body: unknown,
    meta: { name: string; authorities: number },
    now: Date,
  ): Promise<ScenarioHead> {
    const id = K.newId(now.getTime(), () => randomBytes(5).toString('hex'));
    const bodyToken = token();
    const chunks = await this.writeChunks(owner, `${K.scenarioBodyPrefix(id, 1)}${bodyToken}#`, JSON.stringify(body));
    const at = now.toISOString();
    const item: ScenarioItem = {
      id,
      name: meta.name,
      version: 1,
      authorities: meta.authorities,
      createdAt: at,
      updatedAt: at,
      bodyToken,
      chunks,
    };
    await this.sendConditional(() =>
      this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: K.pk(owner), sk: K.scenarioSk(id), ...item },
          ConditionExpression: 'attribute_not_exists(sk)',
        }),
      ),
    );
    return headOf(item as unknown as Record<string, unknown>);
  }

  private async scenarioItem(owner: string, id: string): Promise<ScenarioItem | undefined> {
    const out = await this.send(() =>
      this.doc.send(
        new GetCommand({ TableName: this.table, Key: { pk: K.pk(owner), sk: K.scenarioSk(id) }, ConsistentRead: true }),
      ),
    );
    return out.Item as ScenarioItem | undefined;
  }

  async getScenarioHead(owner: string, id: string): Promise<ScenarioHead | undefined> {
    const item = await this.scenarioItem(owner, id);
    return item ? headOf(item as unknown as Record<string, unknown>) : undefined;
  }

  async getScenario(owner: string, id: string): Promise<StoredScenario | undefined> {
    const item = await this.scenarioItem(owner, id);
    if (!item) return undefined;
    const text = await this.readChunks(
      owner,
      `${K.scenarioBodyPrefix(id, item.version)}${item.bodyToken}#`,
      item.chunks,
    );
    return { ...headOf(item as unknown as Record<string, unknown>), body: JSON.parse(text) as unknown };
  }

  async listScenarios(owner: string, limit: number, afterSk?: string): Promise<Page<ScenarioHead>> {
    const p = await this.page(owner, K.SCENARIO_PREFIX, limit, afterSk);
    return { items: p.items.map(headOf), ...(p.lastSk ? { lastSk: p.lastSk } : {}) };
  }

  async replaceScenario(
    owner: string,
    id: string,
    body: unknown,
    meta: { name: string; authorities: number },
    expectedVersion: number,
    now: Date,
  ): Promise<ScenarioHead> {
    const current = await this.scenarioItem(owner, id);
    if (!current) throw new NotFoundError('scenario');
    if (current.version !== expectedVersion) throw new VersionMismatchError(current.version);
    const version = expectedVersion + 1;
    const bodyToken = token();
    const prefix = `${K.scenarioBodyPrefix(id, version)}${bodyToken}#`;
    const chunks = await this.writeChunks(owner, prefix, JSON.stringify(body));
    try {
      const out = await this.update(owner, K.scenarioSk(id), {
        UpdateExpression:
          'SET version = :v, #n = :name, authorities = :a, updatedAt = :at, bodyToken = :t, chunks = :c',
        ConditionExpression: 'attribute_exists(sk) AND version = :expected',
        ExpressionAttributeNames: { '#n': 'name' },
        ExpressionAttributeValues: {
          ':v': version,
          ':name': meta.name,
          ':a': meta.authorities,
          ':at': now.toISOString(),
          ':t': bodyToken,
          ':c': chunks,
          ':expected': expectedVersion,
        },
        ReturnValues: 'ALL_NEW',
      });
      // The old body is no longer named by the head: remove it (a crash here leaves only garbage).
      await this.deletePrefix(owner, `${K.scenarioBodyPrefix(id, expectedVersion)}${current.bodyToken}#`);
      return headOf(out.Attributes ?? {});
    } catch (e) {
      // Only a failed condition proves the head does not name our chunks; after any other error
      // the update may have been applied, and the chunks left behind are at worst garbage.
      if (!isConditionFailure(e)) throw e;
      await this.deletePrefix(owner, prefix); // our chunks lost the race
      const now2 = await this.scenarioItem(owner, id);
      if (!now2) throw new NotFoundError('scenario');
      throw new VersionMismatchError(now2.version);
    }
  }

  async deleteScenario(owner: string, id: string): Promise<void> {
    const head = await this.scenarioItem(owner, id);
    if (!head) throw new NotFoundError('scenario');
    // Runs first, the scenario head last: a crash part-way leaves a scenario whose DELETE can be repeated.
    const pointers = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': K.pk(owner), ':p': K.scenarioRunsPrefix(id) },
      ProjectionExpression: 'sk, runId',
    });
    for (const p of pointers) await this.deleteRun(owner, p.runId as string, id);
    await this.deletePrefix(owner, K.scenarioBodiesOf(id));
    await this.send(() =>
      this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: K.pk(owner), sk: K.scenarioSk(id) } })),
    );
  }

  private async deleteRun(owner: string, runId: string, scenarioId: string): Promise<void> {
    await this.deletePrefix(owner, K.runPartialPrefix(runId));
    await this.deletePrefix(owner, K.runResultPrefix(runId));
    await this.deletePrefix(owner, K.runInputPrefix(runId));
    await this.batchWrite([
      { DeleteRequest: { Key: { pk: K.pk(owner), sk: K.runSk(runId) } } },
      { DeleteRequest: { Key: { pk: K.pk(owner), sk: K.scenarioRunSk(scenarioId, runId) } } },
    ]);
  }

  // ---- runs ------------------------------------------------------------------------------

  async createRun(owner: string, run: Omit<RunRecord, 'updatedAt'>, input: string): Promise<RunRecord> {
    const inputChunks = await this.writeChunks(owner, K.runInputPrefix(run.runId), input);
    await this.send(() =>
      this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: K.pk(owner), sk: K.scenarioRunSk(run.scenarioId, run.runId), runId: run.runId },
        }),
      ),
    );
    const record: RunRecord & { inputChunks: number } = { ...run, updatedAt: run.createdAt, inputChunks };
    await this.sendConditional(() =>
      this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: K.pk(owner), sk: K.runSk(run.runId), ...record },
          ConditionExpression: 'attribute_not_exists(sk)',
        }),
      ),
    );
    return record;
  }

  async getRun(owner: string, runId: string): Promise<RunRecord | undefined> {
    const out = await this.send(() =>
      this.doc.send(
        new GetCommand({ TableName: this.table, Key: { pk: K.pk(owner), sk: K.runSk(runId) }, ConsistentRead: true }),
      ),
    );
    return out.Item ? runOf(out.Item) : undefined;
  }

  async getRunInput(owner: string, runId: string): Promise<string> {
    const run = (await this.getRun(owner, runId)) as (RunRecord & { inputChunks?: number }) | undefined;
    if (!run) throw new NotFoundError('run');
    return this.readChunks(owner, K.runInputPrefix(runId), run.inputChunks ?? 0);
  }

  async listRuns(owner: string, scenarioId: string, limit: number, afterSk?: string): Promise<Page<RunRecord>> {
    const p = await this.page(owner, K.scenarioRunsPrefix(scenarioId), limit, afterSk);
    const ids = p.items.map((i) => i.runId as string);
    const runs = new Map<string, RunRecord>();
    for (let o = 0; o < ids.length; o += 100) {
      const keys = ids.slice(o, o + 100).map((id) => ({ pk: K.pk(owner), sk: K.runSk(id) }));
      const out = await this.send(() =>
        this.doc.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true } } })),
      );
      for (const item of out.Responses?.[this.table] ?? []) runs.set(item.runId as string, runOf(item));
    }
    const items = ids.flatMap((id) => (runs.has(id) ? [runs.get(id)!] : []));
    return { items, ...(p.lastSk ? { lastSk: p.lastSk } : {}) };
  }

  async transitionRun(
    owner: string,
    runId: string,
    from: readonly RunStatus[],
    patch: Partial<Pick<RunRecord, 'status' | 'progress' | 'startedAt' | 'finishedAt' | 'error' | 'executor'>>,
    now: Date,
  ): Promise<boolean> {
    const names: Record<string, string> = { '#s': 'status' };
    const values: Record<string, unknown> = { ':at': now.toISOString() };
    const sets = ['updatedAt = :at'];
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) continue;
      names[`#${k}`] = k;
      values[`:${k}`] = v;
      sets.push(`#${k} = :${k}`);
    }
    from.forEach((s, i) => {
      values[`:from${i}`] = s;
    });
    try {
      await this.update(owner, K.runSk(runId), {
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: `attribute_exists(sk) AND #s IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      });
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async putRunResult(owner: string, runId: string, result: string, now: Date): Promise<boolean> {
    const resultToken = token();
    const prefix = `${K.runResultPrefix(runId)}${resultToken}#`;
    const chunks = await this.writeChunks(owner, prefix, result);
    try {
      await this.update(owner, K.runSk(runId), {
        UpdateExpression:
          'SET #s = :ok, resultChunks = :c, resultToken = :t, finishedAt = :at, updatedAt = :at, progress.done = progress.#total',
        ConditionExpression: 'attribute_exists(sk) AND #s = :running',
        ExpressionAttributeNames: { '#s': 'status', '#total': 'total' },
        ExpressionAttributeValues: {
          ':ok': 'succeeded',
          ':c': chunks,
          ':t': resultToken,
          ':at': now.toISOString(),
          ':running': 'running',
        },
      });
      return true;
    } catch (e) {
      if (!isConditionFailure(e)) throw e; // maybe applied: keep the chunks (see replaceScenario)
      await this.deletePrefix(owner, prefix);
      return false;
    }
  }

  async getRunResult(owner: string, run: RunRecord): Promise<string> {
    if (run.status !== 'succeeded' || run.resultChunks === undefined || !run.resultToken)
      throw new ConflictError('the run has no result yet');
    return this.readChunks(owner, `${K.runResultPrefix(run.runId)}${run.resultToken}#`, run.resultChunks);
  }

  async listUnfinishedRuns(): Promise<{ owner: string; runId: string }[]> {
    const out: { owner: string; runId: string }[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.send(() =>
        this.doc.send(
          new ScanCommand({
            TableName: this.table,
            FilterExpression: 'begins_with(sk, :rn) AND #s IN (:q, :r)',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':rn': 'RN#', ':q': 'queued', ':r': 'running' },
            ProjectionExpression: 'pk, runId',
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        ),
      );
      for (const i of page.Items ?? []) out.push({ owner: (i.pk as string).slice(2), runId: i.runId as string });
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  // ---- Monte Carlo partials --------------------------------------------------------------

  async putPartial(owner: string, runId: string, from: number, data: Uint8Array): Promise<void> {
    // One item per chunk (a partial is 8 bytes an iteration: far under 400 KB for a 2,000-iteration chunk).
    const prefix = `${K.runPartialPrefix(runId)}${K.pad(from, 8)}#`;
    await this.deletePrefix(owner, prefix); // a retried chunk replaces its earlier attempt
    const n = await this.writeChunks(owner, prefix, data);
    if (n !== 1) throw new Error('a partial must fit one item: use smaller chunks');
  }

  async listPartials(owner: string, runId: string): Promise<Buffer[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': K.pk(owner), ':p': K.runPartialPrefix(runId) },
    });
    return items.map((i) => decodeBinary([i.data as Uint8Array]));
  }

  async addProgress(owner: string, runId: string, iterations: number, now: Date): Promise<void> {
    await this.update(owner, K.runSk(runId), {
      UpdateExpression: 'ADD progress.done :n SET updatedAt = :at',
      ConditionExpression: 'attribute_exists(sk) AND #s = :running',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':n': iterations, ':at': now.toISOString(), ':running': 'running' },
    });
  }

  // ---- idempotency -----------------------------------------------------------------------

  async beginIdempotent(
    owner: string,
    key: string,
    fingerprint: string,
    now: Date,
    ttlSeconds: number,
  ): Promise<IdempotencyBegin> {
    const nowS = Math.floor(now.getTime() / 1000);
    try {
      await this.sendConditional(() =>
        this.doc.send(
          new PutCommand({
            TableName: this.table,
            Item: {
              pk: K.pk(owner),
              sk: K.idempotencySk(key),
              fingerprint,
              state: 'inProgress',
              expiresAt: nowS + ttlSeconds,
            },
            ConditionExpression: 'attribute_not_exists(sk) OR expiresAt < :now',
            ExpressionAttributeValues: { ':now': nowS },
          }),
        ),
      );
      return { state: 'new' };
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
    const out = await this.send(() =>
      this.doc.send(
        new GetCommand({
          TableName: this.table,
          Key: { pk: K.pk(owner), sk: K.idempotencySk(key) },
          ConsistentRead: true,
        }),
      ),
    );
    const item = out.Item;
    if (!item) return this.beginIdempotent(owner, key, fingerprint, now, ttlSeconds);
    if (item.fingerprint !== fingerprint) return { state: 'mismatch' };
    if (item.state !== 'completed') return { state: 'inProgress' };
    return { state: 'replay', response: JSON.parse(item.response as string) as StoredResponse };
  }

  async completeIdempotent(owner: string, key: string, response: StoredResponse): Promise<void> {
    await this.update(owner, K.idempotencySk(key), {
      UpdateExpression: 'SET #st = :c, #r = :r',
      ExpressionAttributeNames: { '#st': 'state', '#r': 'response' },
      ExpressionAttributeValues: { ':c': 'completed', ':r': JSON.stringify(response) },
    });
  }

  async abandonIdempotent(owner: string, key: string): Promise<void> {
    await this.send(() =>
      this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: K.pk(owner), sk: K.idempotencySk(key) } })),
    );
  }
}
