/**
 * The store port and its DynamoDB implementation. Conditional writes only (no transactions),
 * so the same code runs on AWS DynamoDB, DynamoDB Local and the embedded dynalite:
 * - versions: a scenario head carries `version`; a replace is conditional on it (412 upstream);
 * - commit markers: bodies, run inputs and results are written as chunks first, and the head
 *   item that names them (with a unique token) last, so a half-written value is never read;
 * - every key is in the owner's partition;
 * - deletes mark first and remove last: a scenario is marked `deleting` (from then on it reads as
 *   missing), then each run loses its record (it reads as missing), its chunks, and last its
 *   pointer (the durable to-do list); then the bodies, then the head. A crash part-way leaves a
 *   marked head that `completeDeletes` (at the local server's start) or a repeated DELETE finishes;
 * - reads that race a delete or a replace re-read the head rather than fail on missing chunks.
 *
 * Long because it is the one repository over one table; split by entity, the key layout and the rules for
 * conditional writes (written once, never retried blindly) would be spread across files.
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
  type ScanCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import type { RunRecord, RunStatus } from '../jobs/run';
import { decodeBinary, decodeChunks, encodeChunks } from './blobs';
import { ConflictError, NotFoundError, StoreUnavailableError, VersionMismatchError } from './errors';
import * as K from './keys';
import { DEFAULT_RETRY, type RetryPolicy, withRetry } from './retry';
import { BodyCache } from './bodyCache';
import { WORKSPACE_ROLES, type WorkspaceRole } from './roles';

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

/** A body given as its JSON text (stored as it is, not serialised again). */
export class JsonText {
  constructor(readonly text: string) {}
}

/** A scenario head with its body's JSON text, as stored. */
export interface ScenarioText extends ScenarioHead {
  readonly text: string;
}

export { WORKSPACE_ROLES, type WorkspaceRole };

/** A shared workspace: its record, with every member (principal → role). */
export interface WorkspaceRecord {
  readonly id: string;
  readonly name: string;
  /** Bumped by every change of members: a change is conditional on it. */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly members: Readonly<Record<string, WorkspaceRole>>;
}

/** A workspace as one of its members lists it. */
export interface WorkspaceMembership {
  readonly id: string;
  readonly name: string;
  readonly role: WorkspaceRole;
  readonly createdAt: string;
}

/** What the store reports of its operations (the local server watches its embedded store's health). */
export interface StoreObserver {
  /** Called before every write: throws (StoreUnavailableError) to refuse writes while the store cannot take them. */
  beforeWrite?(): void;
  /** A request the store failed after its retries (a server-side or connection error). */
  failed?(err: unknown, write: boolean): void;
}

export interface Store {
  createScenario(
    owner: string,
    body: unknown,
    meta: { name: string; authorities: number },
    now: Date,
  ): Promise<ScenarioHead>;
  getScenarioHead(owner: string, id: string): Promise<ScenarioHead | undefined>;
  getScenario(owner: string, id: string): Promise<StoredScenario | undefined>;
  /** The head and the body's JSON as stored, unparsed (a 6 MB body is served without parsing it). */
  getScenarioText(owner: string, id: string): Promise<ScenarioText | undefined>;
  listScenarios(owner: string, limit: number, afterSk?: string): Promise<Page<ScenarioHead>>;
  replaceScenario(
    owner: string,
    id: string,
    body: unknown,
    meta: { name: string; authorities: number },
    expectedVersion: number,
    now: Date,
  ): Promise<ScenarioHead>;
  /** Delete a scenario and its runs; returns the ids of the runs deleted (their work should stop). */
  deleteScenario(owner: string, id: string): Promise<string[]>;
  /** Finish deletes a crash interrupted (scenarios marked `deleting`); returns how many. */
  completeDeletes(): Promise<number>;
  createRun(owner: string, run: Omit<RunRecord, 'updatedAt'>, input: string): Promise<RunRecord>;
  getRun(owner: string, runId: string): Promise<RunRecord | undefined>;
  getRunInput(owner: string, runId: string): Promise<string>;
  /** Whose a run is, by its id alone (a signed report link names the run, not its owner). */
  getRunOwner(runId: string): Promise<string | undefined>;
  /** Remove a run entirely: record first (it reads as missing), then its chunks, then its pointer. */
  discardRun(owner: string, runId: string, scenarioId: string): Promise<void>;
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
  listUnfinishedRuns(): Promise<{ owner: string; runId: string; scenarioId: string }[]>;
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
    /** How long an in-progress key is held for its request; past it, a retry takes the key over. */
    leaseSeconds?: number,
  ): Promise<IdempotencyBegin>;
  /** Extend the lease of a key whose request is still being served (false if someone took it over). */
  renewIdempotent(owner: string, key: string, fingerprint: string, now: Date, leaseSeconds: number): Promise<boolean>;
  completeIdempotent(owner: string, key: string, response: StoredResponse): Promise<void>;
  abandonIdempotent(owner: string, key: string): Promise<void>;
  /** A shared workspace whose one member, its owner, is `owner`; its partition is `K.workspaceOwner(id)`. */
  createWorkspace(id: string, name: string, owner: string, now: Date): Promise<WorkspaceRecord>;
  getWorkspace(id: string): Promise<WorkspaceRecord | undefined>;
  /** One member's role, by a read of that member alone (what every request in a workspace checks). */
  getWorkspaceRole(id: string, principal: string): Promise<WorkspaceRole | undefined>;
  /**
   * Give `principal` a role (or remove it: `undefined`) if the workspace is still as `current`
   * was read (VersionMismatchError if not, NotFoundError if gone); then the member's pointer
   * follows (written or removed even when the role did not change, so a retry repairs it).
   */
  setWorkspaceMember(
    current: WorkspaceRecord,
    principal: string,
    role: WorkspaceRole | undefined,
    now: Date,
  ): Promise<WorkspaceRecord>;
  /** The shared workspaces `principal` is a member of, newest first (pointers checked against each record). */
  listWorkspaces(principal: string, limit: number, afterSk?: string): Promise<Page<WorkspaceMembership>>;
}

