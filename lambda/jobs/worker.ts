/**
 * The Step Functions task: execute a run; or, from the state machine's Catch, mark it failed
 * with the error the task died of (timeout, crash), so no run stays `running`.
 */
import { DynamoStore } from '../store/store';
import { documentClient, tableName } from '../store/clients';
import { log, withLogContext } from '../observability';
import { executeRun, failRun } from './runJob';
import { aggregateRun, type ChunkDescriptor, prepareRun, runChunkJob } from './fanout';

export type WorkerEvent =
  | { readonly action: 'prepare'; readonly owner: string; readonly runId: string }
  | ({ readonly action: 'chunk' } & ChunkDescriptor)
  | { readonly action: 'aggregate'; readonly owner: string; readonly runId: string }
  | {
      readonly action: 'fail';
      readonly owner: string;
      readonly runId: string;
      readonly failure?: { readonly Error?: string; readonly Cause?: string };
    }
  | { readonly action?: 'execute'; readonly owner: string; readonly runId: string };

export function handler(event: WorkerEvent): Promise<unknown> {
  return withLogContext({ runId: event.runId, action: event.action ?? 'execute' }, () => step(event));
}

async function step(event: WorkerEvent): Promise<unknown> {
  const store = new DynamoStore(documentClient(), tableName());
  switch (event.action) {
    case 'prepare':
      return prepareRun(store, event.owner, event.runId);
    case 'chunk':
      return runChunkJob(store, event);
    case 'aggregate':
      await aggregateRun(store, event.owner, event.runId);
      return { runId: event.runId };
    case 'fail':
      log.warn('run failed in the state machine', { error: event.failure?.Error });
      await failRun(
        store,
        event.owner,
        event.runId,
        `the run failed in its state machine: ${event.failure?.Error ?? 'unknown error'}`,
      );
      return { runId: event.runId };
    default:
      await executeRun(store, event.owner, event.runId);
      return { runId: event.runId };
  }
}
