/**
 * Monte Carlo over the uncertain assumptions (docs/model.md, uncertainty). A chunk runs an iteration
 * range and returns a partial: the NPV saving of each iteration (in index order) and, per
 * authority, how many iterations gave it a positive saving. Partials merge by concatenation
 * in index order, so every statistic is exact and identical however the iterations were split
 * (8 bytes an iteration: 8 MB at the API's maximum of 1,000,000, less than a sketch's error
 * analysis would cost to get right).
 */
import { ASSUMPTION_KEYS, ASSUMPTIONS, type AssumptionKey } from '../defaults';
import { resolveAssumptions } from '../assumptions';
import { compile, type Model } from '../model';
import { Aggregate, coalitionSaving } from '../partnership';
import type { AllocationMethod, Distribution, Scenario } from '../schema';
import { presentValuesByAuthority } from '../presentValues';
import { type SimpleMethod, simpleAllocation } from '../allocation/allocate';
import { sampleWithin } from './distributions';
import { iterationUniforms } from './streams';

export interface UncertainAssumption {
  readonly key: AssumptionKey;
  readonly dist: Distribution;
  readonly min: number;
  readonly max: number | undefined;
}

/**
 * The scenario's uncertain assumptions, in the registry's fixed order (the draw order): its own
 * distributions and, in Monte Carlo (`monteCarlo`), every unpinned assumption's default range
 * unless the scenario turned default ranges off.
 */
export function uncertainAssumptions(s: Scenario, monteCarlo = true): UncertainAssumption[] {
  const { uncertain } = resolveAssumptions(s.assumptions, {
    iterations: monteCarlo ? 1 : 0,
    defaultRanges: s.uncertainty.defaultRanges,
  });
  return ASSUMPTION_KEYS.filter((k) => uncertain.has(k)).map((key) => {
    const spec = ASSUMPTIONS[key] as { min: number; max?: number };
    return { key, dist: uncertain.get(key)!, min: spec.min, max: spec.max };
  });
}

/**
 * How the saving of an iteration is shared: a simple key recomputed per iteration (the one
 * implementation in allocation/allocate.ts), or the central run's fractions for game-based
 * methods (Shapley, nucleolus, least core, separable costs, tariff: recomputing them per
 * iteration would cost up to 2^n evaluations and an LP).
 */
export type AllocationRule =
  | { readonly method: SimpleMethod }
  | { readonly method: AllocationMethod; readonly centralFractions: readonly number[] };

export interface ChunkPartial {
  readonly from: number;
  readonly to: number;
  readonly npv: Float64Array;
  readonly authorityPositive: Uint32Array;
}

/** NPV saving of the grand partnership for a compiled model. */
export function grandSaving(model: Model): number {
  return coalitionSaving(
    model,
    Aggregate.of(
      model,
      model.authorities.map((a) => a.index),
    ),
  );
}

function shares(model: Model, npv: number, rule: AllocationRule): number[] {
  if ('centralFractions' in rule) return rule.centralFractions.map((f) => f * npv);
  const { pvAlone, pvUsage } = presentValuesByAuthority(model);
  return simpleAllocation(rule.method, { npvSaving: npv, pvAlone, pvUsage });
}

export function runChunk(s: Scenario, seed: number, from: number, to: number, rule: AllocationRule): ChunkPartial {
  const uncertain = uncertainAssumptions(s);
  const n = s.authorities.length;
  const npv = new Float64Array(to - from);
  const positive = new Uint32Array(n);
  const u = new Float64Array(uncertain.length);
  const draw = { keys: uncertain.map((x) => x.key), values: new Float64Array(uncertain.length) };
  let arrays: Model['arrays'] | undefined;
  for (let i = from; i < to; i++) {
    iterationUniforms(seed, i, uncertain.length, u);
    for (let k = 0; k < uncertain.length; k++) {
      const x = uncertain[k]!;
      draw.values[k] = sampleWithin(x.dist, u[k]!, x.min, x.max);
    }
    const model = compile(s, draw, arrays);
    arrays = model.arrays;
    const v = grandSaving(model);
    npv[i - from] = v;
    const sh = shares(model, v, rule);
    for (let a = 0; a < n; a++) if (sh[a]! > 0) positive[a]!++;
  }
  return { from, to, npv, authorityPositive: positive };
}