const token = () => randomBytes(6).toString('hex');
const isConditionFailure = (e: unknown) => e instanceof Error && e.name === 'ConditionalCheckFailedException';

interface ScenarioItem extends ScenarioHead {
  readonly bodyToken: string;
  readonly chunks: number;
  /** Set when a delete has begun: the scenario reads as missing from then on. */
  readonly deleting?: boolean;
}

function headOf(item: Record<string, unknown>): ScenarioHead {
  const { id, name, version, authorities, createdAt, updatedAt } = item as unknown as ScenarioItem;
  return { id, name, version, authorities, createdAt, updatedAt };
}

function runOf(item: Record<string, unknown>): RunRecord {
  const { pk: _pk, sk: _sk, inputChunks: _i, owner: _o, ...rest } = item;
  void _pk;
  void _sk;
  void _i;
  void _o;
  return rest as unknown as RunRecord;
}

/** Chunks not all there: the value was deleted or replaced since its head was read. */
class ChunksMissingError extends Error {
  constructor(prefix: string, expected: number, found: number) {
    super(`expected ${expected} chunks under ${prefix}, found ${found}`);
    this.name = 'ChunksMissingError';
  }
}

/** A run record is one item: it must stay well under DynamoDB's 400 KB (its request is summarised). */
export const MAX_RECORD_BYTES = 64 * 1024;

/** Readers of a value retry this many times when a concurrent change removes its chunks. */
const READ_ATTEMPTS = 3;

