/**
 * The planner's value of a candidate partnership: v(S), the NPV saving of S sharing on its own,
 * exactly as `simulate` would find it for a scenario of just S. The one difference from the
 * saving game of a single scenario is the hub: each partnership links to its own (its members'
 * staff-weighted centre), so each member's link cost is recomputed for the candidate's hub.
 *
 * Large partnerships are valued incrementally: a `Coalition` keeps its members' summed demands
 * (an `Aggregate`, as the saving game's Gray-code walk does), the sums behind its hub and a hash
 * of its membership, so "this partnership with j", "without i", "with i for j" or "merged with
 * that one" costs O(T·D + m) (T years, D demand dimensions, m members: the link to the moved
 * hub is re-summed), not a rebuild from every member. Memo keys are those hashes, two 32-bit
 * Zobrist sums (XOR of a fixed random word per member) folded into one 53-bit number: O(1) to
 * update, not a string that grows with the partnership.
 */
import type { LatLon } from '../engine/geo';
import { distanceKm, weightedCentre } from '../engine/geo';
import type { Model } from '../engine/model';
import { Aggregate, coalitionSaving } from '../engine/partnership';
import { DATA_CENTRE_LINK_DIM, hubLinkCost } from '../engine/services/dataCentre';
import { DEMAND_DIMS, SERVICE_OFFSET, serviceIndex } from '../engine/services/registry';

const DC = serviceIndex('dataCentre');
/** Where a coalition's summed hub-link cost sits in each year's demand vector. */
const LINK = SERVICE_OFFSET[DC]! + 1 + DATA_CENTRE_LINK_DIM;
/** Memo entries kept before the memo is cleared (bounds memory on national inputs). */
const MEMO_LIMIT = 1_000_000;
const NONE: readonly number[] = [];

/** A partnership's running state: its members, their summed demands, its hub's sums and its hash. */
export interface Coalition {
  /** Sorted authority indices. */
  readonly members: readonly number[];
  /** Summed demands (reporting sums left out); null for fewer than two members. */
  readonly agg: Aggregate | null;
  readonly h1: number;
  readonly h2: number;
  /** Σ staff, Σ staff·lat, Σ staff·lon over members with a location (the hub's weighted centre). */
  readonly w: number;
  readonly wLat: number;
  readonly wLon: number;
  /** v(members). */
  readonly value: number;
}

/** Deterministic 32-bit words for the membership hashes (splitmix32, fixed seeds). */
function words(n: number, seed: number): Int32Array {
  const out = new Int32Array(n);
  let x = seed | 0;
  for (let i = 0; i < n; i++) {
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    out[i] = z ^ (z >>> 16);
  }
  return out;
}

/** One memo key from the two hashes: 32 + 21 bits, exact in a double. */
function memoKey(h1: number, h2: number): number {
  return (h1 >>> 0) * 2_097_152 + (h2 >>> 11);
}

export class PlanGame {
  /** Evaluations of v (memo misses): the planner's unit of work. */
  evaluations = 0;
  private readonly memo = new Map<number, number>();
  readonly locations: readonly (LatLon | undefined)[];
  readonly staff: readonly number[];
  /** A link length the scenario fixed (profile.linkKm), else undefined. */
  private readonly fixedKm: readonly (number | undefined)[];
  private readonly sharesDc: Uint8Array;
  private readonly z1: Int32Array;
  private readonly z2: Int32Array;
  /** The trial coalition, reused: a partnership's sums copied in, then members added and removed. */
  private readonly scratch: Aggregate;
  private readonly fields: readonly string[];
  private readonly mark: Uint8Array;

