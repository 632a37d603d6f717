/** A fresh embedded store (dynalite) and table for a test file, with helpers to make runs in it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type EmbeddedStore, startEmbeddedStore } from '../../lambda/local/embeddedStore';
import type { RunRecord, RunStatus } from '../../lambda/jobs/run';
import { documentClientFor, endpointConfig } from '../../lambda/store/clients';
import { DynamoStore } from '../../lambda/store/store';
import { ensureTable } from '../../lambda/store/table';

export interface Harness {
  readonly store: DynamoStore;
  readonly endpoint: string;
  readonly table: string;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharesim-jobs-'));
  const embedded: EmbeddedStore = await startEmbeddedStore(dir);
  const table = `t-${randomBytes(4).toString('hex')}`;
  const raw = new DynamoDBClient(endpointConfig(embedded.endpoint));
  await ensureTable(raw, table);
  raw.destroy();
  const store = new DynamoStore(documentClientFor(embedded.endpoint), table);
  return {
    store,
    endpoint: embedded.endpoint,
    table,
    close: async () => {
      await embedded.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const NOW = new Date('2026-11-30T12:00:00Z');

/** A scenario and a run of it in the given status; the run's input is `input` (JSON text). */
export async function makeRun(
  store: DynamoStore,
  owner: string,
  status: RunStatus,
  input = '{"scenarioVersion":1,"scenario":{},"request":{"iterations":0,"seed":1,"allocation":"equal"}}',
): Promise<RunRecord> {
  const head = await store.createScenario(owner, { name: 'x' }, { name: 'x', authorities: 0 }, NOW);
  const runId = `run-${randomBytes(4).toString('hex')}`;
  return store.createRun(
    owner,
    {
      runId,
      scenarioId: head.id,
      scenarioVersion: 1,
      status,
      progress: { done: 0, total: 1 },
      request: { iterations: 0, seed: 1, allocation: 'equal' },
      executor: 'stepfunctions',
      createdAt: NOW.toISOString(),
    },
    input,
  );
}
