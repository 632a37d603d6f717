/** Putting a Monte Carlo summary into a result, and the in-process path for small runs. */
import type { Scenario } from '../schema';
import type { SimulationResult } from '../result';
import { assertFinite } from '../finite';
import type { SimpleMethod } from '../allocation/allocate';
import { type AllocationRule, type ChunkPartial, chunkRanges, runChunk, summarize } from './monteCarlo';

const SIMPLE: ReadonlySet<string> = new Set<SimpleMethod>(['proportionalAlone', 'proportionalUsage', 'equal']);
const isSimple = (m: string): m is SimpleMethod => SIMPLE.has(m);

/**
 * The allocation rule per iteration, from the central result: a simple key is recomputed in
 * every iteration; a game-based method keeps each authority's central fraction of the saving.
 * When the central saving is 0 there is no fraction to keep: equal shares, and the name says so.
 */
export function allocationRule(result: SimulationResult): { rule: AllocationRule; name: string } {
  const method = result.allocation.method;
  const npv = result.summary.npvSaving;
  if (isSimple(method)) return { rule: { method }, name: `${method}, recomputed in every iteration` };
  if (npv === 0)
    return {
      rule: { method: 'equal' },
      name: `${method}: the central saving is 0, so no fraction to keep; equal shares in every iteration`,
    };
  return {
    rule: { method, centralFractions: result.authorities.map((a) => a.saving / npv) },
    name: `${method}: each authority keeps its central fraction of the saving in every iteration`,
  };
}

export function attachUncertainty(
  result: SimulationResult,
  s: Scenario,
  seed: number,
  partials: readonly ChunkPartial[],
): SimulationResult {
  const { name } = allocationRule(result);
  const u = summarize(s, seed, partials, name);
  assertFinite(u, s, 'the Monte Carlo summary');
  const p = new Map(u.authorities.map((a) => [a.id, a.probabilitySaving]));
  return {
    ...result,
    uncertainty: u,
    authorities: result.authorities.map((a) => ({ ...a, probabilitySaving: p.get(a.id) ?? 0 })),
  };
}

/** Monte Carlo in this process, chunk by chunk (what a worker does with its share). */
export function monteCarloInProcess(
  result: SimulationResult,
  s: Scenario,
  iterations: number,
  seed: number,
  chunkSize = 1000,
): SimulationResult {
  const { rule } = allocationRule(result);
  const partials = chunkRanges(iterations, chunkSize).map((c) => runChunk(s, seed, c.from, c.to, rule));
  return attachUncertainty(result, s, seed, partials);
}
