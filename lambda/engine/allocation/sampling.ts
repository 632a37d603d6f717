/**
 * Shapley value by permutation sampling with antithetic pairs: each sample is a random order
 * of the players and its reverse; a player's sample is the mean of its two marginal
 * contributions. The reverse order is walked by removing players from the full coalition in
 * the forward order, so a pair costs 2n evaluations and the coalition ends empty again.
 * The standard error per player is the standard deviation of its pair samples over √pairs;
 * sampling stops when every player's error is under the target or the budget is spent.
 * Deterministic for a seed: the orders come from pure-rand's xoroshiro128+.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { IncrementalGame } from './incremental';

export interface SamplingOptions {
  readonly seed: number;
  /** Stop once max SE ≤ this × max |φᵢ| (default 1 %). */
  readonly targetRelativeSe?: number;
  /** Stop when this many coalition evaluations are spent (default 400,000). */
  readonly maxEvaluations?: number;
  /** Never fewer pairs than this (default 16), so the error estimate means something. */
  readonly minPairs?: number;
}

export interface SampledShapley {
  readonly values: number[];
  readonly standardErrors: number[];
  readonly pairs: number;
  readonly evaluations: number;
  readonly converged: boolean;
  /** v(N), to which the values sum. */
  readonly grand: number;
}

export function sampledShapley(game: IncrementalGame, opts: SamplingOptions): SampledShapley {
  const n = game.n;
  const target = opts.targetRelativeSe ?? 0.01;
  const budget = opts.maxEvaluations ?? 400_000;
  const minPairs = opts.minPairs ?? 16;
  const rng = xoroshiro128plus(opts.seed);
  const order = Array.from({ length: n }, (_, i) => i);
  const forward = new Float64Array(n);
  const mean = new Float64Array(n);
  const m2 = new Float64Array(n); // Welford sums of squared deviations
  let pairs = 0;
  let evaluations = 0;
  let grand = 0;
  let converged = false;

  while (evaluations + 2 * n <= budget || pairs < 2) {
    for (let k = n - 1; k > 0; k--) {
      const j = uniformInt(rng, 0, k);
      const t = order[k]!;
      order[k] = order[j]!;
      order[j] = t;
    }
    let prev = 0;
    for (const i of order) {
      game.add(i);
      const v = game.value();
      forward[i] = v - prev;
      prev = v;
    }
    grand = prev;
    // Reverse order: player i joins the players after it in `order`; removing in forward order
    // takes {i} ∪ after(i) to after(i).
    pairs++;
    for (const i of order) {
      game.remove(i);
      const v = game.value();
      const x = (forward[i]! + (prev - v)) / 2;
      prev = v;
      const d = x - mean[i]!;
      mean[i]! += d / pairs;
      m2[i]! += d * (x - mean[i]!);
    }
    evaluations += 2 * n;
    if (pairs >= minPairs) {
      let maxSe = 0,
        maxAbs = 0;
      for (let i = 0; i < n; i++) {
        maxSe = Math.max(maxSe, Math.sqrt(m2[i]! / (pairs - 1) / pairs));
        maxAbs = Math.max(maxAbs, Math.abs(mean[i]!));
      }
      if (maxSe <= target * maxAbs) {
        converged = true;
        break;
      }
    }
  }
  // Every pair's samples sum to v(N) exactly; remove the floating-point residual of the means.
  let sum = 0;
  for (let i = 0; i < n; i++) sum += mean[i]!;
  const fix = (grand - sum) / n;
  return {
    values: Array.from(mean, (x) => x + fix),
    standardErrors: Array.from(m2, (s) => (pairs > 1 ? Math.sqrt(s / (pairs - 1) / pairs) : Infinity)),
    pairs,
    evaluations,
    converged,
    grand,
  };
}
