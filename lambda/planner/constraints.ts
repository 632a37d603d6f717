/** The planner's constraints: the feasibility check, the groups as indices, and input errors. */
import { distanceKm } from '../engine/geo';
import type { Scenario } from '../engine/schema';
import type { PlanGame } from './game';
import type { PlanConstraints } from './schema';

/** The constraint check, shared with the exhaustive reference (exhaustive.ts). */
export function feasibility(
  game: PlanGame,
  c: PlanConstraints,
  apartOf: readonly number[][],
  region: readonly (string | undefined)[],
): (members: readonly number[]) => boolean {
  const loc = game.locations;
  return (members) => {
    if (members.length > c.maxSize) return false;
    const seen = new Set<number>();
    for (const i of members)
      for (const g of apartOf[i]!) {
        if (seen.has(g)) return false;
        seen.add(g);
      }
    if (c.sameRegion) {
      const r = region[members[0]!];
      if (members.some((i) => region[i] !== r)) return false;
    }
    if (c.maxDistanceKm !== undefined)
      for (let x = 0; x < members.length; x++)
        for (let y = x + 1; y < members.length; y++) {
          const p = loc[members[x]!],
            q = loc[members[y]!];
          if (p && q && distanceKm(p, q) > c.maxDistanceKm) return false;
        }
    if (c.maxHubDistanceKm !== undefined) {
      const hub = game.hubOf(members);
      if (hub) for (const i of members) if (loc[i] && distanceKm(loc[i]!, hub) > c.maxHubDistanceKm) return false;
    }
    return true;
  };
}

/**
 * The same check for the union of two disjoint sets that each pass it, looking only at what the
 * union adds: the size, the apart groups of both, one region, the distances across the two
 * (O(|a|·|b|), only under `maxDistanceKm`) and the union's hub. Agrees with `feasibility` on
 * the union (tested); the planner asks it for every candidate move and merge.
 */
export function joinFeasibility(
  game: PlanGame,
  c: PlanConstraints,
  apartOf: readonly number[][],
  region: readonly (string | undefined)[],
): (a: readonly number[], b: readonly number[]) => boolean {
  const loc = game.locations;
  const anyApart = apartOf.some((g) => g.length > 0);
  const groups = Math.max(0, ...apartOf.flat()) + 1;
  const seen = new Int32Array(anyApart ? groups : 0);
  let stamp = 0;
  return (a, b) => {
    if (a.length + b.length > c.maxSize) return false;
    if (a.length === 0 || b.length === 0) return true;
    if (anyApart) {
      stamp++;
      for (const i of a) for (const g of apartOf[i]!) seen[g] = stamp;
      for (const i of b) for (const g of apartOf[i]!) if (seen[g] === stamp) return false;
    }
    if (c.sameRegion && region[a[0]!] !== region[b[0]!]) return false;
    if (c.maxDistanceKm !== undefined)
      for (const x of a) {
        const p = loc[x];
        if (p)
          for (const y of b) {
            const q = loc[y];
            if (q && distanceKm(p, q) > c.maxDistanceKm) return false;
          }
      }
    if (c.maxHubDistanceKm !== undefined) {
      const hub = game.hubOf([...a, ...b]);
      if (hub) {
        for (const list of [a, b])
          for (const i of list) if (loc[i] && distanceKm(loc[i]!, hub) > c.maxHubDistanceKm) return false;
      }
    }
    return true;
  };
}

/** The constraints' groups as authority indices; an id not in the scenario is a PlanInputError at its path. */
export function constraintIndices(s: Scenario, c: PlanConstraints): { together: number[][]; apart: number[][] } {
  const index = new Map(s.authorities.map((a, i) => [a.id, i]));
  const resolve = (name: 'together' | 'apart') =>
    c[name].map((g, k) =>
      g.map((id, j) => {
        const i = index.get(id);
        if (i === undefined)
          throw new PlanInputError(`no authority "${id}" in the scenario`, `/constraints/${name}/${k}/${j}`);
        return i;
      }),
    );
  return { together: resolve('together'), apart: resolve('apart') };
}

/** An input error the API reports as a 400 at a path. */
export class PlanInputError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'PlanInputError';
  }
}

/** Union overlapping index groups (`together` groups that share a member are one group). */
export function mergeOverlapping(groups: number[][]): number[][] {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r) !== undefined && parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const g of groups) for (const x of g) if (!parent.has(x)) parent.set(x, x);
  for (const g of groups) for (const x of g.slice(1)) parent.set(find(x), find(g[0]!));
  const out = new Map<number, number[]>();
  for (const x of parent.keys()) {
    const r = find(x);
    out.set(r, [...(out.get(r) ?? []), x]);
  }
  return [...out.values()].map((g) => g.sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!);
}
