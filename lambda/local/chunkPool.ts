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

export class ThreadPoolChunkRunner implements ChunkRunner {
  constructor(private readonly workers: number = defaultWorkers()) {}

  async run(work: ChunkWork, progress: (done: number) => Promise<void> | void): Promise<ChunkPartial[]> {
    const queue = [...work.chunks];
    const out: ChunkPartial[] = [];
    let done = 0;
    const threads = Array.from({ length: Math.min(this.workers, queue.length) }, spawn);
    try {
      await Promise.all(
        threads.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              const next = () => {
                const c = queue.shift();
                if (!c) return resolve();
                w.postMessage({ scenario: work.scenario, seed: work.seed, rule: work.rule, from: c.from, to: c.to });
              };
              w.on('message', (p: ChunkPartial) => {
                out.push(p);
                done += p.to - p.from;
                Promise.resolve(progress(done)).then(next, reject);
              });
              w.once('error', reject);
              w.once('exit', (code) => (queue.length > 0 || code !== 0 ? reject(new Error(`a chunk worker exited with code ${code}`)) : resolve()));
              next();
            }),
        ),
      );
    } finally {
      await Promise.all(threads.map((w) => w.terminate()));
    }
    return out;
  }
}
