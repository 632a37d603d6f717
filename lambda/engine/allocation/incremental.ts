/**
 * A game evaluated incrementally: members join and leave one at a time and the current
 * coalition's value is read. What sampled Shapley and the heuristic core search need when
 * 2^n coalitions are too many to tabulate (n > 20).
 */
export interface IncrementalGame {
  readonly n: number;
  add(i: number): void;
  remove(i: number): void;
  /** Value of the current coalition (0 when empty). */
  value(): number;
}

/** An incremental game from a value function on bit masks (n ≤ 30), for tests and small games. */
export function maskGame(n: number, value: (coalition: number) => number): IncrementalGame {
  let mask = 0;
  return {
    n,
    add: (i) => {
      mask |= 1 << i;
    },
    remove: (i) => {
      mask &= ~(1 << i);
    },
    value: () => (mask === 0 ? 0 : value(mask)),
  };
}
