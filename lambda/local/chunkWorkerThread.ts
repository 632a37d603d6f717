/** A chunk worker thread: runs the chunks it is sent with the very same runChunk, returns partials. */
import { parentPort } from 'node:worker_threads';
import type { Scenario } from '../engine/schema';
import { type AllocationRule, runChunk } from '../engine/uncertainty/monteCarlo';

interface ChunkMessage {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly rule: AllocationRule;
  readonly from: number;
  readonly to: number;
}

parentPort!.on('message', (m: ChunkMessage) => {
  const p = runChunk(m.scenario, m.seed, m.from, m.to, m.rule);
  parentPort!.postMessage(p, [p.npv.buffer as ArrayBuffer, p.authorityPositive.buffer as ArrayBuffer]);
});
