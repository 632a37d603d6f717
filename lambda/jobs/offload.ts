/**
 * The offload port: heavy work (simulations, plans, reports, a run's steps) as named tasks
 * whose input and output cross a thread boundary as plain data (strings, numbers, typed
 * arrays). The same task runs in the caller's own thread (Lambda, tests: `inProcess`) or on the
 * local server's bounded pool of worker threads (lambda/local/pool.ts), so one handler serves
 * both and the local event loop stays free for health and reads.
 */

export interface TaskContext {
  /** Report progress (done out of total); delivered to the caller's onProgress. */
  progress(done: number, total: number): void;
}

export interface Task<I, O> {
  /** Unique: the worker thread finds the task by name. */
  readonly name: string;
  readonly run: (input: I, ctx: TaskContext) => O | Promise<O>;
  /** Buffers of the output that move to the caller instead of being copied. */
  readonly transfer?: (output: O) => ArrayBuffer[];
}

export function task<I, O>(
  name: string,
  run: (input: I, ctx: TaskContext) => O | Promise<O>,
  transfer?: (output: O) => ArrayBuffer[],
): Task<I, O> {
  return { name, run, ...(transfer ? { transfer } : {}) };
}

/**
 * Who waits for the task: a request (`interactive`, served first), a run's short step (`run`: a
 * Monte Carlo chunk) or a run's long step (`long`: its central simulation, aggregation or plan,
 * which the pool never lets take every thread, so requests always find one).
 */
export type Priority = 'interactive' | 'run' | 'long';

export interface TaskOptions {
  readonly priority?: Priority;
  /** Aborting drops a queued task and stops a running one (its thread is ended). */
  readonly signal?: AbortSignal;
  /** Epoch ms by which the task must have finished: past it, queued it fails busy, running it is stopped. */
  readonly deadline?: number;
  /** Estimated ms of work (jobs/estimate.ts), for the pool's accounting. */
  readonly estimateMs?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface Offload {
  readonly name: string;
  run<I, O>(task: Task<I, O>, input: I, opts?: TaskOptions): Promise<O>;
}

/** The task in the caller's own thread: Lambda (one request per process) and tests. */
export const inProcess: Offload = {
  name: 'in-process',
  async run<I, O>(t: Task<I, O>, input: I, opts: TaskOptions = {}): Promise<O> {
    if (opts.signal?.aborted) throw new TaskAbortedError();
    return t.run(input, { progress: (done, total) => opts.onProgress?.(done, total) });
  },
};

/** The task was cancelled: its client went away, or its run was deleted. */
export class TaskAbortedError extends Error {
  constructor(message = 'the work was cancelled') {
    super(message);
    this.name = 'TaskAbortedError';
  }
}

/** Every worker is busy and the queue is full, or the task waited past its deadline: retry later (503). */
export class PoolBusyError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('every worker thread is busy');
    this.name = 'PoolBusyError';
  }
}

/** The task ran past its deadline and was stopped. */
export class DeadlineExceededError extends Error {
  constructor(readonly limitMs: number) {
    super(`the work ran longer than its limit of ${Math.round(limitMs / 1000)} s and was stopped`);
    this.name = 'DeadlineExceededError';
  }
}
