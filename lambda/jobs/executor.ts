/**
 * The executor port: how a started run gets executed. Deployed, small runs execute inline (the
 * POST answers with the finished run) and larger ones go to Step Functions; locally every run
 * waits its turn in the local server's run queue (local/workerExecutor.ts).
 */
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Store } from '../store/store';
import { RunNotStartedError } from './errors';
import { startRefused } from './lifecycle';
import { executeRun } from './runJob';

export interface RunJob {
  readonly owner: string;
  readonly runId: string;
  readonly scenarioId: string;
  readonly authorities: number;
  readonly years: number;
  readonly iterations: number;
  /** A planning run. */
  readonly plan: boolean;
  /** Estimated ms of the whole run (jobs/estimate.ts). */
  readonly workMs: number;
}

/** Where a queued run stands: 1 is next. */
export interface QueuePosition {
  readonly position: number;
  readonly queued: number;
  readonly running: number;
}

export interface RunExecutor {
  readonly name: string;
  submit(job: RunJob): Promise<void>;
  /**
   * Refuse a new run of this owner before anything is written (TooManyRunsError), or hold a
   * place for it: the returned function gives the place back if the run is not submitted.
   */
  admit?(owner: string): () => void;
  /** Stop these runs' work, queued or running (their scenario was deleted). */
  cancel?(owner: string, runIds: readonly string[]): void;
  /** A queued run's place in the queue, when the executor keeps one. */
  position?(owner: string, runId: string): QueuePosition | undefined;
}

export { TooManyRunsError } from './errors';

/** Work a run may do within the request that starts it, deployed (ms, jobs/estimate.ts). */
export const INLINE_RUN_WORK_MS = 5000;
/**
 * Authorities a run may have and still execute within the request that starts it, deployed,
 * whatever the estimate says. The estimate of a deterministic national run is far below its cost
 * (30,000 authorities: 2 s estimated, 97 s measured in test/deployed), and a run the function's
 * 29 s timeout ends there stays `running` for ever: no execution, so no EventBridge event.
 */
export const INLINE_RUN_MAX_AUTHORITIES = 2000;

/** Small enough to answer within the request: no Monte Carlo, few authorities, little work (the estimate). */
export function isSmall(job: RunJob): boolean {
  return job.iterations === 0 && job.authorities <= INLINE_RUN_MAX_AUTHORITIES && job.workMs <= INLINE_RUN_WORK_MS;
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
    private readonly store: Store,
    private readonly stateMachineArn: string,
    private readonly sfn: SFNClient = new SFNClient({}),
  ) {
    this.inline = new InlineExecutor(store);
  }
  async submit(job: RunJob): Promise<void> {
    if (isSmall(job)) return this.inline.submit(job);
    try {
      await this.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: job.runId,
          input: JSON.stringify({ owner: job.owner, runId: job.runId }),
        }),
      );
    } catch (err) {
      // the same run submitted twice (a retried request): its execution is already going
      if (err instanceof Error && err.name === 'ExecutionAlreadyExists') return;
      // refused: the run would otherwise stay queued for ever
      await startRefused(this.store, job.owner, job.runId, err);
      throw new RunNotStartedError(job.runId, err instanceof Error ? err.name : 'Error');
    }
  }
}
