/**
 * The local executor: small runs inline, larger ones in a worker thread running the very same
 * run job against the same store. A worker that dies marks its run failed with the reason.
 */
import { Worker } from 'node:worker_threads';
import { isSmall, type RunExecutor, type RunJob } from '../jobs/executor';
import { executeRun, failRun } from '../jobs/runJob';
import type { Store } from '../store/store';
import { sourcePath } from './sourcePath';

export interface WorkerStoreConfig {
  readonly endpoint: string | undefined;
  readonly table: string;
  /** Monte Carlo chunk size (tests vary it; default jobs/chunks.ts). */
  readonly chunkSize?: number;
}

export class LocalExecutor implements RunExecutor {
  readonly name = 'local';
  private readonly workers = new Set<Worker>();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly config: WorkerStoreConfig,
  ) {}

  async submit(job: RunJob): Promise<void> {
    if (isSmall(job)) return executeRun(this.store, job.owner, job.runId);
    // The worker runs TypeScript source, as `npm start` does: tsx's CommonJS hook, then the module.
    const entry = sourcePath('lambda/local/runWorkerThread.ts');
    const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, {
      eval: true,
      workerData: { owner: job.owner, runId: job.runId, ...this.config },
      env: { ...process.env, SHARESIM_LOG_LEVEL: process.env.SHARESIM_LOG_LEVEL ?? 'WARN' },
    });
    this.workers.add(worker);
    const done = new Promise<void>((resolve) => {
      let failure: string | undefined;
      worker.once('error', (err) => (failure = `${err.name}: ${err.message}`));
      worker.once('exit', (code) => {
        this.workers.delete(worker);
        const reason = failure ?? (code !== 0 ? `the worker thread exited with code ${code}` : undefined);
        // failRun only changes a run still queued or running: a worker that finished its run is left alone.
        failRun(this.store, job.owner, job.runId, reason ?? 'the worker thread ended without finishing the run')
          .catch(() => undefined)
          .finally(resolve);
      });
    });
    this.pending.add(done);
    void done.finally(() => this.pending.delete(done));
  }

  /** Wait for every worker (tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  async close(): Promise<void> {
    await Promise.all([...this.workers].map((w) => w.terminate()));
    await this.idle();
  }
}
