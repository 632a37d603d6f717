/**
 * Cooperative games as a library: a game on n players is a function from a coalition bit mask
 * to its value, with value(0) = 0. Pure and generic, so analysts and tests can use it directly.
 */

export const MAX_EXACT_PLAYERS = 20;

/** Every coalition's value, indexed by mask (2^n entries). */
export function tabulate(n: number, value: (coalition: number) => number): Float64Array {
  if (n > MAX_EXACT_PLAYERS + 4) throw new RangeError(`tabulating 2^${n} coalitions is too large`);
  const size = 1 << n;
  const v = new Float64Array(size);
  for (let m = 1; m < size; m++) v[m] = value(m);
  return v;
}

/** Shapley weights s!(n-s-1)!/n! for a coalition of size s not containing the player. */
function shapleyWeights(n: number): Float64Array {
  const w = new Float64Array(n);
  // w(s) = 1 / (n · C(n-1, s)), built by the ratio w(s+1)/w(s) = (s+1)/(n-1-s)
  w[0] = 1 / n;
  for (let s = 0; s + 1 < n; s++) w[s + 1] = (w[s]! * (s + 1)) / (n - 1 - s);
  return w;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Exact Shapley value from a table of every coalition's value. O(n · 2^n). */
export function shapleyFromTable(n: number, v: Float64Array): number[] {
  const w = shapleyWeights(n);
  const phi = new Array<number>(n).fill(0);
  const size = 1 << n;
  for (let m = 0; m < size; m++) {
    const s = popcount(m);
    if (s === n) continue;
    const ws = w[s]!;
    const vm = v[m]!;
    for (let i = 0; i < n; i++) {
      const bit = 1 << i;
      if ((m & bit) === 0) phi[i]! += ws * (v[m | bit]! - vm);
    }
  }
  return phi;
}

/** Exact Shapley value: φᵢ = Σ_{S ∌ i} |S|!(n−|S|−1)!/n! · (v(S ∪ {i}) − v(S)). */
export function shapleyValues(n: number, value: (coalition: number) => number): number[] {
  if (n === 0) return [];
  return shapleyFromTable(n, tabulate(n, value));
}

/** Tolerance below which a coalition's excess is treated as rounding, not blocking. */
export function blockingTolerance(grand: number, allocation: readonly number[]): number {
  let scale = Math.abs(grand);
  for (const x of allocation) scale = Math.max(scale, Math.abs(x));
  return 1e-9 * Math.max(1, scale);
}

/** Coalitions T with Σ_{i∈T} xᵢ < v(T) beyond tolerance, from a table; most-blocking (largest excess) first. */
export function blockingFromTable(
  n: number,
  v: Float64Array,
  allocation: readonly number[],
  limit = Infinity,
): { mask: number; excess: number }[] {
  const size = 1 << n;
  const tol = blockingTolerance(v[size - 1]!, allocation);
  const x = new Float64Array(size); // Σ allocation over each mask, built from the mask without its lowest bit
  const found: { mask: number; excess: number }[] = [];
  for (let m = 1; m < size; m++) {
    const low = m & -m;
    x[m] = x[m ^ low]! + allocation[31 - Math.clz32(low)]!;
    const excess = v[m]! - x[m]!;
    if (excess > tol) found.push({ mask: m, excess });
  }
  found.sort((p, q) => q.excess - p.excess || popcount(p.mask) - popcount(q.mask));
  return Number.isFinite(limit) ? found.slice(0, limit) : found;
}

/** Masks T with Σ_{i∈T} allocationᵢ < v(T) beyond a small tolerance, most-blocking first. */
export function blockingCoalitions(n: number, value: (coalition: number) => number, allocation: number[]): number[] {
  if (n === 0) return [];
  return blockingFromTable(n, tabulate(n, value), allocation).map((b) => b.mask);
}

export function membersOf(mask: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (mask & (1 << i)) out.push(i);
  return out;
}

export { popcount };
