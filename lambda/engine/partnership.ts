/**
 * The shared world of a partnership (a coalition S), computed from its members' summed
 * demands. `Aggregate` adds or removes one member in O(years × dims), so a coalition's
 * cost is updated, not re-simulated, as members join or leave (Gray-code order in Shapley).
 */
import { D, DEMAND_DIMS, FTE_POOLS, Model, Service, SERVICES, SHARE_FLAG } from './model';
import { contactShared } from './services/contact';
import { dataCentreShared } from './services/dataCentre';
import { networkShared } from './services/network';
import { serviceDeskShared } from './services/serviceDesk';
import { specialistsCost } from './services/specialists';
import { storageShared } from './services/storage';
import { SPECIALIST_ROLES } from './kinds';

const NS = SERVICES.length;

/** target[k] += sign · source[offset + k] for every k of target. */
function addScaled(target: Float64Array, source: Float64Array, offset: number, sign: number): void {
  for (let k = 0; k < target.length; k++) target[k]! += sign * source[offset + k]!;
}

/** Sums over a coalition's members, updated one member at a time. */
export class Aggregate {
  members = 0;
  readonly demand: Float64Array;
  /** alone[t * NS + s] */
  readonly alone: Float64Array;
  readonly statusQuo: Float64Array;
  readonly kWhAlone: Float64Array;
  readonly fte0 = new Float64Array(FTE_POOLS);

  constructor(readonly model: Model) {
    const y = model.years;
    this.demand = new Float64Array(y * DEMAND_DIMS);
    this.alone = new Float64Array(y * NS);
    this.statusQuo = new Float64Array(y);
    this.kWhAlone = new Float64Array(y);
  }

  /** Add (sign 1) or remove (sign -1) authority i. */
  update(i: number, sign: 1 | -1): void {
    const arr = this.model.arrays;
    const y = this.model.years;
    this.members += sign;
    addScaled(this.demand, arr.demand, i * y * DEMAND_DIMS, sign);
    addScaled(this.alone, arr.alone, i * y * NS, sign);
    addScaled(this.statusQuo, arr.statusQuoTotal, i * y, sign);
    addScaled(this.kWhAlone, arr.kWhAlone, i * y, sign);
    addScaled(this.fte0, arr.fteAlone0, i * FTE_POOLS, sign);
  }

  static of(model: Model, members: Iterable<number>): Aggregate {
    const agg = new Aggregate(model);
    for (const i of members) agg.update(i, 1);
    return agg;
  }
}

export interface PartnershipYear {
  readonly alone: Readonly<Record<Service, number>> & { total: number };
  readonly statusQuo: number;
  /** Shared world: services (mixing alone and shared during the transition), governance and transition. */
  readonly shared: Readonly<Record<Service, number>> & { governance: number; transition: number; total: number };
  /** Alone minus the shared services' running cost: before governance and transition. */
  readonly grossSaving: number;
  readonly netSaving: number;
  /** Share of the year in which the shared services run (0 during the transition). */
  readonly operatingShare: number;
  readonly kWhAlone: number;
  readonly kWhShared: number;
}

export interface PartnershipCosts {
  readonly active: boolean;
  readonly years: PartnershipYear[];
  /** Undiscounted one-off transition cost, optimism bias applied. */
  readonly transitionTotal: number;
  readonly transitionBeforeUplift: number;
}

/** A partnership exists when at least two members share at least one service. */
export function isActive(model: Model, members: number): boolean {
  return members >= 2 && SERVICES.some((s) => model.share[SHARE_FLAG[s]]);
}

interface SharedOps {
  cost: Record<Service, number>;
  kWh: number;
  fte: [number, number, number, number];
}

/** Running cost of each shared service in year t, from the summed demands. */
function sharedOps(model: Model, agg: Aggregate, t: number): SharedOps {
  const a = model.a;
  const d = agg.demand;
  const o = t * DEMAND_DIMS;
  const dc = dataCentreShared(d[o + D.Servers]!, d[o + D.LinkCost]!, a);
  const desk = serviceDeskShared(d[o + D.DeskIn]!, d[o + D.DeskOut]!, a);
  const spec: number[] = [];
  for (let r = 0; r < SPECIALIST_ROLES.length; r++) spec.push(d[o + D.Spec0 + r]!);
  const sp = specialistsCost(spec, a);
  const contact = contactShared(d[o + D.Calls]!, d[o + D.PerContactCost]!, agg.members, a);
  return {
    cost: {
      dataCentre: dc.cost,
      storage: storageShared(d[o + D.StorageTb]!, a),
      serviceDesk: desk.cost,
      specialists: sp.cost,
      network: networkShared(d[o + D.Sites]!, agg.members, a),
      contact: contact.cost,
    },
    kWh: dc.kWh,
    fte: [dc.fte, desk.fte, sp.fte, contact.fte],
  };
}