  constructor(readonly model: Model) {
    const auths = model.scenario.authorities;
    this.locations = auths.map((a) => a.location);
    this.staff = auths.map((a) => a.staff);
    this.fixedKm = auths.map((a) => a.profile?.linkKm);
    this.sharesDc = Uint8Array.from(model.authorities, (a) => (a.shares[DC] ? 1 : 0));
    this.z1 = words(auths.length, 0x5eed);
    this.z2 = words(auths.length, 0x13579bdf);
    this.scratch = new Aggregate(model, false);
    // every typed-array sum of an Aggregate, found rather than listed, so a new one is copied too
    this.fields = Object.entries(this.scratch)
      .filter(([, x]) => x instanceof Float64Array)
      .map(([k]) => k);
    this.mark = new Uint8Array(auths.length);
  }

  get n(): number {
    return this.model.authorities.length;
  }

  /** The partnership's hub: its located members' staff-weighted centre (as the engine takes it). */
  hubOf(members: readonly number[]): LatLon | undefined {
    return weightedCentre(
      members.flatMap((i) => (this.locations[i] ? [{ p: this.locations[i]!, w: this.staff[i]! }] : [])),
    );
  }

  /** The hub of a coalition from its sums. */
  hubOfSums(c: Pick<Coalition, 'w' | 'wLat' | 'wLon'>): LatLon | undefined {
    return c.w > 0 ? { lat: c.wLat / c.w, lon: c.wLon / c.w } : undefined;
  }

  linkKm(i: number, hub: LatLon | undefined): number {
    const fixed = this.fixedKm[i];
    if (fixed !== undefined) return fixed;
    const p = this.locations[i];
    return p && hub ? distanceKm(p, hub) : this.model.a.defaultLinkKm;
  }

  /**
   * v(S) with every member linked to a given hub (the game inside one partnership, as
   * `simulate` plays it). Not memoised.
   */
  valueAt(members: readonly number[], hub: LatLon | undefined): number {
    if (members.length < 2) return 0;
    this.evaluations++;
    const agg = this.fill(members);
    return this.evaluate(agg, members, NONE, NONE, hub);
  }

  /** v(S): zero for fewer than two members (alone saves nothing against alone). Memoised by membership. */
  value(members: readonly number[]): number {
    if (members.length < 2) return 0;
    let h1 = 0,
      h2 = 0;
    for (const i of members) {
      h1 ^= this.z1[i]!;
      h2 ^= this.z2[i]!;
    }
    const key = memoKey(h1, h2);
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    this.evaluations++;
    const v = this.evaluate(this.fill(members), members, NONE, NONE, this.hubOf(members));
    this.remember(key, v);
    return v;
  }

  /** A coalition of these members (sorted here), valued afresh. O(m·T·D). */
  coalition(members: readonly number[]): Coalition {
    const sorted = [...members].sort((a, b) => a - b);
    let h1 = 0,
      h2 = 0,
      w = 0,
      wLat = 0,
      wLon = 0;
    for (const i of sorted) {
      h1 ^= this.z1[i]!;
      h2 ^= this.z2[i]!;
      const p = this.locations[i];
      if (p) {
        const s = this.staff[i]!;
        w += s;
        wLat += s * p.lat;
        wLon += s * p.lon;
      }
    }
    if (sorted.length < 2) return { members: sorted, agg: null, h1, h2, w, wLat, wLon, value: 0 };
    const agg = Aggregate.of(this.model, sorted, false);
    const c = { members: sorted, agg, h1, h2, w, wLat, wLon, value: 0 };
    const key = memoKey(h1, h2);
    const hit = this.memo.get(key);
    if (hit !== undefined) return { ...c, value: hit };
    this.evaluations++;
    const value = this.evaluate(agg, sorted, NONE, NONE, this.hubOfSums(c));
    this.remember(key, value);
    return { ...c, value };
  }

