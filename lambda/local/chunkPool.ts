/**
 * Chunks across worker threads: each thread takes the next chunk when it finishes one. The
 * partials are the same whichever thread ran them (streams depend on the iteration index only).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ChunkPartial } from '../engine/uncertainty/monteCarlo';
import type { ChunkRunner, ChunkWork } from '../jobs/chunks';
import { sourcePath } from './sourcePath';

export function defaultWorkers(): number {
  const env = Number(process.env.SHARESIM_WORKERS);
  return Number.isInteger(env) && env > 0 ? env : Math.max(1, availableParallelism());
}

function spawn(): Worker {
  const entry = sourcePath('lambda/local/chunkWorkerThread.ts');
  // TypeScript source, as under `npm start`: tsx's CommonJS hook, then the module
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, { eval: true });
}

/**
 * A pool of chunk threads, started on first use and kept for the next run until `close()`.
 * Each run hands out its chunks one at a time to whichever thread is free.
 */
export class ThreadPoolChunkRunner implements ChunkRunner {
  private threads: Worker[] = [];
  private busy = false;

  constructor(private readonly workers: number = defaultWorkers()) {}

  async run(work: ChunkWork, progress: (done: number) => Promise<void> | void): Promise<ChunkPartial[]> {
    if (this.busy) throw new Error('this pool is already running a job');
    this.busy = true;
    const queue = [...work.chunks];
    const out: ChunkPartial[] = [];
    let done = 0;
    while (this.threads.length < Math.min(this.workers, Math.max(1, queue.length))) this.threads.push(spawn());
    try {
      await Promise.all(
        this.threads.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              const cleanup = () => {
                w.off('message', onMessage);
                w.off('error', onError);
                w.off('exit', onExit);
              };
              const next = () => {
                const c = queue.shift();
                if (!c) {
                  cleanup();
                  return resolve();
                }
                w.postMessage({ scenario: work.scenario, seed: work.seed, rule: work.rule, from: c.from, to: c.to });
              };
              const onMessage = (p: ChunkPartial) => {
                out.push(p);
                done += p.to - p.from;
                Promise.resolve(progress(done)).then(next, (e: unknown) => {
                  cleanup();
                  reject(e);
                });
              };
              const onError = (e: Error) => {
                cleanup();
                reject(e);
              };
              const onExit = (code: number) => {
                cleanup();
                reject(new Error(`a chunk worker exited with code ${code}`));
              };
              w.on('message', onMessage);
              w.once('error', onError);
              w.once('exit', onExit);
              next();
            }),
        ),
      );
    } catch (err) {
      await this.close(); // a failed thread leaves the pool unusable: start afresh next time
      throw err;
    } finally {
      this.busy = false;
    }
    return out;
  }

  async close(): Promise<void> {
    const threads = this.threads;
    this.threads = [];
    await Promise.all(threads.map((w) => w.terminate()));
  }
}
