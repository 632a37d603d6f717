/**
 * Monte Carlo chunks as jobs: descriptors, a binary encoding of partials (for the store and for
 * worker-thread messages), and the chunk runner port with its in-process implementation.
 */
import type { Scenario } from '../engine/schema';
import { type AllocationRule, type ChunkPartial, runChunk } from '../engine/uncertainty/monteCarlo';

export const DEFAULT_CHUNK_SIZE = 2000;

export interface ChunkSpec {
  readonly from: number;
  readonly to: number;
}

export interface ChunkWork {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly rule: AllocationRule;
  readonly chunks: readonly ChunkSpec[];
}

export interface ChunkRunner {
  /** Run every chunk; `progress` is told how many iterations are done so far. */
  run(work: ChunkWork, progress: (done: number) => Promise<void> | void): Promise<ChunkPartial[]>;
}

export class InProcessChunkRunner implements ChunkRunner {
  async run(work: ChunkWork, progress: (done: number) => Promise<void> | void): Promise<ChunkPartial[]> {
    const out: ChunkPartial[] = [];
    let done = 0;
    for (const c of work.chunks) {
      out.push(runChunk(work.scenario, work.seed, c.from, c.to, work.rule));
      done += c.to - c.from;
      await progress(done);
    }
    return out;
  }
}

/** Partial → bytes: a JSON header line, then the NPVs (float64) and the positive counts (uint32). */
export function encodePartial(p: ChunkPartial): Buffer {
  const header = Buffer.from(`${JSON.stringify({ from: p.from, to: p.to, n: p.authorityPositive.length })}\n`, 'utf8');
  return Buffer.concat([
    header,
    Buffer.from(p.npv.buffer, p.npv.byteOffset, p.npv.byteLength),
    Buffer.from(p.authorityPositive.buffer, p.authorityPositive.byteOffset, p.authorityPositive.byteLength),
  ]);
}

export function decodePartial(b: Buffer): ChunkPartial {
  const nl = b.indexOf(10);
  const { from, to, n } = JSON.parse(b.subarray(0, nl).toString('utf8')) as { from: number; to: number; n: number };
  const body = b.subarray(nl + 1);
  const copy = new Uint8Array(body.length);
  copy.set(body);
  const npv = new Float64Array(copy.buffer, 0, to - from);
  const authorityPositive = new Uint32Array(copy.buffer, (to - from) * 8, n);
  return { from, to, npv, authorityPositive };
}
