/**
 * The Step Functions task: execute a run; or, from the state machine's Catch, mark it failed
 * with the error the task died of (timeout, crash), so no run stays `running`. Also the target
 * of the EventBridge rule on the state machine's FAILED, TIMED_OUT and ABORTED executions
 * (`lifecycle.ts`): an execution stopped or timed out never reaches the Catch.
 */
import { DynamoStore } from '../store/store';
import { documentClient, tableName } from '../store/clients';
import type { RetryPolicy } from '../store/retry';
import { log, withLogContext } from '../observability';
import { executeRun } from './runJob';
import { aggregateRun, type ChunkDescriptor, prepareRun, runChunkJob } from './fanout';
import { type ExecutionStatusChange, executionEnded, failedInStateMachine, type StatesError } from './lifecycle';

export type WorkerEvent =
  | { readonly action: 'prepare'; readonly owner: string; readonly runId: string }
  | ({ readonly action: 'chunk' } & ChunkDescriptor)
  | { readonly action: 'aggregate'; readonly owner: string; readonly runId: string }
  | { readonly action: 'fail'; readonly owner: string; readonly runId: string; readonly failure?: StatesError }
  | { readonly action?: 'execute'; readonly owner: string; readonly runId: string };

/**
 * Fifty chunks write to the table at once: a throttled write is retried here with backoff for
 * about 10 s (the store's retries: the SDK makes one attempt, store/clients.ts), and a chunk
 * that still fails is retried by the state machine (lib/constructs/run-state-machine.ts).
 */
export const WORKER_RETRY: RetryPolicy = {
  attempts: 9,
  baseMs: 40,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

let store: DynamoStore | undefined;
const theStore = () => {
  store ??= new DynamoStore(documentClient(), tableName(), WORKER_RETRY);
  return store;
};

function isStatusChange(event: unknown): event is ExecutionStatusChange {
  return typeof event === 'object' && event !== null && 'detail' in event && 'detail-type' in event;
}

export function handler(event: WorkerEvent | ExecutionStatusChange): Promise<unknown> {
  if (isStatusChange(event))
    return withLogContext({ action: 'execution-ended', execution: event.detail.name ?? '' }, async () => {
      const outcome = await executionEnded(theStore(), event);
      log.info('execution ended', { status: event.detail.status, outcome });
      return { outcome };
    });
  return withLogContext({ runId: event.runId, action: event.action ?? 'execute' }, () => step(event));
}

async function step(event: WorkerEvent): Promise<unknown> {
  const s = theStore();
  switch (event.action) {
    case 'prepare':
      return prepareRun(s, event.owner, event.runId);
    case 'chunk':
      return runChunkJob(s, event);
    case 'aggregate':
      await aggregateRun(s, event.owner, event.runId);
      return { runId: event.runId };
    case 'fail':
      log.warn('run failed in the state machine', { error: event.failure?.Error });
      await failedInStateMachine(s, event.owner, event.runId, event.failure);
      return { runId: event.runId };
    default:
      await executeRun(s, event.owner, event.runId);
      return { runId: event.runId };
  }
}