  /**
   * v(C ∪ add ∖ drop), from C's sums plus the members that change: O((|add| + |drop|)·T·D + m).
   * `add` must be disjoint from C and `drop` within it. `memo` false values afresh (admission).
   */
  valueChanged(c: Coalition, add: readonly number[], drop: readonly number[] = NONE, memo = true): number {
    const size = c.members.length + add.length - drop.length;
    if (size < 2) return 0;
    let h1 = c.h1,
      h2 = c.h2,
      w = c.w,
      wLat = c.wLat,
      wLon = c.wLon;
    for (const [list, sign] of [
      [add, 1],
      [drop, -1],
    ] as const)
      for (const i of list) {
        h1 ^= this.z1[i]!;
        h2 ^= this.z2[i]!;
        const p = this.locations[i];
        if (p) {
          const s = sign * this.staff[i]!;
          w += s;
          wLat += s * p.lat;
          wLon += s * p.lon;
        }
      }
    const key = memoKey(h1, h2);
    if (memo) {
      const hit = this.memo.get(key);
      if (hit !== undefined) return hit;
    }
    this.evaluations++;
    const agg = this.scratch;
    if (c.agg) this.copy(c.agg, agg);
    else {
      this.clear(agg);
      for (const i of c.members) agg.update(i, 1);
    }
    for (const i of add) agg.update(i, 1);
    for (const i of drop) agg.update(i, -1);
    // a coalition that lost all its located members has no hub (sums can round to a tiny w)
    const hub = w > 1e-9 * Math.max(1, c.w) ? { lat: wLat / w, lon: wLon / w } : undefined;
    const v = this.evaluate(agg, c.members, add, drop, hub);
    if (memo) this.remember(key, v);
    return v;
  }

  /** v(A ∪ B) for disjoint coalitions, from the larger one's sums. */
  valueUnion(a: Coalition, b: Coalition): number {
    return a.members.length >= b.members.length ? this.valueChanged(a, b.members) : this.valueChanged(b, a.members);
  }

  /** The memo key of a coalition: the same for the same members, however it was reached. */
  key(c: Pick<Coalition, 'h1' | 'h2'>): number {
    return memoKey(c.h1, c.h2);
  }

  /** The memo key of a member list. */
  keyOf(members: readonly number[]): number {
    return this.keyChanged({ h1: 0, h2: 0 }, members);
  }

  /** The memo key of C ∪ add ∖ drop. */
  keyChanged(c: Pick<Coalition, 'h1' | 'h2'>, add: readonly number[], drop: readonly number[] = NONE): number {
    let h1 = c.h1,
      h2 = c.h2;
    for (const i of add) {
      h1 ^= this.z1[i]!;
      h2 ^= this.z2[i]!;
    }
    for (const i of drop) {
      h1 ^= this.z1[i]!;
      h2 ^= this.z2[i]!;
    }
    return memoKey(h1, h2);
  }

  private remember(key: number, v: number): void {
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(key, v);
  }

  private fill(members: readonly number[]): Aggregate {
    const agg = this.scratch;
    this.clear(agg);
    for (const i of members) agg.update(i, 1);
    return agg;
  }

  private clear(agg: Aggregate): void {
    const rec = agg as unknown as Record<string, Float64Array>;
    for (const f of this.fields) rec[f]!.fill(0);
    agg.members = 0;
  }

  private copy(from: Aggregate, to: Aggregate): void {
    const src = from as unknown as Record<string, Float64Array>;
    const dst = to as unknown as Record<string, Float64Array>;
    for (const f of this.fields) dst[f]!.set(src[f]!);
    to.members = from.members;
  }

  /** v of (members ∪ add ∖ drop) whose sums are in `agg`, each member linked to `hub`. */
  private evaluate(
    agg: Aggregate,
    members: readonly number[],
    add: readonly number[],
    drop: readonly number[],
    hub: LatLon | undefined,
  ): number {
    const a = this.model.a;
    for (const i of drop) this.mark[i] = 1;
    let link = 0;
    for (const i of members) if (this.sharesDc[i] && !this.mark[i]) link += hubLinkCost(this.linkKm(i, hub), a);
    for (const i of add) if (this.sharesDc[i]) link += hubLinkCost(this.linkKm(i, hub), a);
    for (const i of drop) this.mark[i] = 0;
    for (let t = 0; t < this.model.years; t++) agg.demand[t * DEMAND_DIMS + LINK] = link;
    return coalitionSaving(this.model, agg);
  }
}
