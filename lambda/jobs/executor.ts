/**
 * The executor port: how a started run gets executed. Small runs execute inline (the POST
 * answers with the finished run); larger ones go to Step Functions when deployed, or to a
 * worker thread locally (local/workerExecutor.ts).
 */
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Store } from '../store/store';
import { executeRun } from './runJob';

export interface RunJob {
  readonly owner: string;
  readonly runId: string;
  readonly authorities: number;
  readonly iterations: number;
}

export interface RunExecutor {
  readonly name: string;
  submit(job: RunJob): Promise<void>;
}

/** Small enough to answer within the request: exact Shapley territory and no Monte Carlo. */
export function isSmall(job: RunJob): boolean {
  return job.authorities <= 20 && job.iterations === 0;
}

export class InlineExecutor implements RunExecutor {
  readonly name = 'inline';
  constructor(private readonly store: Store) {}
  async submit(job: RunJob): Promise<void> {
    await executeRun(this.store, job.owner, job.runId);
  }
}

/** Deployed: small runs inline, the rest as a Step Functions execution named after the run (idempotent). */
export class StepFunctionsExecutor implements RunExecutor {
  readonly name = 'stepfunctions';
  private readonly inline: InlineExecutor;
  constructor(
    store: Store,
    private readonly stateMachineArn: string,
    private readonly sfn: SFNClient = new SFNClient({}),
  ) {
    this.inline = new InlineExecutor(store);
  }
  async submit(job: RunJob): Promise<void> {
    if (isSmall(job)) return this.inline.submit(job);
    await this.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: this.stateMachineArn,
        name: job.runId,
        input: JSON.stringify({ owner: job.owner, runId: job.runId }),
      }),
    );
  }
}