export interface UncertaintyResult {
  iterations: number;
  seed: number;
  npvSaving: {
    mean: number;
    sd: number;
    p5: number;
    p10: number;
    p50: number;
    p90: number;
    p95: number;
    min: number;
    max: number;
  };
  probabilityPositive: number;
  /** The NPV distribution in HISTOGRAM_BINS equal-width bins from min to max: counts add up to iterations. */
  histogram: { edges: number[]; counts: number[] };
  /** Convergence: the standard error of the mean NPV saving. */
  standardErrorOfMean: number;
  authorities: { id: string; probabilitySaving: number }[];
  allocationRule: string;
}

/** Quantile by linear interpolation between order statistics (Hyndman and Fan type 7, as R and numpy default). */
export function sortedQuantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export const HISTOGRAM_BINS = 30;

/** Equal-width bins over [min, max] of sorted values (the last bin closed); one bin when all are equal. */
export function histogram(sorted: Float64Array, bins = HISTOGRAM_BINS): { edges: number[]; counts: number[] } {
  const n = sorted.length;
  const lo = sorted[0]!,
    hi = sorted[n - 1]!;
  if (!(hi > lo)) return { edges: [lo, hi], counts: [n] };
  const w = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, k) => (k === bins ? hi : lo + k * w));
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) counts[Math.min(bins - 1, Math.floor((sorted[i]! - lo) / w))]!++;
  return { edges, counts };
}

/** Merge partials (any chunking) into the result's `uncertainty`: exact, and identical for any split. */
export function summarize(
  s: Scenario,
  seed: number,
  partials: readonly ChunkPartial[],
  ruleName: string,
): UncertaintyResult {
  const ordered = [...partials].sort((a, b) => a.from - b.from);
  const total = ordered.reduce((k, p) => k + (p.to - p.from), 0);
  const values = new Float64Array(total);
  let o = 0;
  for (const p of ordered) {
    if (p.from !== o) throw new Error(`partials do not tile the iterations: expected ${o}, got ${p.from}`);
    values.set(p.npv, o);
    o = p.to;
  }
  let sum = 0;
  for (let i = 0; i < total; i++) sum += values[i]!;
  const mean = sum / total;
  let ss = 0,
    positive = 0;
  for (let i = 0; i < total; i++) {
    ss += (values[i]! - mean) ** 2;
    if (values[i]! > 0) positive++;
  }
  const sd = total > 1 ? Math.sqrt(ss / (total - 1)) : 0;
  const sorted = Float64Array.from(values).sort();
  const q = (p: number) => sortedQuantile(sorted, p);
  const counts = new Array<number>(s.authorities.length).fill(0);
  for (const p of ordered)
    p.authorityPositive.forEach((c, a) => {
      counts[a]! += c;
    });
  return {
    iterations: total,
    seed,
    npvSaving: {
      mean,
      sd,
      p5: q(0.05),
      p10: q(0.1),
      p50: q(0.5),
      p90: q(0.9),
      p95: q(0.95),
      min: sorted[0]!,
      max: sorted[total - 1]!,
    },
    probabilityPositive: positive / total,
    histogram: histogram(sorted),
    standardErrorOfMean: sd / Math.sqrt(total),
    authorities: s.authorities.map((a, i) => ({ id: a.id, probabilitySaving: counts[i]! / total })),
    allocationRule: ruleName,
  };
}

/** Split iterations into chunk descriptors. */
export function chunkRanges(iterations: number, chunkSize: number): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  for (let from = 0; from < iterations; from += chunkSize)
    out.push({ from, to: Math.min(iterations, from + chunkSize) });
  return out;
}
