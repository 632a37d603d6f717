/**
 * Sensitivity: the tornado (NPV saving at each uncertain assumption's P10 and P90, the others
 * central, sorted by swing) and, for each, the break-even value at which the NPV crosses zero.
 */
import type { Scenario } from '../schema';
import { compile } from '../model';
import { grandSaving, uncertainAssumptions, type UncertainAssumption } from './monteCarlo';
import { quantile } from './distributions';

export interface SensitivityEntry {
  assumption: string;
  low: number;
  high: number;
  npvLow: number;
  npvHigh: number;
  swing: number;
  /** The value at which the NPV saving is zero (others central), within the range searched; else null. */
  breakEven: number | null;
  breakEvenRange: [number, number];
}

function npvAt(s: Scenario, x: UncertainAssumption, value: number): number {
  return grandSaving(compile(s, { [x.key]: value }));
}

/**
 * Where to look for a break-even: the distribution's 0.1–99.9 % range, widened threefold, within the assumption's
 * bounds.
 */
function searchRange(x: UncertainAssumption): [number, number] {
  const lo = quantile(x.dist, 0.001);
  const hi = quantile(x.dist, 0.999);
  const w = hi - lo;
  return [Math.max(x.min, lo - w), Math.min(x.max ?? Infinity, hi + w)];
}

/**
 * The value in range where the NPV saving crosses zero: the Illinois variant of false position,
 * bracketing like bisection but converging in about ten simulations instead of sixty.
 */
function breakEven(s: Scenario, x: UncertainAssumption, range: [number, number]): number | null {
  let [lo, hi] = range;
  let flo = npvAt(s, x, lo);
  let fhi = npvAt(s, x, hi);
  if (flo === 0) return lo;
  if (fhi === 0) return hi;
  if (Math.sign(flo) === Math.sign(fhi)) return null;
  let side = 0;
  for (let i = 0; i < 80 && hi - lo > 1e-12 * Math.max(1, Math.abs(lo)); i++) {
    const mid = (lo * fhi - hi * flo) / (fhi - flo);
    const f = npvAt(s, x, mid);
    if (Math.abs(f) < 1e-3) return mid;
    if (Math.sign(f) === Math.sign(flo)) {
      lo = mid;
      flo = f;
      if (side === -1) fhi /= 2;
      side = -1;
    } else {
      hi = mid;
      fhi = f;
      if (side === 1) flo /= 2;
      side = 1;
    }
  }
  return (lo + hi) / 2;
}

/** Break-even values are searched for the largest swings only (each search costs up to 60 simulations). */
export const BREAK_EVEN_SEARCHED = 12;

/** The tornado over the scenario's uncertain assumptions (default ranges too when `monteCarlo`). */
export function sensitivity(s: Scenario, monteCarlo = s.uncertainty.iterations > 0): SensitivityEntry[] {
  const entries = uncertainAssumptions(s, monteCarlo)
    .map((x) => {
      const low = quantile(x.dist, 0.1);
      const high = quantile(x.dist, 0.9);
      const npvLow = npvAt(s, x, Math.max(x.min, low));
      const npvHigh = npvAt(s, x, Math.min(x.max ?? Infinity, high));
      return { x, low, high, npvLow, npvHigh, swing: Math.abs(npvHigh - npvLow) };
    })
    .sort((p, q) => q.swing - p.swing);
  return entries.map((e, rank) => {
    const range = searchRange(e.x);
    return {
      assumption: e.x.key,
      low: e.low,
      high: e.high,
      npvLow: e.npvLow,
      npvHigh: e.npvHigh,
      swing: e.swing,
      breakEven: rank < BREAK_EVEN_SEARCHED ? breakEven(s, e.x, range) : null,
      breakEvenRange: range,
    };
  });
}
