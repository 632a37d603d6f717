/**
 * The cost-sharing rules consortia use, for partnerships of any size: each needs the grand
 * coalition's value and each member's marginal contribution mᵢ = v(N) − v(N∖{i}) (n + 1
 * evaluations of the saving game, each O(years) on the running aggregate), so they scale to
 * thousands of members where exact Shapley or the nucleolus cannot.
 *
 * Separable costs, remaining benefits (SCRB; James and Lee, 1971; used for US water projects
 * since the 1930s). In cost terms member i's separable cost is what the partnership costs more
 * for having it, SCᵢ = c(N) − c(N∖{i}), its remaining benefit rᵢ = c({i}) − SCᵢ, and the
 * non-separable cost c(N) − Σ SCⱼ is shared in proportion to the remaining benefits. Since c(S)
 * = Σ_{j∈S} alone_j − v(S), SCᵢ = aloneᵢ − mᵢ and rᵢ = mᵢ: member i's saving is
 * mᵢ − (Σⱼ mⱼ − v(N)) · rᵢ⁺ / Σⱼ rⱼ⁺ (remaining benefits below zero count as zero). When every
 * mᵢ ≥ 0 and v(N) ≥ 0 it is mᵢ · v(N) / Σⱼ mⱼ: nobody is worse off than alone.
 *
 * Tariff (two-part): each member pays its usage (its alone cost of the shared services, uᵢ) at
 * the partnership's unit cost, plus an equal share of the fixed cost (a membership fee). The
 * partnership's cost of the shared services is K = Σ uⱼ − v(N); its variable part is the sum of
 * the separable costs Σ (uⱼ − mⱼ), so the unit cost is p = Σ (uⱼ − mⱼ) / Σ uⱼ and the fixed
 * cost F = Σ mⱼ − v(N). Member i's saving is uᵢ − p·uᵢ − F / n.
 */
import type { IncrementalGame } from './incremental';

/** v(N) and every member's marginal contribution v(N) − v(N∖{i}): n + 1 evaluations. */
export function marginalContributions(game: IncrementalGame): { grand: number; marginal: number[] } {
  const n = game.n;
  for (let i = 0; i < n; i++) game.add(i);
  const grand = n > 0 ? game.value() : 0;
  const marginal: number[] = [];
  for (let i = 0; i < n; i++) {
    game.remove(i);
    marginal.push(grand - (n > 1 ? game.value() : 0));
    game.add(i);
  }
  for (let i = 0; i < n; i++) game.remove(i);
  return { grand, marginal };
}

/** From a table of every coalition's value (n ≤ 20). */
export function marginalFromTable(n: number, v: Float64Array): { grand: number; marginal: number[] } {
  const full = (1 << n) - 1;
  const grand = v[full]!;
  return { grand, marginal: Array.from({ length: n }, (_, i) => grand - v[full ^ (1 << i)]!) };
}

/** Separable costs, remaining benefits, as each member's saving. Sums to v(N). */
export function separableCostsShares(grand: number, marginal: readonly number[]): number[] {
  const n = marginal.length;
  if (n === 0) return [];
  const r = marginal.map((m) => Math.max(0, m));
  const sumR = r.reduce((s, x) => s + x, 0);
  const nonSeparable = marginal.reduce((s, m) => s + m, 0) - grand;
  if (!(sumR > 0)) return marginal.map((m) => m - nonSeparable / n);
  return marginal.map((m, i) => m - (nonSeparable * r[i]!) / sumR);
}

/** The two-part tariff as each member's saving. Sums to v(N). */
export function tariffShares(grand: number, marginal: readonly number[], usage: readonly number[]): number[] {
  const n = marginal.length;
  if (n === 0) return [];
  const totalUsage = usage.reduce((s, u) => s + u, 0);
  const separable = usage.reduce((s, u, i) => s + u - marginal[i]!, 0);
  const fixed = marginal.reduce((s, m) => s + m, 0) - grand;
  if (!(totalUsage > 0)) return marginal.map(() => grand / n);
  const unit = separable / totalUsage;
  return usage.map((u) => u - unit * u - fixed / n);
}
