/**
 * The planner's value of a candidate partnership: v(S), the NPV saving of S sharing on its own,
 * exactly as `simulate` would find it for a scenario of just S. The one difference from the
 * saving game of a single scenario is the hub: each partnership links to its own (its members'
 * staff-weighted centre), so each member's link cost is recomputed for the candidate's hub.
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

export class PlanGame {
  /** Evaluations of v (memo misses): the planner's unit of work. */
  evaluations = 0;
  private readonly memo = new Map<string, number>();
  readonly locations: readonly (LatLon | undefined)[];
  readonly staff: readonly number[];
  /** A link length the scenario fixed (profile.linkKm), else undefined. */
  private readonly fixedKm: readonly (number | undefined)[];

  constructor(readonly model: Model) {
    const auths = model.scenario.authorities;
    this.locations = auths.map((a) => a.location);
    this.staff = auths.map((a) => a.staff);
    this.fixedKm = auths.map((a) => a.profile?.linkKm);
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

  linkKm(i: number, hub: LatLon | undefined): number {
    const fixed = this.fixedKm[i];
    if (fixed !== undefined) return fixed;
    const p = this.locations[i];
    return p && hub ? distanceKm(p, hub) : this.model.a.defaultLinkKm;
  }

  /** v(S) with every member linked to a given hub (the game inside one partnership, as `simulate` plays it). Not memoised. */
  valueAt(members: readonly number[], hub: LatLon | undefined): number {
    if (members.length < 2) return 0;
    this.evaluations++;
    return this.evaluate(members, hub);
  }

  private evaluate(sorted: readonly number[], hub: LatLon | undefined): number {
    const agg = Aggregate.of(this.model, sorted);
    let link = 0;
    for (const i of sorted)
      if (this.model.authorities[i]!.shares[DC]) link += hubLinkCost(this.linkKm(i, hub), this.model.a);
    for (let t = 0; t < this.model.years; t++) agg.demand[t * DEMAND_DIMS + LINK] = link;
    return coalitionSaving(this.model, agg);
  }

  /** v(S): zero for fewer than two members (alone saves nothing against alone). Memoised by membership. */
  value(members: readonly number[]): number {
    if (members.length < 2) return 0;
    const sorted = [...members].sort((a, b) => a - b);
    const key = sorted.join(',');
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    this.evaluations++;
    const v = this.evaluate(sorted, this.hubOf(sorted));
    if (this.memo.size > 2_000_000) this.memo.clear(); // bound memory on national inputs
    this.memo.set(key, v);
    return v;
  }
}