export class DynamoStore implements Store {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    /** Decoded bodies kept in memory (characters); 0 turns the cache off. */
    cacheChars = 32 * 2 ** 20,
    private readonly observer: StoreObserver = {},
  ) {
    this.bodies = new BodyCache(cacheChars);
  }

  private readonly bodies: BodyCache;
  /** Writes in flight, and a sweep waiting for them (sweepOrphans runs alone). */
  private writers = 0;
  private sweeping: Promise<void> | undefined;
  private drained: (() => void) | undefined;

  private async observed<T>(op: () => Promise<T>, write: boolean, idempotent: boolean): Promise<T> {
    if (write) this.observer.beforeWrite?.();
    try {
      return await withRetry(op, this.retry, idempotent);
    } catch (e) {
      if (e instanceof StoreUnavailableError) this.observer.failed?.(e.cause ?? e, write);
      throw e;
    }
  }

  /** Reads: every transient failure is retried. */
  private send<T>(op: () => Promise<T>): Promise<T> {
    return this.observed(op, false, true);
  }

  /** Unconditional (idempotent) writes: every transient failure is retried. */
  private sendWrite<T>(op: () => Promise<T>): Promise<T> {
    return this.observed(op, true, true);
  }

  /** Conditional writes: retried only when the failure certainly changed nothing (retry.ts). */
  private sendConditional<T>(op: () => Promise<T>): Promise<T> {
    return this.observed(op, true, false);
  }

  /** A conditional update of one item in the owner's partition. */
  private update(owner: string, sk: string, input: Omit<UpdateCommandInput, 'TableName' | 'Key'>) {
    return this.updateAt(K.pk(owner), sk, input);
  }

  /** A conditional update of one item in any partition (a run's). */
  private updateAt(pk: string, sk: string, input: Omit<UpdateCommandInput, 'TableName' | 'Key'>) {
    return this.sendConditional(() =>
      this.doc.send(new UpdateCommand({ TableName: this.table, Key: { pk, sk }, ...input })),
    );
  }

  /** A conditional update of a run's record that only its owner's request may make. */
  private updateRun(owner: string, runId: string, input: Omit<UpdateCommandInput, 'TableName' | 'Key'>) {
    const cond = input.ConditionExpression ? ` AND (${input.ConditionExpression})` : '';
    return this.updateAt(K.runPk(runId), K.RUN_RECORD_SK, {
      ...input,
      ConditionExpression: `#owner = :owner${cond}`,
      ExpressionAttributeNames: { ...input.ExpressionAttributeNames, '#owner': 'owner' },
      ExpressionAttributeValues: { ...input.ExpressionAttributeValues, ':owner': owner },
    });
  }

  /** A write that adds chunks (the orphan sweep waits for every one of them to end). */
  private async writing<T>(fn: () => Promise<T>): Promise<T> {
    while (this.sweeping) await this.sweeping;
    this.writers++;
    try {
      return await fn();
    } finally {
      this.writers--;
      if (this.writers === 0) this.drained?.();
    }
  }

  // ---- chunked values --------------------------------------------------------------------

  /** Chunks of a value under `prefix` in partition `pk` (an owner's, or a run's). */
  private async writeChunks(pk: string, prefix: string, text: string | Uint8Array): Promise<number> {
    const chunks = await encodeChunks(text);
    const items = chunks.map((data, n) => ({
      PutRequest: { Item: { pk, sk: `${prefix}${K.pad(n, 5)}`, data } },
    }));
    await this.batchWrite(items);
    return chunks.length;
  }

  /** A body stored as chunks under a write-once prefix: cached once decoded (bodyCache.ts says why that is safe). */
  private async readChunks(pk: string, prefix: string, expected: number): Promise<string> {
    const key = `${pk}\u0000${prefix}\u0000${expected}`;
    const cached = this.bodies.get(key);
    if (cached !== undefined) return cached;
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': pk, ':p': prefix },
    });
    if (items.length !== expected) throw new ChunksMissingError(prefix, expected, items.length);
    const text = await decodeChunks(items.map((i) => i.data as Uint8Array));
    this.bodies.set(key, text);
    return text;
  }

  private async deletePrefix(pk: string, prefix: string): Promise<void> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': pk, ':p': prefix },
      ProjectionExpression: 'pk, sk',
    });
    await this.batchWrite(items.map((i) => ({ DeleteRequest: { Key: { pk: i.pk, sk: i.sk } } })));
  }

  private async batchWrite(requests: Record<string, unknown>[]): Promise<void> {
    for (let o = 0; o < requests.length; o += 25) {
      let pending: Record<string, unknown>[] = requests.slice(o, o + 25);
      for (let attempt = 0; pending.length > 0; attempt++) {
        const out = await this.sendWrite(() =>
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

  /** Every item of a query or a scan, page after page, each page through the retrying send. */
  private async allItems(
    read: (start: Record<string, unknown> | undefined) => Promise<{
      Items?: Record<string, unknown>[];
      LastEvaluatedKey?: Record<string, unknown>;
    }>,
  ): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.send(() => read(start));
      out.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  private queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    return this.allItems((start) =>
      this.doc.send(
        new QueryCommand({
          TableName: this.table,
          ConsistentRead: true,
          ...input,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      ),
    );
  }

  private scanAll(input: Omit<ScanCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    return this.allItems((start) =>
      this.doc.send(
        new ScanCommand({
          TableName: this.table,
          ConsistentRead: true,
          ...input,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      ),
    );
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

  private static textOf(body: unknown): string {
    return body instanceof JsonText ? body.text : JSON.stringify(body);
  }

  // ---- scenarios -------------------------------------------------------------------------

  async createScenario(
    owner: string,
    body: unknown,
    meta: { name: string; authorities: number },
    now: Date,
  ): Promise<ScenarioHead> {
    return this.writing(async () => {
      const id = K.newId(now.getTime(), () => randomBytes(5).toString('hex'));
      const bodyToken = token();
      const chunks = await this.writeChunks(
        K.pk(owner),
        `${K.scenarioBodyPrefix(id, 1)}${bodyToken}#`,
        DynamoStore.textOf(body),
      );
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
    });
  }

  private async scenarioItem(owner: string, id: string): Promise<ScenarioItem | undefined> {
    const out = await this.send(() =>
      this.doc.send(
        new GetCommand({ TableName: this.table, Key: { pk: K.pk(owner), sk: K.scenarioSk(id) }, ConsistentRead: true }),
      ),
    );
    return out.Item as ScenarioItem | undefined;
  }

  /** The head of a scenario that stands (not being deleted). */
  private async liveItem(owner: string, id: string): Promise<ScenarioItem | undefined> {
    const item = await this.scenarioItem(owner, id);
    return item && !item.deleting ? item : undefined;
  }

  async getScenarioHead(owner: string, id: string): Promise<ScenarioHead | undefined> {
    const item = await this.liveItem(owner, id);
    return item ? headOf(item as unknown as Record<string, unknown>) : undefined;
  }

  async getScenarioText(owner: string, id: string): Promise<ScenarioText | undefined> {
    for (let attempt = 1; ; attempt++) {
      const item = await this.liveItem(owner, id);
      if (!item) return undefined;
      try {
        const text = await this.readChunks(
          K.pk(owner),
          `${K.scenarioBodyPrefix(id, item.version)}${item.bodyToken}#`,
          item.chunks,
        );
        return { ...headOf(item as unknown as Record<string, unknown>), text };
      } catch (e) {
        // replaced or deleted between the head and its chunks: read the head again
        if (!(e instanceof ChunksMissingError) || attempt >= READ_ATTEMPTS) throw e;
      }
    }
  }

  async getScenario(owner: string, id: string): Promise<StoredScenario | undefined> {
    const s = await this.getScenarioText(owner, id);
    if (!s) return undefined;
    const { text, ...head } = s;
    return { ...head, body: JSON.parse(text) as unknown };
  }

  async listScenarios(owner: string, limit: number, afterSk?: string): Promise<Page<ScenarioHead>> {
    const p = await this.page(owner, K.SCENARIO_PREFIX, limit, afterSk);
    return {
      items: p.items.filter((i) => !(i as { deleting?: boolean }).deleting).map(headOf),
      ...(p.lastSk ? { lastSk: p.lastSk } : {}),
    };
  }

  async replaceScenario(
    owner: string,
    id: string,
    body: unknown,
    meta: { name: string; authorities: number },
    expectedVersion: number,
    now: Date,
  ): Promise<ScenarioHead> {
    return this.writing(async () => {
      const current = await this.liveItem(owner, id);
      if (!current) throw new NotFoundError('scenario');
      if (current.version !== expectedVersion) throw new VersionMismatchError(current.version);
      const version = expectedVersion + 1;
      const bodyToken = token();
      const prefix = `${K.scenarioBodyPrefix(id, version)}${bodyToken}#`;
      const chunks = await this.writeChunks(K.pk(owner), prefix, DynamoStore.textOf(body));
      try {
        const out = await this.update(owner, K.scenarioSk(id), {
          UpdateExpression:
            'SET version = :v, #n = :name, authorities = :a, updatedAt = :at, bodyToken = :t, chunks = :c',
          ConditionExpression: 'attribute_exists(sk) AND version = :expected AND attribute_not_exists(deleting)',
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
        await this.deletePrefix(K.pk(owner), `${K.scenarioBodyPrefix(id, expectedVersion)}${current.bodyToken}#`);
        return headOf(out.Attributes ?? {});
      } catch (e) {
        // Only a failed condition proves the head does not name our chunks; after any other error
        // the update may have been applied, and the chunks left behind are at worst garbage.
        if (!isConditionFailure(e)) throw e;
        await this.deletePrefix(K.pk(owner), prefix); // our chunks lost the race
        const now2 = await this.liveItem(owner, id);
        if (!now2) throw new NotFoundError('scenario');
        throw new VersionMismatchError(now2.version);
      }
    });
  }

  async deleteScenario(owner: string, id: string): Promise<string[]> {
    return this.writing(async () => {
      const head = await this.scenarioItem(owner, id);
      if (!head) throw new NotFoundError('scenario');
      if (!head.deleting) {
        try {
          // the mark first: from here on the scenario reads as missing and no run may start on it
          await this.update(owner, K.scenarioSk(id), {
            UpdateExpression: 'SET deleting = :t',
            ConditionExpression: 'attribute_exists(sk)',
            ExpressionAttributeValues: { ':t': true },
          });
        } catch (e) {
          if (isConditionFailure(e)) throw new NotFoundError('scenario');
          throw e;
        }
      }
      return this.finishDelete(owner, id);
    });
  }

  /** Runs (each record first, its pointer last), then bodies, then the marked head. */
  private async finishDelete(owner: string, id: string): Promise<string[]> {
    const pointers = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': K.pk(owner), ':p': K.scenarioRunsPrefix(id) },
      ProjectionExpression: 'sk, runId',
    });
    const runIds = pointers.map((p) => p.runId as string);
    for (const runId of runIds) await this.discardRun(owner, runId, id);
    await this.deletePrefix(K.pk(owner), K.scenarioBodiesOf(id));
    await this.sendWrite(() =>
      this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: K.pk(owner), sk: K.scenarioSk(id) } })),
    );
    return runIds;
  }

  async completeDeletes(): Promise<number> {
    const marked = await this.scanAll({
      FilterExpression: 'begins_with(sk, :sc) AND deleting = :t',
      ExpressionAttributeValues: { ':sc': K.SCENARIO_PREFIX, ':t': true },
      ProjectionExpression: 'pk, id',
    });
    for (const m of marked) await this.finishDelete((m.pk as string).slice(2), m.id as string);
    return marked.length;
  }

  async discardRun(owner: string, runId: string, scenarioId: string): Promise<void> {
    // the record first: from here on the run reads as missing, and its executor's writes fail
    const pk = K.runPk(runId);
    try {
      await this.sendConditional(() =>
        this.doc.send(
          new DeleteCommand({
            TableName: this.table,
            Key: { pk, sk: K.RUN_RECORD_SK },
            ConditionExpression: 'attribute_not_exists(sk) OR #owner = :owner',
            ExpressionAttributeNames: { '#owner': 'owner' },
            ExpressionAttributeValues: { ':owner': owner },
          }),
        ),
      );
    } catch (e) {
      if (isConditionFailure(e)) return; // another owner's run: not ours to touch
      throw e;
    }
    await this.deletePrefix(pk, K.RUN_PARTIAL_PREFIX);
    await this.deletePrefix(pk, K.RUN_RESULT_PREFIX);
    await this.deletePrefix(pk, K.RUN_INPUT_PREFIX);
    await this.sendWrite(() =>
      this.doc.send(
        new DeleteCommand({ TableName: this.table, Key: { pk: K.pk(owner), sk: K.scenarioRunSk(scenarioId, runId) } }),
      ),
    );
  }

  // ---- runs ------------------------------------------------------------------------------

  async createRun(owner: string, run: Omit<RunRecord, 'updatedAt'>, input: string): Promise<RunRecord> {
    const record: RunRecord & { inputChunks: number } = { ...run, updatedAt: run.createdAt, inputChunks: 0 };
    const size = Buffer.byteLength(JSON.stringify(record), 'utf8');
    if (size > MAX_RECORD_BYTES)
      throw new Error(`a run record of ${size} bytes is over the ${MAX_RECORD_BYTES} a record may hold`);
    return this.writing(async () => {
      const inputChunks = await this.writeChunks(K.runPk(run.runId), K.RUN_INPUT_PREFIX, input);
      try {
        await this.sendWrite(() =>
          this.doc.send(
            new PutCommand({
              TableName: this.table,
              Item: { pk: K.pk(owner), sk: K.scenarioRunSk(run.scenarioId, run.runId), runId: run.runId },
            }),
          ),
        );
        const full = { ...record, inputChunks };
        await this.sendConditional(() =>
          this.doc.send(
            new PutCommand({
              TableName: this.table,
              Item: { pk: K.runPk(run.runId), sk: K.RUN_RECORD_SK, owner, ...full },
              ConditionExpression: 'attribute_not_exists(sk)',
            }),
          ),
        );
        return runOf(full as unknown as Record<string, unknown>);
      } catch (e) {
        // nothing names these chunks unless the record was written (an ambiguous failure): then keep them
        if (!(e instanceof StoreUnavailableError))
          await this.discardRun(owner, run.runId, run.scenarioId).catch(() => undefined);
        throw e;
      }
    });
  }

  /** A run's record item, if it is this owner's (another owner's run reads as missing). */
  private async runItem(owner: string, runId: string): Promise<Record<string, unknown> | undefined> {
    const out = await this.send(() =>
      this.doc.send(
        new GetCommand({
          TableName: this.table,
          Key: { pk: K.runPk(runId), sk: K.RUN_RECORD_SK },
          ConsistentRead: true,
        }),
      ),
    );
    return out.Item && out.Item.owner === owner ? out.Item : undefined;
  }

  async getRunOwner(runId: string): Promise<string | undefined> {
    const out = await this.send(() =>
      this.doc.send(
        new GetCommand({
          TableName: this.table,
          Key: { pk: K.runPk(runId), sk: K.RUN_RECORD_SK },
          ConsistentRead: true,
          ProjectionExpression: '#owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
        }),
      ),
    );
    return typeof out.Item?.owner === 'string' ? out.Item.owner : undefined;
  }

  async getRun(owner: string, runId: string): Promise<RunRecord | undefined> {
    const item = await this.runItem(owner, runId);
    return item ? runOf(item) : undefined;
  }

  async getRunInput(owner: string, runId: string): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const run = (await this.runItem(owner, runId)) as { inputChunks?: number } | undefined;
      if (!run) throw new NotFoundError('run');
      try {
        return await this.readChunks(K.runPk(runId), K.RUN_INPUT_PREFIX, run.inputChunks ?? 0);
      } catch (e) {
        // deleted between its record and its chunks: it is not found
        if (!(e instanceof ChunksMissingError) || attempt >= READ_ATTEMPTS) throw e;
      }
    }
  }

  async listRuns(owner: string, scenarioId: string, limit: number, afterSk?: string): Promise<Page<RunRecord>> {
    const p = await this.page(owner, K.scenarioRunsPrefix(scenarioId), limit, afterSk);
    const ids = p.items.map((i) => i.runId as string);
    const runs = new Map<string, RunRecord>();
    for (let o = 0; o < ids.length; o += 100) {
      const keys = ids.slice(o, o + 100).map((id) => ({ pk: K.runPk(id), sk: K.RUN_RECORD_SK }));
      const out = await this.send(() =>
        this.doc.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true } } })),
      );
      for (const item of out.Responses?.[this.table] ?? [])
        if (item.owner === owner) runs.set(item.runId as string, runOf(item));
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
      await this.updateRun(owner, runId, {
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
    return this.writing(async () => {
      const resultToken = token();
      const prefix = K.runResultPrefix(resultToken);
      const chunks = await this.writeChunks(K.runPk(runId), prefix, result);
      try {
        await this.updateRun(owner, runId, {
          UpdateExpression:
            'SET #s = :ok, resultChunks = :c, resultToken = :t, finishedAt = :at, updatedAt = :at, progress.done = ' +
            'progress.#total',
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
        await this.deletePrefix(K.runPk(runId), prefix);
        return false;
      }
    });
  }

  async getRunResult(owner: string, run: RunRecord): Promise<string> {
    // `run` was read by its owner (getRun checks): its result's chunks are in the run's partition
    void owner;
    if (run.status !== 'succeeded' || run.resultChunks === undefined || !run.resultToken)
      throw new ConflictError('the run has no result yet');
    try {
      return await this.readChunks(K.runPk(run.runId), K.runResultPrefix(run.resultToken), run.resultChunks);
    } catch (e) {
      // a result is written once and only ever deleted with its run: missing chunks mean a delete won the race
      if (e instanceof ChunksMissingError) throw new NotFoundError('run');
      throw e;
    }
  }

  async listUnfinishedRuns(): Promise<{ owner: string; runId: string; scenarioId: string }[]> {
    const items = await this.scanAll({
      FilterExpression: 'begins_with(pk, :run) AND sk = :rn AND #s IN (:q, :r)',
      ExpressionAttributeNames: { '#s': 'status', '#owner': 'owner' },
      ExpressionAttributeValues: { ':run': K.RUN_PK_PREFIX, ':rn': K.RUN_RECORD_SK, ':q': 'queued', ':r': 'running' },
      ProjectionExpression: '#owner, runId, scenarioId',
    });
    return items.map((i) => ({
      owner: i.owner as string,
      runId: i.runId as string,
      scenarioId: i.scenarioId as string,
    }));
  }

  /**
   * Remove what no committed item names (a write that failed part-way: a full disk, a crash):
   * bodies no scenario head names, run inputs and results no run record names, pointers and
   * records of runs whose scenario is gone. It runs alone: writes wait for it and it waits for
   * them, so nothing half-written by a live request is taken for garbage. Returns how many
   * items it removed. The local server runs it at start and when its store recovers.
   */
  async sweepOrphans(): Promise<number> {
    while (this.sweeping) await this.sweeping;
    let done!: () => void;
    this.sweeping = new Promise<void>((r) => (done = r));
    try {
      if (this.writers > 0) await new Promise<void>((r) => (this.drained = r));
      this.drained = undefined;
      return await this.sweep();
    } finally {
      this.sweeping = undefined;
      done();
    }
  }

  private async sweep(): Promise<number> {
    const items = await this.scanAll({
      ProjectionExpression: 'pk, sk, id, version, bodyToken, resultToken, runId, scenarioId, deleting, #owner',
      ExpressionAttributeNames: { '#owner': 'owner' },
    });
    const heads = new Map<string, { version: number; bodyToken: string }>();
    // runs by id (each in its own partition), with their owner
    const runs = new Map<string, { owner: string; resultToken?: string; scenarioId: string }>();
    const at = (pk: string, rest: string) => `${pk}\u0000${rest}`;
    for (const i of items) {
      const pk = i.pk as string;
      const sk = i.sk as string;
      if (sk.startsWith('SC#'))
        heads.set(at(pk, sk.slice(3)), { version: i.version as number, bodyToken: i.bodyToken as string });
      else if (pk.startsWith(K.RUN_PK_PREFIX) && sk === K.RUN_RECORD_SK)
        runs.set(pk.slice(K.RUN_PK_PREFIX.length), {
          owner: i.owner as string,
          scenarioId: i.scenarioId as string,
          ...(i.resultToken ? { resultToken: i.resultToken as string } : {}),
        });
    }
    const orphans: { pk: string; sk: string }[] = [];
    const strayRuns: { owner: string; runId: string; scenarioId: string }[] = [];
    for (const i of items) {
      const pk = i.pk as string;
      const sk = i.sk as string;
      const [kind, a, b, c] = sk.split('#') as [string, string, string | undefined, string | undefined];
      let orphan = false;
      if (pk.startsWith(K.RUN_PK_PREFIX)) {
        const runId = pk.slice(K.RUN_PK_PREFIX.length);
        const r = runs.get(runId);
        if (kind === 'RN') {
          if (r && !heads.has(at(K.pk(r.owner), r.scenarioId)))
            strayRuns.push({ owner: r.owner, runId, scenarioId: r.scenarioId });
        } else if (kind === 'RR') orphan = r?.resultToken !== a;
        else orphan = !r; // its input and partials
      } else if (kind === 'SB') {
        const h = heads.get(at(pk, a));
        orphan = !h || Number(b) !== h.version || c !== h.bodyToken;
      } else if (kind === 'SR') orphan = runs.get(b!)?.owner !== pk.slice(2);
      if (orphan) orphans.push({ pk, sk });
    }
    await this.batchWrite(orphans.map((k) => ({ DeleteRequest: { Key: k } })));
    for (const r of strayRuns) await this.discardRun(r.owner, r.runId, r.scenarioId);
    return orphans.length + strayRuns.length;
  }

  /**
   * Move runs stored before each run had its own partition (issue 17) from their owner's
   * partition into `RUN#<runId>`: each item is copied first and removed after, so a crash
   * part-way leaves a copy the next start moves again. Returns how many runs moved.
   */
  async migrateRunPartitions(): Promise<number> {
    const old = await this.scanAll({
      FilterExpression:
        'begins_with(pk, :o) AND (begins_with(sk, :rn) OR begins_with(sk, :ri) OR ' +
        'begins_with(sk, :rr) OR begins_with(sk, :rp))',
      ExpressionAttributeValues: { ':o': 'O#', ':rn': 'RN#', ':ri': 'RI#', ':rr': 'RR#', ':rp': 'RP#' },
    });
    const moved = new Set<string>();
    const puts: Record<string, unknown>[] = [];
    for (const item of old) {
      const pk = item.pk as string;
      const sk = item.sk as string;
      const [kind, runId, ...rest] = sk.split('#') as [string, string, ...string[]];
      const to = K.runPk(runId);
      if (kind === 'RN') {
        moved.add(runId);
        puts.push({ PutRequest: { Item: { ...item, pk: to, sk: K.RUN_RECORD_SK, owner: pk.slice(2) } } });
      } else puts.push({ PutRequest: { Item: { ...item, pk: to, sk: [kind, ...rest].join('#') } } });
    }
    await this.batchWrite(puts);
    await this.batchWrite(old.map((i) => ({ DeleteRequest: { Key: { pk: i.pk, sk: i.sk } } })));
    return moved.size;
  }

  /** A read (and a write) of a probe item outside every owner's partition, past the observer (store health). */
  async probe(write: boolean): Promise<void> {
    const Key = { pk: 'SYS', sk: 'PROBE' };
    if (write)
      await this.doc.send(new PutCommand({ TableName: this.table, Item: { ...Key, at: new Date().toISOString() } }));
    await this.doc.send(new GetCommand({ TableName: this.table, Key, ConsistentRead: true }));
  }

  // ---- Monte Carlo partials --------------------------------------------------------------

  async putPartial(owner: string, runId: string, from: number, data: Uint8Array): Promise<void> {
    // One item per chunk (a partial is 8 bytes an iteration: far under 400 KB for a 2,000-iteration chunk).
    if (!(await this.runItem(owner, runId))) throw new NotFoundError('run');
    const prefix = `${K.RUN_PARTIAL_PREFIX}${K.pad(from, 8)}#`;
    await this.deletePrefix(K.runPk(runId), prefix); // a retried chunk replaces its earlier attempt
    const n = await this.writeChunks(K.runPk(runId), prefix, data);
    if (n !== 1) throw new Error('a partial must fit one item: use smaller chunks');
  }

  async listPartials(owner: string, runId: string): Promise<Buffer[]> {
    if (!(await this.runItem(owner, runId))) throw new NotFoundError('run');
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': K.runPk(runId), ':p': K.RUN_PARTIAL_PREFIX },
    });
    return Promise.all(items.map((i) => decodeBinary([i.data as Uint8Array])));
  }

  async addProgress(owner: string, runId: string, iterations: number, now: Date): Promise<void> {
    await this.updateRun(owner, runId, {
      UpdateExpression: 'ADD progress.done :n SET updatedAt = :at',
      ConditionExpression: 'attribute_exists(sk) AND #s = :running',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':n': iterations, ':at': now.toISOString(), ':running': 'running' },
    });
  }

  // ---- idempotency -----------------------------------------------------------------------

  /**
   * A key is taken by writing it `inProgress` with a lease. A request that died with its process
   * stops renewing the lease: once it lapses, the same request (same fingerprint) takes the key
   * over, so a client's retry succeeds within seconds instead of a 409 for the key's 24 hours.
   */
  async beginIdempotent(
    owner: string,
    key: string,
    fingerprint: string,
    now: Date,
    ttlSeconds: number,
    leaseSeconds = DEFAULT_LEASE_SECONDS,
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
              leaseUntil: nowS + leaseSeconds,
            },
            ConditionExpression:
              'attribute_not_exists(sk) OR expiresAt < :now OR (#st = :inProgress AND fingerprint = :fp AND ' +
              '(attribute_not_exists(leaseUntil) OR leaseUntil < :now))',
            ExpressionAttributeNames: { '#st': 'state' },
            ExpressionAttributeValues: { ':now': nowS, ':inProgress': 'inProgress', ':fp': fingerprint },
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
    if (!item) return this.beginIdempotent(owner, key, fingerprint, now, ttlSeconds, leaseSeconds);
    if (item.fingerprint !== fingerprint) return { state: 'mismatch' };
    if (item.state !== 'completed') return { state: 'inProgress' };
    return { state: 'replay', response: JSON.parse(item.response as string) as StoredResponse };
  }

  async renewIdempotent(
    owner: string,
    key: string,
    fingerprint: string,
    now: Date,
    leaseSeconds: number,
  ): Promise<boolean> {
    try {
      await this.update(owner, K.idempotencySk(key), {
        UpdateExpression: 'SET leaseUntil = :u',
        ConditionExpression: '#st = :inProgress AND fingerprint = :fp',
        ExpressionAttributeNames: { '#st': 'state' },
        ExpressionAttributeValues: {
          ':u': Math.floor(now.getTime() / 1000) + leaseSeconds,
          ':inProgress': 'inProgress',
          ':fp': fingerprint,
        },
      });
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async completeIdempotent(owner: string, key: string, response: StoredResponse): Promise<void> {
    await this.update(owner, K.idempotencySk(key), {
      UpdateExpression: 'SET #st = :c, #r = :r REMOVE leaseUntil',
      ExpressionAttributeNames: { '#st': 'state', '#r': 'response' },
      ExpressionAttributeValues: { ':c': 'completed', ':r': JSON.stringify(response) },
    });
  }

  async abandonIdempotent(owner: string, key: string): Promise<void> {
    await this.sendWrite(() =>
      this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: K.pk(owner), sk: K.idempotencySk(key) } })),
    );
  }

  // ---- workspaces ------------------------------------------------------------------------

  private static workspaceKey(id: string) {
    return { pk: K.pk(K.workspaceOwner(id)), sk: K.WORKSPACE_SK };
  }

  /** A member's pointer to a workspace, in the member's own partition (what listing reads). */
  private async putMemberPointer(principal: string, ws: WorkspaceRecord): Promise<void> {
    await this.sendWrite(() =>
      this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: K.pk(principal), sk: K.memberPointerSk(ws.id), workspaceId: ws.id },
        }),
      ),
    );
  }

  async createWorkspace(id: string, name: string, owner: string, now: Date): Promise<WorkspaceRecord> {
    const at = now.toISOString();
    const record: WorkspaceRecord = {
      id,
      name,
      version: 1,
      createdAt: at,
      updatedAt: at,
      members: { [owner]: 'owner' },
    };
    await this.sendConditional(() =>
      this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...DynamoStore.workspaceKey(id), ...record },
          ConditionExpression: 'attribute_not_exists(sk)',
        }),
      ),
    );
    await this.putMemberPointer(owner, record);
    return record;
  }

  async getWorkspace(id: string): Promise<WorkspaceRecord | undefined> {
    const out = await this.send(() =>
      this.doc.send(new GetCommand({ TableName: this.table, Key: DynamoStore.workspaceKey(id), ConsistentRead: true })),
    );
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ...record } = out.Item;
    void _pk;
    void _sk;
    return record as WorkspaceRecord;
  }

  async getWorkspaceRole(id: string, principal: string): Promise<WorkspaceRole | undefined> {
    const out = await this.send(() =>
      this.doc.send(
        new GetCommand({
          TableName: this.table,
          Key: DynamoStore.workspaceKey(id),
          ConsistentRead: true,
          // the one member asked about, not the whole list
          ProjectionExpression: '#m.#p',
          ExpressionAttributeNames: { '#m': 'members', '#p': principal },
        }),
      ),
    );
    const role = (out.Item?.members as Record<string, unknown> | undefined)?.[principal];
    return WORKSPACE_ROLES.find((r) => r === role);
  }

  async setWorkspaceMember(
    current: WorkspaceRecord,
    principal: string,
    role: WorkspaceRole | undefined,
    now: Date,
  ): Promise<WorkspaceRecord> {
    const members: Record<string, WorkspaceRole> = { ...current.members };
    if (role) members[principal] = role;
    else delete members[principal];
    let next = current;
    if (current.members[principal] !== role) {
      next = { ...current, members, version: current.version + 1, updatedAt: now.toISOString() };
      try {
        // the whole record, conditional on the version read: the other members (the last owner) cannot change under it
        await this.sendConditional(() =>
          this.doc.send(
            new PutCommand({
              TableName: this.table,
              Item: { ...DynamoStore.workspaceKey(current.id), ...next },
              ConditionExpression: 'attribute_exists(sk) AND version = :v',
              ExpressionAttributeValues: { ':v': current.version },
            }),
          ),
        );
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        const now2 = await this.getWorkspace(current.id);
        if (!now2) throw new NotFoundError('workspace');
        throw new VersionMismatchError(now2.version);
      }
    }
    // the record first: access follows it at once; a crash before the pointer is repaired by a retry
    if (role) await this.putMemberPointer(principal, next);
    else
      await this.sendWrite(() =>
        this.doc.send(
          new DeleteCommand({
            TableName: this.table,
            Key: { pk: K.pk(principal), sk: K.memberPointerSk(current.id) },
          }),
        ),
      );
    return next;
  }

  async listWorkspaces(principal: string, limit: number, afterSk?: string): Promise<Page<WorkspaceMembership>> {
    const p = await this.page(principal, K.MEMBER_POINTER_PREFIX, limit, afterSk);
    const ids = p.items.map((i) => i.workspaceId as string);
    const found = new Map<string, WorkspaceMembership>();
    for (let o = 0; o < ids.length; o += 100) {
      const keys = ids.slice(o, o + 100).map((id) => DynamoStore.workspaceKey(id));
      const out = await this.send(() =>
        this.doc.send(
          new BatchGetCommand({
            RequestItems: {
              [this.table]: {
                Keys: keys,
                ConsistentRead: true,
                ProjectionExpression: 'id, #n, createdAt, #m.#p',
                ExpressionAttributeNames: { '#n': 'name', '#m': 'members', '#p': principal },
              },
            },
          }),
        ),
      );
      for (const item of out.Responses?.[this.table] ?? []) {
        // a pointer left by a removal that stopped part-way names a workspace no longer ours: skipped
        const role = WORKSPACE_ROLES.find(
          (r) => r === (item.members as Record<string, unknown> | undefined)?.[principal],
        );
        if (role)
          found.set(item.id as string, {
            id: item.id as string,
            name: item.name as string,
            role,
            createdAt: item.createdAt as string,
          });
      }
    }
    const items = ids.flatMap((id) => (found.has(id) ? [found.get(id)!] : []));
    return { items, ...(p.lastSk ? { lastSk: p.lastSk } : {}) };
  }
}

/** Seconds an in-progress Idempotency-Key is held without a renewal (its request renews it while it runs). */
export const DEFAULT_LEASE_SECONDS = 10;
