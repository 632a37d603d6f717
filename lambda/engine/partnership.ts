/**
 * The shared world of a partnership (a coalition S), computed from its members' summed
 * demands. `Aggregate` adds or removes one member in O(years × dims), so a coalition's
 * cost is updated, not re-simulated, as members join or leave (Gray-code order in Shapley).
 */
import { D, DEMAND_DIMS, FTE_POOLS, type Model, type Service, SERVICES, SHARE_FLAG } from './model';
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
  return activeIn(planOf(model), members);
}

function activeIn(plan: Plan, members: number): boolean {
  return members >= 2 && plan.anyShared;
}

// Demand offsets as plain constants: read in the innermost loop of the saving game.
const { Servers, StorageTb, DeskIn, DeskOut, Sites, Calls, PerContactCost, LinkCost, Spec0 } = D;

/** Scratch layout of one year's shared running costs: services, then kWh, then FTE by pool. */
const OPS_KWH = NS;
const OPS_FTE = NS + 1;
const OPS_LEN = NS + 5;
const SPEC_SCRATCH: number[] = SPECIALIST_ROLES.map(() => 0);

/** Running cost of each shared service in year t, from the summed demands, written into `out`. */
function sharedOpsInto(model: Model, agg: Aggregate, t: number, out: Float64Array): void {
  const a = model.a;
  const d = agg.demand;
  const o = t * DEMAND_DIMS;
  const dc = dataCentreShared(d[o + Servers]!, d[o + LinkCost]!, a);
  const desk = serviceDeskShared(d[o + DeskIn]!, d[o + DeskOut]!, a);
  for (let r = 0; r < SPEC_SCRATCH.length; r++) SPEC_SCRATCH[r] = d[o + Spec0 + r]!;
  const sp = specialistsCost(SPEC_SCRATCH, a);
  const contact = contactShared(d[o + Calls]!, d[o + PerContactCost]!, agg.members, a);
  out[0] = dc.cost;
  out[1] = storageShared(d[o + StorageTb]!, a);
  out[2] = desk.cost;
  out[3] = sp.cost;
  out[4] = networkShared(d[o + Sites]!, agg.members, a);
  out[5] = contact.cost;
  out[OPS_KWH] = dc.kWh;
  out[OPS_FTE] = dc.fte;
  out[OPS_FTE + 1] = desk.fte;
  out[OPS_FTE + 2] = sp.fte;
  out[OPS_FTE + 3] = contact.fte;
}

/** What does not depend on the coalition: which services are shared, the transition's timing. */
interface Plan {
  readonly shared: readonly boolean[];
  readonly anyShared: boolean;
  readonly duration: number;
  /** Share of year t in which the shared services run. */
  readonly operating: Float64Array;
  /** Share of the one-off cost paid in year t. */
  readonly inTransition: Float64Array;
  readonly opexFactor: number;
  readonly capexFactor: number;
  /** Service index to FTE pool index (dataCentre 0, serviceDesk 1, specialists 2, contact 3), or -1. */
  readonly pool: readonly number[];
  readonly poolCost: readonly number[];
}

const plans = new WeakMap<Model, Plan>();

function planOf(model: Model): Plan {
  const cached = plans.get(model);
  if (cached) return cached;
  const a = model.a;
  const ob = model.optimismBias;
  const duration = a.transitionYears * (1 + ob.durationUplift);
  const operating = new Float64Array(model.years);
  const inTransition = new Float64Array(model.years);
  for (let t = 0; t < model.years; t++) {
    operating[t] = Math.min(1, Math.max(0, t + 1 - duration));
    inTransition[t] = duration > 0 ? Math.min(1, Math.max(0, duration - t)) / duration : t === 0 ? 1 : 0;
  }
  const shared = SERVICES.map((s) => model.share[SHARE_FLAG[s]]);
  const plan: Plan = {
    shared,
    anyShared: shared.some(Boolean),
    duration,
    operating,
    inTransition,
    opexFactor: 1 + ob.opexUplift,
    capexFactor: 1 + ob.capexUplift,
    pool: SERVICES.map((s) => ({ dataCentre: 0, serviceDesk: 1, specialists: 2, contact: 3 })[s as string] ?? -1),
    poolCost: [a.itStaffCost, a.deskAgentCost, a.specialistCost, a.contactAgentCost],
  };
  plans.set(model, plan);
  return plan;
}

