/** Airport-game fixtures shared by the allocation tests. */
/**
 * Birmingham airport 1968/69 (Littlechild and Thompson, 1977): annual capital cost of the
 * runway each aircraft type needs, in pounds, ordered by need; one player per type.
 */
export const BIRMINGHAM = [65899, 76725, 95200, 97200, 97436, 98142, 102496, 104849, 113322, 115440, 117676];

/** The airport game's closed form: φᵢ = Σ_{k ≤ i} (c_k − c_{k−1}) / (n − k + 1), players sorted by need. */
export function airportClosedForm(costs: readonly number[]): number[] {
  const n = costs.length;
  const out: number[] = [];
  let acc = 0;
  for (let k = 0; k < n; k++) {
    acc += (costs[k]! - (k > 0 ? costs[k - 1]! : 0)) / (n - k);
    out.push(acc);
  }
  return out;
}

export const maxCost = (costs: readonly number[]) => (mask: number) => {
  let m = 0;
  for (let i = 0; i < costs.length; i++) if (mask & (1 << i)) m = Math.max(m, costs[i]!);
  return m;
};
