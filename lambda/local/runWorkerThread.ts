/** A worker thread: executes one run against the store its parent named, then exits. */
import { workerData } from 'node:worker_threads';
import { executeRun } from '../jobs/runJob';
import { documentClientFor } from '../store/clients';
import { DynamoStore } from '../store/store';

const { owner, runId, endpoint, table } = workerData as { owner: string; runId: string; endpoint: string | undefined; table: string };

executeRun(new DynamoStore(documentClientFor(endpoint), table), owner, runId).then(
  () => process.exit(0),
  () => process.exit(1),
);
