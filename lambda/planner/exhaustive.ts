/**
 * The exact optimum for small inputs: every partition of the authorities into blocks (Bell(n)
 * of them: 115,975 for 10), each block worth v(block) if it respects the constraints, singletons
 * worth 0. The planner's tests use it as the reference; it knows nothing of the heuristic.
 */
import { leastCoreMarginFromTable } from '../engine/allocation/nucleolus';
import type { PlanGame } from './game';

export const MAX_EXHAUSTIVE = 12;

/**
 * The game inside block `mask`: v of each sub-coalition with links to the block's own hub (as
 * `simulate` of the block plays it).
 */
export function blockTable(game: PlanGame, mask: number): Float64Array {
  const n = game.n;
  const members: number[] = [];
  for (let i = 0; i < n; i++) if (mask & (1 << i)) members.push(i);
  const hub = game.hubOf(members);
  const table = new Float64Array(1 << n);
  for (let t = mask; t; t = (t - 1) & mask) {
    const sub: number[] = [];
    for (let i = 0; i < n; i++) if (t & (1 << i)) sub.push(i);
    table[t] = game.valueAt(sub, hub);
  }
  return table;
}

/** Exact Shapley values of the members of `mask`, from a table of v over its subsets (the textbook sum). */
export function shapleyOfBlock(table: Float64Array, n: number, mask: number): Map<number, number> {
  const members: number[] = [];
  for (let i = 0; i < n; i++) if (mask & (1 << i)) members.push(i);
  const k = members.length;
  const fact = [1];
  for (let i = 1; i <= k; i++) fact[i] = fact[i - 1]! * i;
  const out = new Map<number, number>();
  for (const i of members) {
    const others = mask & ~(1 << i);
    let phi = 0;
    // every T ⊆ others, by the standard sub-mask walk
    for (let t = others; ; t = (t - 1) & others) {
      const size = popcount(t);
      const vt = size <= 1 ? 0 : table[t]!;
      const vti = size + 1 <= 1 ? 0 : table[t | (1 << i)]!;
      phi += ((fact[size]! * fact[k - size - 1]!) / fact[k]!) * (vti - vt);
      if (t === 0) break;
    }
    out.set(i, phi);
  }
  return out;
}

function popcount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
}

/** The sub-game of block `mask` as a table over local masks (members in index order). */
function localTable(table: Float64Array, n: number, mask: number): { k: number; local: Float64Array } {
  const members: number[] = [];
  for (let i = 0; i < n; i++) if (mask & (1 << i)) members.push(i);
  const k = members.length;
  const local = new Float64Array(1 << k);
  for (let m = 1; m < 1 << k; m++) {
    let g = 0;
    for (let j = 0; j < k; j++) if (m & (1 << j)) g |= 1 << members[j]!;
    local[m] = popcount(m) < 2 ? 0 : table[g]!;
  }
  return { k, local };
}

/**
 * The best partition. With `admission`, a block counts only if every member's marginal
 * contribution v(B) − v(B∖{i}) is positive and a split exists that no group of its members can
 * beat (the core of the block's own game is not empty: its least-core margin, by LP, is at
 * least 0): the reference for a planner that admits members by contribution.
 */
export function optimalPartition(
  game: PlanGame,
  feasible: (members: readonly number[]) => boolean,
  admission = false,
): { value: number; blocks: number[][]; partitions: number } {
  const n = game.n;
  if (n > MAX_EXHAUSTIVE) throw new Error(`exhaustive search is for at most ${MAX_EXHAUSTIVE} authorities`);
  // value of every subset, by bit mask
  const table = new Float64Array(1 << n);
  for (let mask = 1; mask < 1 << n; mask++) {
    const members: number[] = [];
    for (let i = 0; i < n; i++) if (mask & (1 << i)) members.push(i);
    table[mask] = members.length === 1 ? 0 : game.value(members);
  }
  // what each block is worth as a partnership: -Infinity when not allowed
  const worth = new Float64Array(1 << n);
  for (let mask = 1; mask < 1 << n; mask++) {
    const members: number[] = [];
    for (let i = 0; i < n; i++) if (mask & (1 << i)) members.push(i);
    if (members.length === 1) continue;
    // a block worth nothing is never better than its members alone: leave it out
    if (!(table[mask]! > 0) || !feasible(members)) {
      worth[mask] = -Infinity;
      continue;
    }
    const tol = 1e-6 * Math.max(1, Math.abs(table[mask]!));
    let ok = true;
    if (admission) {
      ok = members.every((i) => table[mask]! - (popcount(mask) === 2 ? 0 : table[mask ^ (1 << i)]!) > 1e-6);
      if (ok) {
        const { k, local } = localTable(blockTable(game, mask), n, mask);
        ok = leastCoreMarginFromTable(k, local) >= -tol;
      }
    }
    worth[mask] = ok ? table[mask]! : -Infinity;
  }
  // restricted growth strings: a[i] ≤ 1 + max(a[0..i-1]) enumerates each partition once
  const a = new Int32Array(n);
  const blockMask = new Int32Array(n);
  let best = -Infinity,
    bestA = Array.from(a),
    partitions = 0;
  const visit = (i: number, blocks: number): void => {
    if (i === n) {
      partitions++;
      let v = 0;
      for (let b = 0; b < blocks; b++) v += worth[blockMask[b]!]!;
      if (v > best) {
        best = v;
        bestA = Array.from(a);
      }
      return;
    }
    for (let b = 0; b <= blocks && b < n; b++) {
      a[i] = b;
      blockMask[b] = blockMask[b]! | (1 << i);
      visit(i + 1, b === blocks ? blocks + 1 : blocks);
      blockMask[b] = blockMask[b]! & ~(1 << i);
    }
  };
  visit(0, 0);
  const blocks: number[][] = [];
  bestA.forEach((b, i) => {
    blocks[b] ??= [];
    blocks[b]!.push(i);
  });
  return { value: best, blocks, partitions };
}
