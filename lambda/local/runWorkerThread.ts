/** A worker thread: executes one run against the store its parent named, then exits. */
import { workerData } from 'node:worker_threads';
import { executeRun } from '../jobs/runJob';
import { documentClientFor } from '../store/clients';
import { DynamoStore } from '../store/store';
import { ThreadPoolChunkRunner } from './chunkPool';

const { owner, runId, endpoint, table, chunkSize } = workerData as {
  owner: string;
  runId: string;
  endpoint: string | undefined;
  table: string;
  chunkSize?: number;
};

const pool = new ThreadPoolChunkRunner();
executeRun(new DynamoStore(documentClientFor(endpoint), table), owner, runId, {
  chunks: pool,
  ...(chunkSize ? { chunkSize } : {}),
})
  .finally(() => pool.close())
  .then(
    () => process.exit(0),
    () => process.exit(1),
  );
