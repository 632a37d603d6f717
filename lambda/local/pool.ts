/**
 * The local server's one pool of worker threads: every heavy task (a request's simulation,
 * plan or report; a run's central simulation, Monte Carlo chunks, aggregation or plan) runs
 * here, so the event loop that answers health and reads is never held by a computation.
 *
 * - Bounded: `threads` workers (SHARESIM_WORKERS, default one per core), started on first use
 *   and kept; at most `maxQueued` requests waiting (more are refused at once: 503).
 * - Prioritised: requests before runs' steps; a run's long steps (central simulation,
 *   aggregation, plan) never take the last thread, so a request always finds one within a
 *   Monte Carlo chunk (about a second of work).
 * - Deadlines: a task still queued at its deadline fails busy (503, Retry-After); one still
 *   running is stopped (its thread ended and replaced) and fails with DeadlineExceededError.
 * - Cancellation: aborting a task's signal (its client went away; its run's scenario was
 *   deleted) drops it from the queue or ends its thread.
 * - Memory: each thread's heap is capped (`maxHeapMb`); a thread that runs out ends with its
 *   task's error and is replaced.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ChunkPartial } from '../engine/uncertainty/monteCarlo';
import type { ChunkRunner, ChunkWork } from '../jobs/chunks';
import {
  DeadlineExceededError,
  type Offload,
  PoolBusyError,
  type Priority,
  type Task,
  TaskAbortedError,
  type TaskOptions,
} from '../jobs/offload';
import { chunkOfScenarioTask } from '../jobs/tasks';
import { sourcePath } from './sourcePath';
import { deserializeError, type SerializedError } from './taskErrors';

export function defaultWorkers(): number {
  const env = Number(process.env.SHARESIM_WORKERS);
  return Number.isInteger(env) && env > 0 ? env : Math.max(1, availableParallelism());
}

export interface PoolOptions {
  readonly threads?: number;
  /** Requests waiting for a thread before more are refused (503). */
  readonly maxQueued?: number;
  /** Heap of each thread, MB (its typed arrays are outside it). */
  readonly maxHeapMb?: number;
}

export interface PoolStats {
  readonly threads: number;
  readonly started: number;
  readonly busy: number;
  readonly queued: { readonly interactive: number; readonly run: number; readonly long: number };
  /** Every thread busy and requests waiting. */
  readonly saturated: boolean;
  readonly completed: number;
  readonly stopped: number;
}

interface Job {
  readonly id: number;
  readonly task: Task<unknown, unknown>;
  readonly input: unknown;
  readonly opts: TaskOptions;
  readonly priority: Priority;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
  slot?: Slot;
  timer?: NodeJS.Timeout;
  onAbort?: () => void;
}

interface Slot {
  readonly worker: Worker;
  job?: Job;
}

type Reply =
  | { readonly id: number; readonly progress: readonly [number, number] }
  | { readonly id: number; readonly output: unknown }
  | { readonly id: number; readonly error: SerializedError };

const RETRY_AFTER_SECONDS = 5;

export class ComputePool implements Offload {
  readonly name = 'pool';
  readonly threads: number;
  private readonly maxQueued: number;
  private readonly maxHeapMb: number;
  private readonly slots: Slot[] = [];
  private readonly queues: Record<Priority, Job[]> = { interactive: [], run: [], long: [] };
  private nextId = 1;
  private closed = false;
  private completed = 0;
  private stopped = 0;

  constructor(opts: PoolOptions = {}) {
    this.threads = opts.threads ?? defaultWorkers();
    this.maxQueued = opts.maxQueued ?? 8 * this.threads;
    this.maxHeapMb = opts.maxHeapMb ?? 1024;
  }

