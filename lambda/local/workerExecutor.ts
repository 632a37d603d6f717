/**
 * The local executor: a bounded run queue in front of the worker pool (pool.ts). Every run
 * waits its turn here (its place is on GET /v1/runs/{id} as `queue`); at most `maxRunning` run
 * at once, each orchestrated on the event loop (store reads and writes only) with its steps on
 * the pool; each owner may have at most `perOwner` runs queued or running, and the queue holds
 * at most `maxQueued`; past either, a new run is refused with 429 and Retry-After. A queued run
 * holds nothing but its place (its input is in the store), so memory does not grow with the
 * queue. Deleting a scenario cancels its runs' work; a run past its deadline fails with that
 * reason.
 */
import type { QueuePosition, RunExecutor, RunJob } from '../jobs/executor';
import { TooManyRunsError } from '../jobs/errors';
import type { Offload } from '../jobs/offload';
import { executeRun } from '../jobs/runJob';
import type { Store } from '../store/store';

export interface LocalExecutorOptions {
  /** Runs executing at once (SHARESIM_MAX_RUNS, default 2). */
  readonly maxRunning?: number;
  /** Runs waiting, all owners (SHARESIM_MAX_QUEUED_RUNS, default 200). */
  readonly maxQueued?: number;
  /** Runs queued or running per owner (SHARESIM_MAX_RUNS_PER_OWNER, default 20). */
  readonly perOwner?: number;
  /** Longest a run may execute, ms (SHARESIM_RUN_DEADLINE_MS, default 6 h). */
  readonly runDeadlineMs?: number;
  /** Monte Carlo chunk size (tests vary it; default: about a second of work). */
  readonly chunkSize?: number;
}

const envInt = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};

const RETRY_AFTER_SECONDS = 30;

interface Entry {
  readonly job: RunJob;
  readonly stop: AbortController;
}

const keyOf = (owner: string, runId: string) => `${owner}\u0000${runId}`;

export class LocalExecutor implements RunExecutor {
  readonly name = 'local';
  readonly maxRunning: number;
  readonly maxQueued: number;
  readonly perOwner: number;
  private readonly runDeadlineMs: number;
  private readonly queue: Entry[] = [];
  private readonly running = new Map<string, Entry>();
  /** Places held by launches between their admission and their submission. */
  private readonly held = new Map<string, number>();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly offload: Offload,
    private readonly opts: LocalExecutorOptions = {},
  ) {
    this.maxRunning = opts.maxRunning ?? envInt('SHARESIM_MAX_RUNS', 2);
    this.maxQueued = opts.maxQueued ?? envInt('SHARESIM_MAX_QUEUED_RUNS', 200);
    this.perOwner = opts.perOwner ?? envInt('SHARESIM_MAX_RUNS_PER_OWNER', 20);
    this.runDeadlineMs = opts.runDeadlineMs ?? envInt('SHARESIM_RUN_DEADLINE_MS', 6 * 3600_000);
  }

  /** Runs of an owner queued, running or about to be submitted. */
  private unfinished(owner: string): number {
    let n = this.held.get(owner) ?? 0;
    for (const e of this.queue) if (e.job.owner === owner) n++;
    for (const e of this.running.values()) if (e.job.owner === owner) n++;
    return n;
  }

  admit(owner: string): () => void {
    const heldAll = [...this.held.values()].reduce((a, b) => a + b, 0);
    if (this.queue.length + heldAll >= this.maxQueued)
      throw new TooManyRunsError(
        `the run queue is full (${this.maxQueued} runs waiting); retry later`,
        RETRY_AFTER_SECONDS,
      );
    const mine = this.unfinished(owner);
    if (mine >= this.perOwner)
      throw new TooManyRunsError(
        `you have ${mine} runs queued or running, the most one user may (${this.perOwner}); start more when some ` +
          `have finished`,
        RETRY_AFTER_SECONDS,
      );
    this.held.set(owner, (this.held.get(owner) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const n = (this.held.get(owner) ?? 1) - 1;
      if (n > 0) this.held.set(owner, n);
      else this.held.delete(owner);
    };
  }

  async submit(job: RunJob): Promise<void> {
    this.queue.push({ job, stop: new AbortController() });
    this.pump();
  }

  position(owner: string, runId: string): QueuePosition | undefined {
    const i = this.queue.findIndex((e) => e.job.owner === owner && e.job.runId === runId);
    return i < 0 ? undefined : { position: i + 1, queued: this.queue.length, running: this.running.size };
  }

  cancel(owner: string, runIds: readonly string[]): void {
    const ids = new Set(runIds);
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const e = this.queue[i]!;
      if (e.job.owner === owner && ids.has(e.job.runId)) this.queue.splice(i, 1);
    }
    for (const id of ids) this.running.get(keyOf(owner, id))?.stop.abort();
  }

  /** How the queue stands (health, tests). */
  stats(): { queued: number; running: number; maxRunning: number; maxQueued: number } {
    return {
      queued: this.queue.length,
      running: this.running.size,
      maxRunning: this.maxRunning,
      maxQueued: this.maxQueued,
    };
  }

  private pump(): void {
    while (this.running.size < this.maxRunning && this.queue.length > 0) {
      const e = this.queue.shift()!;
      const key = keyOf(e.job.owner, e.job.runId);
      this.running.set(key, e);
      const done = executeRun(this.store, e.job.owner, e.job.runId, {
        offload: this.offload,
        signal: e.stop.signal,
        deadline: Date.now() + this.runDeadlineMs,
        ...(this.opts.chunkSize ? { chunkSize: this.opts.chunkSize } : {}),
      })
        .catch(() => undefined) // executeRun records its own failures
        .finally(() => {
          this.running.delete(key);
          this.pending.delete(done);
          this.pump();
        });
      this.pending.add(done);
    }
  }

  /** Wait until every run submitted so far has finished (tests). */
  async idle(): Promise<void> {
    while (this.pending.size > 0 || this.queue.length > 0) await Promise.all([...this.pending]);
  }

  /** Stop: queued runs stay queued in the store (the next start marks them failed), running ones are cancelled. */
  async close(): Promise<void> {
    this.queue.length = 0;
    for (const e of this.running.values()) e.stop.abort();
    await Promise.all([...this.pending]);
  }
}
