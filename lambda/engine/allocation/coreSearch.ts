/**
 * Looking for blocking coalitions when there are too many to check (n > 20): coalitions T with
 * v(T) > Σ_{i∈T} xᵢ. Tries every single player, every pair (while affordable), every
 * "everyone but one" coalition, the structured groups it is given (each kind, each region), then
 * grows coalitions greedily from the worst-treated players,
 * adding whichever player raises the excess v(T) − x(T) most. Finding none proves nothing:
 * the result says `heuristic`, not `in the core`.
 */
import type { IncrementalGame } from './incremental';

/** Above this many players the search keeps to coalitions it can afford to evaluate. */
const LARGE_GAME = 2000;
const GREEDY_POOL = 200;

export interface CoreSearchOptions {
  readonly maxEvaluations?: number;
  readonly tolerance: number;
  /** How many blocking coalitions to keep (largest excess first). */
  readonly keep?: number;
  /** Structured coalitions to test as well (each kind, each region): player indices. */
  readonly groups?: readonly (readonly number[])[];
}

export interface Blocking {
  readonly members: number[];
  readonly value: number;
  readonly excess: number;
}

export interface CoreSearchResult {
  readonly blocking: Blocking[];
  readonly evaluations: number;
}

export function searchBlockingCoalitions(
  game: IncrementalGame,
  allocation: readonly number[],
  opts: CoreSearchOptions,
): CoreSearchResult {
  const n = game.n;
  const budget = opts.maxEvaluations ?? 50_000;
  const keep = opts.keep ?? 10;
  const found = new Map<string, Blocking>();
  let evaluations = 0;
  const total = allocation.reduce((s, x) => s + x, 0);

  const record = (members: number[], value: number, allocated: number) => {
    const excess = value - allocated;
    if (excess > opts.tolerance) {
      const sorted = [...members].sort((a, b) => a - b);
      found.set(sorted.join(','), { members: sorted, value, excess });
    }
  };
  const evaluate = () => {
    evaluations++;
    return game.value();
  };
  const affordable = (k: number) => evaluations + k <= budget;

  // Singletons.
  for (let i = 0; i < n && affordable(1); i++) {
    game.add(i);
    record([i], evaluate(), allocation[i]!);
    game.remove(i);
  }
  // Pairs, when all of them fit in half the budget.
  if (affordable((n * (n - 1)) / 2) && (n * (n - 1)) / 2 <= budget / 2) {
    for (let i = 0; i < n; i++) {
      game.add(i);
      for (let j = i + 1; j < n; j++) {
        game.add(j);
        record([i, j], evaluate(), allocation[i]! + allocation[j]!);
        game.remove(j);
      }
      game.remove(i);
    }
  }
  // Everyone but one (n evaluations of large coalitions: only for moderate n).
  if (n <= LARGE_GAME && affordable(n)) {
    for (let i = 0; i < n; i++) game.add(i);
    for (let i = 0; i < n; i++) {
      game.remove(i);
      const others = [];
      for (let j = 0; j < n; j++) if (j !== i) others.push(j);
      if (n > 2) record(others, evaluate(), total - allocation[i]!);
      game.add(i);
    }
    for (let i = 0; i < n; i++) game.remove(i);
  }
  // Structured groups: each kind, each region, on its own.
  for (const g of opts.groups ?? []) {
    if (!affordable(1)) break;
    for (const i of g) game.add(i);
    record(
      [...g],
      evaluate(),
      g.reduce((s, i) => s + allocation[i]!, 0),
    );
    for (const i of g) game.remove(i);
  }
  // Greedy growth from the players with the smallest allocation, choosing among a pool of
  // candidates (everyone, or the worst-treated GREEDY_POOL players in a large game).
  const byAllocation = Array.from({ length: n }, (_, i) => i).sort((a, b) => allocation[a]! - allocation[b]!);
  const pool = n <= LARGE_GAME ? byAllocation : byAllocation.slice(0, GREEDY_POOL);
  const seeds = byAllocation.slice(0, 8);
  for (const s of seeds) {
    if (!affordable(pool.length)) break;
    const inT = new Uint8Array(n);
    const members = [s];
    inT[s] = 1;
    game.add(s);
    let allocated = allocation[s]!;
    let excess = evaluate() - allocated;
    while (members.length < n - 1 && affordable(pool.length)) {
      let best = -1,
        bestExcess = excess,
        bestValue = 0;
      for (const j of pool) {
        if (inT[j]) continue;
        game.add(j);
        const v = evaluate();
        game.remove(j);
        const e = v - allocated - allocation[j]!;
        if (e > bestExcess) {
          best = j;
          bestExcess = e;
          bestValue = v;
        }
      }
      if (best < 0) break;
      inT[best] = 1;
      members.push(best);
      game.add(best);
      allocated += allocation[best]!;
      excess = bestExcess;
      record(members, bestValue, allocated);
    }
    for (const i of members) game.remove(i);
  }
  const blocking = [...found.values()]
    .sort((a, b) => b.excess - a.excess || a.members.length - b.members.length)
    .slice(0, keep);
  return { blocking, evaluations };
}