/** One-off transition cost before optimism bias (MODEL.md section 2, transition row), from year-0 shared running. */
function transitionCost(model: Model, plan: Plan, agg: Aggregate, ops0: Float64Array): number {
  const a = model.a;
  const share = model.share;
  const d = agg.demand;
  let cost = agg.members * (a.onboardingPerMember + a.legacyExitPerMember);
  if (share.dataCentre) cost += a.migrationPerServer * d[Servers]!;
  if (share.storage) cost += a.migrationPerTb * d[StorageTb]!;
  if (share.network) cost += a.cutoverPerSite * d[Sites]!;
  let dual = 0;
  for (let k = 0; k < NS; k++) {
    if (!plan.shared[k]) continue;
    dual += ops0[k]!;
    const p = plan.pool[k]!;
    if (p >= 0) cost += Math.max(0, agg.fte0[p]! - ops0[OPS_FTE + p]!) * plan.poolCost[p]! * a.redundancyMultiple;
  }
  return cost + (a.dualRunningMonths / 12) * dual;
}

function governanceCost(model: Model, members: number): number {
  return model.a.governanceFixed + model.a.governancePerMember * members;
}

/**
 * The shared world of the coalition in `agg`, year by year. The transition lasts
 * transitionYears × (1 + duration uplift); during it the old services keep running and the
 * one-off cost (× (1 + capex uplift)) is spread evenly; after it, the shared services run
 * at their cost × (1 + opex uplift). Governance is paid every year the partnership exists.
 * A coalition that is not a partnership (one member, or nothing shared) costs what it costs alone.
 */
export function partnershipCosts(model: Model, agg: Aggregate): PartnershipCosts {
  const plan = planOf(model);
  const active = activeIn(plan, agg.members);
  const ops = new Float64Array(OPS_LEN);
  let before = 0;
  if (active) {
    sharedOpsInto(model, agg, 0, ops);
    before = transitionCost(model, plan, agg, ops);
  }
  const transitionTotal = before * plan.capexFactor;
  const governance = active ? governanceCost(model, agg.members) : 0;
  const years: PartnershipYear[] = [];

  for (let t = 0; t < model.years; t++) {
    const o = t * NS;
    const alone = { total: 0 } as Record<Service, number> & { total: number };
    for (let k = 0; k < NS; k++) {
      alone[SERVICES[k]!] = agg.alone[o + k]!;
      alone.total += agg.alone[o + k]!;
    }
    const operatingShare = active ? plan.operating[t]! : 0;
    if (active && t > 0) sharedOpsInto(model, agg, t, ops);
    const shared = { governance, transition: 0, total: 0 } as Record<Service, number> & {
      governance: number;
      transition: number;
      total: number;
    };
    let services = 0;
    for (let k = 0; k < NS; k++) {
      const own = agg.alone[o + k]!;
      const v =
        active && plan.shared[k] ? (1 - operatingShare) * own + operatingShare * ops[k]! * plan.opexFactor : own;
      shared[SERVICES[k]!] = v;
      services += v;
    }
    shared.transition = active ? transitionTotal * plan.inTransition[t]! : 0;
    shared.total = services + governance + shared.transition;
    const kWhAlone = agg.kWhAlone[t]!;
    const kWhShared =
      active && model.share.dataCentre ? (1 - operatingShare) * kWhAlone + operatingShare * ops[OPS_KWH]! : kWhAlone;
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

const SCRATCH = new Float64Array(OPS_LEN);

/**
 * PV alone(S) − PV shared(S): the saving game's value of a coalition. The same arithmetic as
 * `partnershipCosts` without building its year objects (tests hold the two equal): per year,
 * net = Σ_shared f·(alone − ops·(1 + opex uplift)) − governance − transition share, where f is
 * the share of the year after the transition; years with f = 0 need no shared costing.
 */
export function coalitionSaving(model: Model, agg: Aggregate): number {
  const plan = planOf(model);
  if (!activeIn(plan, agg.members)) return 0;
  const ops = SCRATCH;
  sharedOpsInto(model, agg, 0, ops);
  const transition = transitionCost(model, plan, agg, ops) * plan.capexFactor;
  const governance = governanceCost(model, agg.members);
  const df = model.discount;
  let v = 0;
  for (let t = 0; t < model.years; t++) {
    const f = plan.operating[t]!;
    let net = -governance - transition * plan.inTransition[t]!;
    if (f > 0) {
      if (t > 0) sharedOpsInto(model, agg, t, ops);
      const o = t * NS;
      for (let k = 0; k < NS; k++) if (plan.shared[k]) net += f * (agg.alone[o + k]! - ops[k]! * plan.opexFactor);
    }
    v += df[t]! * net;
  }
  return v;
}
