/**
 * The Step Functions task: execute a run; or, from the state machine's Catch, mark it failed
 * with the error the task died of (timeout, crash), so no run stays `running`.
 */
import { DynamoStore } from '../store/store';
import { documentClient, tableName } from '../store/clients';
import { logger } from '../api/instrument';
import { executeRun, failRun } from './runJob';

export interface WorkerEvent {
  readonly owner: string;
  readonly runId: string;
  readonly failure?: { readonly Error?: string; readonly Cause?: string };
}

export async function handler(event: WorkerEvent): Promise<{ runId: string }> {
  const store = new DynamoStore(documentClient(), tableName());
  logger.appendKeys({ runId: event.runId });
  if (event.failure) {
    logger.warn('run failed in the state machine', { error: event.failure.Error });
    await failRun(store, event.owner, event.runId, `the worker failed: ${event.failure.Error ?? 'unknown error'}`);
  } else {
    await executeRun(store, event.owner, event.runId);
  }
  return { runId: event.runId };
}