const POOL_OF: Partial<Record<Service, number>> = { dataCentre: 0, serviceDesk: 1, specialists: 2, contact: 3 };

/** One-off transition cost before optimism bias (MODEL.md section 2, transition row). */
function transitionCost(model: Model, agg: Aggregate, ops0: SharedOps): number {
  const a = model.a;
  const share = model.share;
  const d = agg.demand;
  let cost = agg.members * (a.onboardingPerMember + a.legacyExitPerMember);
  if (share.dataCentre) cost += a.migrationPerServer * d[D.Servers]!;
  if (share.storage) cost += a.migrationPerTb * d[D.StorageTb]!;
  if (share.network) cost += a.cutoverPerSite * d[D.Sites]!;
  const poolCost = [a.itStaffCost, a.deskAgentCost, a.specialistCost, a.contactAgentCost];
  let dual = 0;
  for (const s of SERVICES) {
    if (!share[SHARE_FLAG[s]]) continue;
    dual += ops0.cost[s];
    const p = POOL_OF[s];
    if (p !== undefined) cost += Math.max(0, agg.fte0[p]! - ops0.fte[p]!) * poolCost[p]! * a.redundancyMultiple;
  }
  return cost + (a.dualRunningMonths / 12) * dual;
}

/**
 * The shared world of the coalition in `agg`, year by year. The transition lasts
 * transitionYears × (1 + duration uplift); during it the old services keep running and the
 * one-off cost (× (1 + capex uplift)) is spread evenly; after it, the shared services run
 * at their cost × (1 + opex uplift). Governance is paid every year the partnership exists.
 * A coalition that is not a partnership (one member, or nothing shared) costs what it costs alone.
 */
export function partnershipCosts(model: Model, agg: Aggregate): PartnershipCosts {
  const a = model.a;
  const ob = model.optimismBias;
  const active = isActive(model, agg.members);
  const duration = a.transitionYears * (1 + ob.durationUplift);
  const ops0 = active ? sharedOps(model, agg, 0) : undefined;
  const before = ops0 ? transitionCost(model, agg, ops0) : 0;
  const transitionTotal = before * (1 + ob.capexUplift);
  const governance = active ? a.governanceFixed + a.governancePerMember * agg.members : 0;
  const years: PartnershipYear[] = [];

  for (let t = 0; t < model.years; t++) {
    const o = t * NS;
    const alone = { total: 0 } as Record<Service, number> & { total: number };
    for (let s = 0; s < NS; s++) {
      alone[SERVICES[s]!] = agg.alone[o + s]!;
      alone.total += agg.alone[o + s]!;
    }
    const operatingShare = active ? Math.min(1, Math.max(0, t + 1 - duration)) : 0;
    const ops = active ? (t === 0 && ops0 ? ops0 : sharedOps(model, agg, t)) : undefined;
    const shared = { governance, transition: 0, total: 0 } as Record<Service, number> & { governance: number; transition: number; total: number };
    let services = 0;
    for (const s of SERVICES) {
      const own = alone[s];
      const v = ops && model.share[SHARE_FLAG[s]] ? (1 - operatingShare) * own + operatingShare * ops.cost[s] * (1 + ob.opexUplift) : own;
      shared[s] = v;
      services += v;
    }
    const inTransition = duration > 0 ? Math.min(1, Math.max(0, duration - t)) / duration : t === 0 ? 1 : 0;
    shared.transition = transitionTotal * inTransition;
    shared.total = services + governance + shared.transition;
    const kWhAlone = agg.kWhAlone[t]!;
    const kWhShared =
      ops && model.share.dataCentre ? (1 - operatingShare) * kWhAlone + operatingShare * ops.kWh : kWhAlone;
    years.push({
      alone,
      statusQuo: agg.statusQuo[t]!,
      shared,
      grossSaving: alone.total - services,
      netSaving: alone.total - shared.total,
      operatingShare,
      kWhAlone,
      kWhShared,
    });
  }
  return { active, years, transitionTotal, transitionBeforeUplift: before };
}

/** PV alone(S) − PV shared(S): the saving game's value of a coalition. */
export function coalitionSaving(model: Model, agg: Aggregate): number {
  const pc = partnershipCosts(model, agg);
  let v = 0;
  for (let t = 0; t < model.years; t++) v += model.discount[t]! * pc.years[t]!.netSaving;
  return v;
}