  run<I, O>(task: Task<I, O>, input: I, opts: TaskOptions = {}): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      if (this.closed) return reject(new TaskAbortedError('the server is stopping'));
      if (opts.signal?.aborted) return reject(new TaskAbortedError());
      const priority = opts.priority ?? 'interactive';
      if (priority === 'interactive' && this.queues.interactive.length >= this.maxQueued)
        return reject(new PoolBusyError(RETRY_AFTER_SECONDS));
      const job: Job = {
        id: this.nextId++,
        task: task as Task<unknown, unknown>,
        input,
        opts,
        priority,
        resolve: resolve as (v: unknown) => void,
        reject,
      };
      if (opts.deadline !== undefined) {
        const limit = opts.deadline - Date.now();
        job.timer = setTimeout(() => this.expire(job, limit), Math.max(0, limit));
        job.timer.unref();
      }
      if (opts.signal) {
        job.onAbort = () => this.cancel(job, new TaskAbortedError());
        opts.signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queues[priority].push(job);
      this.dispatch();
    });
  }

  /** Start every thread now (in the background), so the first request does not wait for one. */
  warm(): void {
    while (!this.closed && this.slots.length < this.threads) this.spawn();
  }

  stats(): PoolStats {
    const busy = this.slots.filter((s) => s.job).length;
    return {
      threads: this.threads,
      started: this.slots.length,
      busy,
      queued: {
        interactive: this.queues.interactive.length,
        run: this.queues.run.length,
        long: this.queues.long.length,
      },
      saturated: busy >= this.threads && this.queues.interactive.length > 0,
      completed: this.completed,
      stopped: this.stopped,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const q of Object.values(this.queues))
      for (const job of q.splice(0)) this.finish(job, undefined, new TaskAbortedError('the server is stopping'));
    const slots = this.slots.splice(0);
    for (const s of slots) if (s.job) this.finish(s.job, undefined, new TaskAbortedError('the server is stopping'));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  /** The next job a free thread may take: requests first; long run steps never on the last free thread. */
  private next(): Job | undefined {
    if (this.queues.interactive.length > 0) return this.queues.interactive.shift();
    const longRunning = this.slots.filter((s) => s.job?.priority === 'long').length;
    const longAllowed = this.queues.long.length > 0 && longRunning < Math.max(1, this.threads - 1);
    const run = this.queues.run[0];
    const long = this.queues.long[0];
    if (longAllowed && (!run || long!.id < run.id)) return this.queues.long.shift();
    if (run) return this.queues.run.shift();
    return undefined;
  }

  private dispatch(): void {
    if (this.closed) return;
    for (;;) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.threads) slot = this.spawn();
      if (!slot) return;
      const job = this.next();
      if (!job) return;
      this.start(slot, job);
    }
  }

  private spawn(): Slot {
    const entry = sourcePath('lambda/local/computeWorkerThread.ts');
    // TypeScript source, as under `npm start`: tsx's CommonJS hook, then the module
    const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb },
      env: { ...process.env, SHARESIM_LOG_LEVEL: process.env.SHARESIM_LOG_LEVEL ?? 'WARN' },
    });
    const slot: Slot = { worker };
    worker.on('message', (m: Reply) => this.onReply(slot, m));
    worker.on('error', (e) => this.onDeath(slot, e));
    worker.on('exit', (code) => this.onDeath(slot, new Error(`a worker thread exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    job.slot = slot;
    slot.worker.postMessage({ id: job.id, name: job.task.name, input: job.input });
  }

  private onReply(slot: Slot, m: Reply): void {
    const job = slot.job;
    if (!job || job.id !== m.id) return;
    if ('progress' in m) {
      job.opts.onProgress?.(m.progress[0], m.progress[1]);
      return;
    }
    slot.job = undefined;
    job.slot = undefined;
    this.completed++;
    if ('error' in m) this.finish(job, undefined, deserializeError(m.error));
    else this.finish(job, m.output);
    this.dispatch();
  }

  private onDeath(slot: Slot, err: Error): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return; // ended by us
    this.slots.splice(i, 1);
    if (slot.job) this.finish(slot.job, undefined, err);
    this.dispatch();
  }

  /** End a running job's thread (the only way to stop a computation) and start afresh. */
  private stopRunning(job: Job, err: Error): void {
    const slot = job.slot!;
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    slot.job = undefined;
    job.slot = undefined;
    this.stopped++;
    void slot.worker.terminate();
    this.finish(job, undefined, err);
    this.dispatch();
  }

  private cancel(job: Job, err: Error): void {
    if (job.slot) {
      this.stopRunning(job, err);
      return;
    }
    const q = this.queues[job.priority];
    const i = q.indexOf(job);
    if (i >= 0) {
      q.splice(i, 1);
      this.finish(job, undefined, err);
    }
  }

  private expire(job: Job, limitMs: number): void {
    if (job.slot) this.stopRunning(job, new DeadlineExceededError(limitMs));
    else this.cancel(job, new PoolBusyError(RETRY_AFTER_SECONDS));
  }

  private finish(job: Job, value: unknown, err?: Error): void {
    if (job.timer) clearTimeout(job.timer);
    if (job.onAbort) job.opts.signal?.removeEventListener('abort', job.onAbort);
    if (err) job.reject(err);
    else job.resolve(value);
  }
}

/**
 * Monte Carlo chunks of one scenario across a pool of its own (benchmarks and tests): the
 * partials are the same whichever thread ran them (streams depend on the iteration index only).
 */
export class ThreadPoolChunkRunner implements ChunkRunner {
  private readonly pool: ComputePool;

  constructor(workers: number = defaultWorkers()) {
    this.pool = new ComputePool({ threads: workers });
  }

  async run(work: ChunkWork, progress: (done: number) => Promise<void> | void): Promise<ChunkPartial[]> {
    let done = 0;
    return Promise.all(
      work.chunks.map(async (c) => {
        const p = await this.pool.run(
          chunkOfScenarioTask,
          { scenario: work.scenario, seed: work.seed, rule: work.rule, from: c.from, to: c.to },
          { priority: 'run' },
        );
        done += c.to - c.from;
        await progress(done);
        return p;
      }),
    );
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
