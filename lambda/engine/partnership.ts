/**
 * The shared world of a partnership (a coalition S), computed from its members' summed demands.
 * `Aggregate` adds or removes one member in O(years × dims), so a coalition's cost is updated,
 * not re-simulated, as members join or leave (Gray-code order in Shapley). docs/model.md,
 * "the shared world", states every formula here.
 *
 * Long because a coalition's cost from its summed demands (the saving game's hot path) keeps the
 * aggregate, governance, transition and realisation in one place so they stay allocation-free and in step.
 */
import { perObject } from './memo';
import type { Model } from './model';
import { PRICE_CATEGORIES, type PriceCategory } from './prices';
import {
  DEMAND_DIMS,
  NS,
  P,
  SERVICE_DEFS,
  SERVICE_FAST,
  SERVICE_OFFSET,
  SERVICE_STATIC,
  SERVICES,
  STATIC_DIMS,
  type Service,
} from './services/registry';
import { type CostOut, costOut, type OneOffOut, type SharedContext } from './services/types';

/** target[k] += sign · source[offset + k] for every k of target. */
function addScaled(target: Float64Array, source: Float64Array, offset: number, sign: number): void {
  for (let k = 0; k < target.length; k++) target[k]! += sign * source[offset + k]!;
}

/** What is derived once per compiled model, kept as long as the model is (planOf, columnsOf, …). */
function perModel<T>(derive: (model: Model) => T): (model: Model) => T {
  return perObject(derive);
}

/**
 * The cells of the alone sums (year × service) that `coalitionSaving` reads: year 0 of a service
 * on the fast path, every year of the others, and only of services the scenario shares. Summing
 * these alone makes an update about four times cheaper in the Gwent game.
 */
interface GameColumns {
  readonly alone: Int32Array;
  readonly hardware: Int32Array;
}
const columnsOf = perModel((model): GameColumns => {
  const alone: number[] = [];
  const hardware: number[] = [];
  const src = model.arrays.aloneSharedHardware;
  const width = model.years * NS;
  // a service with no equipment (the desk, contact) has no hardware column worth summing
  const anyHardware = (c: number) => model.authorities.some((_, i) => src[i * width + c] !== 0);
  for (let k = 0; k < NS; k++) {
    if (!model.enabled[k]) continue;
    if (SERVICE_FAST[k]) alone.push(k);
    else
      for (let t = 0; t < model.years; t++) {
        alone.push(t * NS + k);
        if (anyHardware(t * NS + k)) hardware.push(t * NS + k);
      }
  }
  return { alone: Int32Array.from(alone), hardware: Int32Array.from(hardware) };
});

/** Sums over a coalition's members, updated one member at a time. */
export class Aggregate {
  members = 0;
  readonly demand: Float64Array;
  readonly demandStatic = new Float64Array(STATIC_DIMS);
  /** Alone cost by service of the members that share it: aloneShared[t * NS + k]. */
  readonly aloneShared: Float64Array;
  readonly aloneSharedHardware: Float64Array;
  readonly fte0 = new Float64Array(NS);
  /** Reporting sums (every member's alone cost by service, the untouched lines, status quo, kWh). */
  readonly alone: Float64Array;
  readonly untouched: Float64Array;
  /** The channel-shift programme: the same in the alone and the shared world. */
  readonly programme: Float64Array;
  readonly statusQuo: Float64Array;
  readonly kWhAlone: Float64Array;
  readonly kWhAloneShared: Float64Array;

  /** Non-reporting: the alone-cost cells the saving game reads (the others stay zero). */
  private readonly columns: GameColumns | undefined;

  /** `reporting` false keeps only what the saving game needs (the Gray-code hot path). */
  constructor(
    readonly model: Model,
    readonly reporting = true,
  ) {
    const y = model.years;
    this.columns = reporting ? undefined : columnsOf(model);
    this.demand = new Float64Array(y * DEMAND_DIMS);
    this.aloneShared = new Float64Array(y * NS);
    this.aloneSharedHardware = new Float64Array(y * NS);
    const r = reporting ? y : 0;
    this.alone = new Float64Array(r * NS);
    this.untouched = new Float64Array(r);
    this.programme = new Float64Array(r);
    this.statusQuo = new Float64Array(r);
    this.kWhAlone = new Float64Array(r);
    this.kWhAloneShared = new Float64Array(r);
  }

  /** Add (sign 1) or remove (sign -1) authority i. */
  update(i: number, sign: 1 | -1): void {
    const arr = this.model.arrays;
    const y = this.model.years;
    this.members += sign;
    // the saving game's hot path: plain loops, and only the cells it reads when not reporting.
    // The demand sums are exact (compile puts each column on a grid, `onSumGrid`): a member
    // added and removed leaves nothing behind, and an empty coalition's sums are 0.
    const demand = this.demand;
    const yd = demand.length;
    const dOff = i * yd;
    const src = arr.demand;
    for (let k = 0; k < yd; k++) demand[k]! += sign * src[dOff + k]!;
    const st = this.demandStatic;
    const sOff = i * STATIC_DIMS;
    for (let k = 0; k < STATIC_DIMS; k++) st[k]! += sign * arr.demandStatic[sOff + k]!;
    const as = this.aloneShared;
    const ah = this.aloneSharedHardware;
    const yn = as.length;
    const aOff = i * yn;
    const cols = this.columns;
    if (cols === undefined) {
      for (let k = 0; k < yn; k++) {
        as[k]! += sign * arr.aloneShared[aOff + k]!;
        ah[k]! += sign * arr.aloneSharedHardware[aOff + k]!;
      }
    } else {
      const { alone, hardware } = cols;
      for (let j = 0; j < alone.length; j++) {
        const c = alone[j]!;
        as[c]! += sign * arr.aloneShared[aOff + c]!;
      }
      for (let j = 0; j < hardware.length; j++) {
        const c = hardware[j]!;
        ah[c]! += sign * arr.aloneSharedHardware[aOff + c]!;
      }
    }
    const f = this.fte0;
    const fOff = i * NS;
    for (let k = 0; k < NS; k++) f[k]! += sign * arr.fteAlone0[fOff + k]!;
    if (!this.reporting) return;
    addScaled(this.alone, arr.alone, i * y * NS, sign);
    addScaled(this.untouched, arr.untouched, i * y, sign);
    addScaled(this.programme, arr.programme, i * y, sign);
    addScaled(this.statusQuo, arr.statusQuoTotal, i * y, sign);
    addScaled(this.kWhAlone, arr.kWhAlone, i * y, sign);
    addScaled(this.kWhAloneShared, arr.kWhAloneShared, i * y, sign);
  }

  /** Members that share anything. */
  get sharingMembers(): number {
    return Math.round(this.demandStatic[P.Members]!);
  }

  static of(model: Model, members: Iterable<number>, reporting = true): Aggregate {
    const agg = new Aggregate(model, reporting);
    for (const i of members) agg.update(i, 1);
    return agg;
  }
}

type ServiceCosts = Record<Service, number>;

export interface PartnershipYear {
  /** Alone world: services, the untouched lines and the channel-shift programme (policies applied). */
  readonly alone: Readonly<ServiceCosts> & { otherIt: number; channelShift: number; total: number };
  readonly statusQuo: number;
  /**
   * Shared world: services (alone cost less the saving realised on each), the untouched lines, the
   * channel-shift programme (as alone: sharing does not change the policy), governance, transition.
   */
  readonly shared: Readonly<ServiceCosts> & {
    otherIt: number;
    channelShift: number;
    governance: number;
    transition: number;
    total: number;
  };
  /** The saving realised on the shared services' running costs: before governance and transition. */
  readonly grossSaving: number;
  /** What the services shared cost their sharing members alone this year. */
  readonly aloneSharedServices: number;
  readonly netSaving: number;
  /** Redundancy paid this year: a transfer, in the financial case only. */
  readonly redundancy: number;
  /** Share of the year in which the shared services run (0 during the transition). */
  readonly operatingShare: number;
  readonly kWhAlone: number;
  readonly kWhShared: number;
}

export interface PartnershipCosts {
  readonly active: boolean;
  readonly years: PartnershipYear[];
  /** Undiscounted one-off transition cost (economic: capital uplifted, other one-offs, dual running). */
  readonly transitionTotal: number;
  readonly transitionBeforeUplift: number;
  /** Its parts, undiscounted: capital before and after its uplift, other one-offs, dual running, redundancy. */
  readonly oneOff: {
    capitalBeforeUplift: number;
    capital: number;
    other: number;
    dualRunning: number;
    redundancy: number;
  };
}

/** What does not depend on the coalition: timing of the transition, ramps and uplifts. */
interface Plan {
  readonly duration: number;
  /** Share of year t in which the shared services run. */
  readonly operating: Float64Array;
  /** Share of the modelled saving realised in year t (ramp × realisation). */
  readonly realised: Float64Array;
  /** Share of the old equipment replaced by year t (the rest is sunk and still running). */
  readonly replaced: Float64Array;
  /** Share of the one-off cost paid in year t. */
  readonly inTransition: Float64Array;
  readonly opexFactor: number;
  readonly capexFactor: number;
  readonly dualYears: number;
  readonly fteCost: readonly number[];
  readonly enabled: readonly boolean[];
  readonly anyEnabled: boolean;
  /** The services the scenario shares (indices), and those of them off and on the fast path. */
  readonly shared: Int32Array;
  readonly slow: Int32Array;
  readonly fast: Int32Array;
  /** Staff price index by year (governance). */
  readonly staffPrice: Float64Array;
  /** By service on the fast path: its price category's weightRealised and weightOperating. */
  readonly fastRealised: Float64Array;
  readonly fastOperating: Float64Array;
  /** Σₜ DFₜ · operatingₜ · realisedₜ · priceₜ and Σₜ DFₜ · operatingₜ · priceₜ, by price category (static services). */
  readonly weightRealised: Readonly<Record<PriceCategory, number>>;
  readonly weightOperating: Readonly<Record<PriceCategory, number>>;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : Math.min(x, 1);
}

const planOf = perModel((model): Plan => {
  const a = model.a;
  const ob = model.optimismBias;
  const duration = a.transitionYears * (1 + ob.durationUplift);
  const y = model.years;
  const operating = new Float64Array(y);
  const realised = new Float64Array(y);
  const replaced = new Float64Array(y);
  const inTransition = new Float64Array(y);
  for (let t = 0; t < y; t++) {
    const since = t + 1 - duration;
    operating[t] = clamp01(since);
    realised[t] = a.benefitsRealisation * (a.benefitsRampYears > 0 ? clamp01(since / a.benefitsRampYears) : 1);
    replaced[t] = clamp01(since / a.serverLifeYears);
    inTransition[t] = duration > 0 ? clamp01(duration - t) / duration : t === 0 ? 1 : 0;
  }
  const weightRealised = {} as Record<PriceCategory, number>;
  const weightOperating = {} as Record<PriceCategory, number>;
  for (const c of PRICE_CATEGORIES) {
    weightRealised[c] = 0;
    weightOperating[c] = 0;
    for (let t = 0; t < y; t++) {
      const w = model.discount[t]! * operating[t]! * model.prices[t]![c];
      weightRealised[c] += w * realised[t]!;
      weightOperating[c] += w;
    }
  }
  const idx = (keep: (k: number) => boolean) =>
    Int32Array.from(SERVICE_DEFS.keys()).filter((k) => model.enabled[k]! && keep(k));
  const category = (k: number) => SERVICE_DEFS[k]!.staticDemand;
  const plan: Plan = {
    shared: idx(() => true),
    slow: idx((k) => !SERVICE_FAST[k]),
    fast: idx((k) => SERVICE_FAST[k]!),
    staffPrice: Float64Array.from(model.prices, (p) => p.staff),
    fastRealised: Float64Array.from(SERVICE_DEFS.keys(), (k) => (category(k) ? weightRealised[category(k)!] : 0)),
    fastOperating: Float64Array.from(SERVICE_DEFS.keys(), (k) => (category(k) ? weightOperating[category(k)!] : 0)),
    weightRealised,
    weightOperating,
    duration,
    operating,
    realised,
    replaced,
    inTransition,
    opexFactor: 1 + ob.opexUplift,
    capexFactor: 1 + ob.capexUplift,
    dualYears: (a.dualRunningMonths / 12) * (1 + ob.durationUplift),
    fteCost: SERVICE_DEFS.map((d) => (d.fteCost ? (a as Record<string, number>)[d.fteCost]! : 0)),
    enabled: model.enabled,
    anyEnabled: model.enabled.some(Boolean),
  };
  return plan;
});

/** A partnership exists when at least two members share at least one service. */
export function isActive(model: Model, agg: Aggregate): boolean {
  return planOf(model).anyEnabled && agg.sharingMembers >= 2;
}

// scratch state of the hot path (one coalition at a time, single-threaded)
const OUT: CostOut[] = SERVICE_DEFS.map(() => costOut());
const ONE_OFF: OneOffOut = { capital: 0, other: 0 };
// read once: `SERVICE_DEFS[k].shared` is a load from fourteen object shapes (megamorphic) on every call
const SHARED = SERVICE_DEFS.map((def) => def.shared);
const CTX = { a: undefined, px: undefined, delivery: 'leadHost', sharers: 0, sinceLive: 0 } as unknown as {
  -readonly [K in keyof SharedContext]: SharedContext[K];
};

/** Members of the coalition sharing service k. */
function sharers(agg: Aggregate, k: number): number {
  return (SERVICE_STATIC[k] ? agg.demandStatic : agg.demand)[SERVICE_OFFSET[k]!]!;
}

/** A service is shared when the scenario shares it and at least two members of the coalition do. */
function active(plan: Plan, agg: Aggregate, k: number): boolean {
  return plan.enabled[k]! && sharers(agg, k) >= 2 - 1e-9;
}

/** Which services are active for the coalition being evaluated (set once per evaluation). */
const ACTIVE = new Uint8Array(NS);
function markActive(plan: Plan, agg: Aggregate): void {
  for (let k = 0; k < NS; k++) ACTIVE[k] = active(plan, agg, k) ? 1 : 0;
}

/**
 * Running cost of each active shared service in year t, written into OUT: every service but those
 * on the fast path, and those too when `withStatic` (their year-t cost is their year-0 cost on the
 * price path).
 */
function sharedOps(model: Model, plan: Plan, agg: Aggregate, t: number, withStatic: boolean): void {
  const o = t * DEMAND_DIMS;
  CTX.a = model.a;
  CTX.px = model.prices[t]!;
  CTX.delivery = model.delivery;
  CTX.sinceLive = t + 1 - plan.duration;
  const list = withStatic ? plan.shared : plan.slow;
  for (let j = 0; j < list.length; j++) {
    const k = list[j]!;
    if (ACTIVE[k] === 0) continue;
    const isStatic = SERVICE_STATIC[k]!;
    const d = isStatic ? agg.demandStatic : agg.demand;
    const off = (isStatic ? 0 : o) + SERVICE_OFFSET[k]!;
    CTX.sharers = d[off]!;
    SHARED[k]!(d, off + 1, CTX, OUT[k]!);
  }
}

/**
 * Partnership governance at base prices: sub-linear in the members' staff, plus each member's own (× px.staff by year).
 */
function governance(model: Model, agg: Aggregate): number {
  const a = model.a;
  const staff = agg.demandStatic[P.Staff]!;
  const own = agg.demandStatic[P.GovernancePerMember]!;
  return a.governanceCost * Math.sqrt(staff / a.governanceReferenceStaff) + own;
}

interface OneOffs {
  capitalBefore: number;
  capital: number;
  other: number;
  dual: number;
  redundancy: number;
}
const ONE_OFFS: OneOffs = { capitalBefore: 0, capital: 0, other: 0, dual: 0, redundancy: 0 };

/** One-off costs from the year-0 sums (OUT must hold the year-0 shared running costs). */
function oneOffs(model: Model, plan: Plan, agg: Aggregate): OneOffs {
  // ACTIVE must be marked for this coalition
  const a = model.a;
  let capital = agg.demandStatic[P.Onboarding]!;
  let other = agg.demandStatic[P.LegacyExit]!;
  let dual = 0;
  let redundancy = 0;
  CTX.a = a;
  CTX.px = model.prices[0]!;
  CTX.delivery = model.delivery;
  CTX.sinceLive = 1 - plan.duration;
  for (let k = 0; k < NS; k++) {
    if (ACTIVE[k] === 0) continue;
    const def = SERVICE_DEFS[k]!;
    const off = SERVICE_OFFSET[k]!;
    if (def.oneOff) {
      const d = SERVICE_STATIC[k] ? agg.demandStatic : agg.demand;
      CTX.sharers = d[off]!;
      def.oneOff(d, off + 1, CTX, ONE_OFF);
      capital += ONE_OFF.capital;
      other += ONE_OFF.other;
    }
    dual += OUT[k]!.dual;
    const released = agg.fte0[k]! - OUT[k]!.fte;
    if (released > 0) redundancy += released * plan.fteCost[k]! * a.redundancyMultiple;
  }
  ONE_OFFS.capitalBefore = capital;
  ONE_OFFS.capital = capital * plan.capexFactor;
  ONE_OFFS.other = other;
  ONE_OFFS.dual = dual * plan.dualYears * plan.opexFactor;
  ONE_OFFS.redundancy = redundancy;
  return ONE_OFFS;
}

/**
 * What sharing service k saves in year t once running: the members' alone cost less the shared
 * running cost (uplifted by the opex optimism bias), the old equipment still counted until it is
 * due for replacement, and a positive saving only partly realised (ramp and realisation).
 */
function realisedSaving(plan: Plan, agg: Aggregate, t: number, k: number): number {
  const i = t * NS + k;
  const out = OUT[k]!;
  const shared = out.cost * plan.opexFactor + (1 - plan.replaced[t]!) * (agg.aloneSharedHardware[i]! - out.hardware);
  const gross = agg.aloneShared[i]! - shared;
  return gross > 0 ? gross * plan.realised[t]! : gross;
}

/**
 * PV alone(S) − PV shared(S): the saving game's value of a coalition, economic case (transfers
 * such as redundancy excluded). The same arithmetic as `partnershipCosts` without building its
 * year objects (tests hold the two equal).
 */
export function coalitionSaving(model: Model, agg: Aggregate): number {
  const plan = planOf(model);
  if (!plan.anyEnabled || agg.sharingMembers < 2) return 0;
  markActive(plan, agg);
  sharedOps(model, plan, agg, 0, true);
  const one = oneOffs(model, plan, agg);
  const transition = one.capital + one.other + one.dual;
  const gov = governance(model, agg);
  const df = model.discount;
  let v = 0;
  // static services: costed once, their saving carried along the price path by the plan's weights
  const { fast, slow } = plan;
  for (let j = 0; j < fast.length; j++) {
    const k = fast[j]!;
    if (ACTIVE[k] === 0) continue;
    const gross = agg.aloneShared[k]! - OUT[k]!.cost * plan.opexFactor;
    v += gross * (gross > 0 ? plan.fastRealised[k]! : plan.fastOperating[k]!);
  }
  for (let t = 0; t < model.years; t++) {
    const f = plan.operating[t]!;
    let net = -gov * plan.staffPrice[t]! - transition * plan.inTransition[t]!;
    if (f > 0) {
      if (t > 0) sharedOps(model, plan, agg, t, false);
      for (let j = 0; j < slow.length; j++) {
        const k = slow[j]!;
        if (ACTIVE[k] === 1) net += f * realisedSaving(plan, agg, t, k);
      }
    }
    v += df[t]! * net;
  }
  return v;
}

/**
 * The shared world of the coalition in `agg`, year by year. The transition lasts
 * transitionYears × (1 + duration uplift); during it the old services keep running and the
 * one-off cost is spread evenly; after it, each shared service saves what `realisedSaving`
 * gives. Governance is paid every year the partnership exists. A coalition that is not a
 * partnership (one member, or nothing shared) costs what it costs alone.
 */
export function partnershipCosts(model: Model, agg: Aggregate): PartnershipCosts {
  const plan = planOf(model);
  const isOn = plan.anyEnabled && agg.sharingMembers >= 2;
  let one: OneOffs = { capitalBefore: 0, capital: 0, other: 0, dual: 0, redundancy: 0 };
  if (isOn) {
    markActive(plan, agg);
    sharedOps(model, plan, agg, 0, true);
    one = { ...oneOffs(model, plan, agg) };
  }
  const transitionTotal = one.capital + one.other + one.dual;
  const years: PartnershipYear[] = [];
  for (let t = 0; t < model.years; t++) {
    const f = isOn ? plan.operating[t]! : 0;
    if (isOn && f > 0 && t > 0) sharedOps(model, plan, agg, t, true);
    const programme = agg.programme[t]!;
    const alone = {
      otherIt: agg.untouched[t]!,
      channelShift: programme,
      total: agg.untouched[t]!,
    } as ServiceCosts & { otherIt: number; channelShift: number; total: number };
    const shared = {
      otherIt: agg.untouched[t]!,
      channelShift: programme,
      governance: 0,
      transition: 0,
      total: 0,
    } as ServiceCosts & {
      otherIt: number;
      channelShift: number;
      governance: number;
      transition: number;
      total: number;
    };
    let gross = 0;
    let aloneSharedServices = 0;
    let services = agg.untouched[t]!;
    for (let k = 0; k < NS; k++) {
      const own = agg.alone[t * NS + k]!;
      alone[SERVICES[k]!] = own;
      alone.total += own;
      const on = isOn && ACTIVE[k] === 1;
      if (on) aloneSharedServices += agg.aloneShared[t * NS + k]!;
      const saving = on && f > 0 ? f * realisedSaving(plan, agg, t, k) : 0;
      shared[SERVICES[k]!] = own - saving;
      services += own - saving;
      gross += saving;
    }
    shared.governance = isOn ? governance(model, agg) * model.prices[t]!.staff : 0;
    shared.transition = isOn ? transitionTotal * plan.inTransition[t]! : 0;
    shared.total = services + shared.governance + shared.transition;
    // the programme is the same in both worlds: the net saving is taken before it is added
    const netSaving = alone.total - shared.total;
    alone.total += programme;
    shared.total += programme;
    const kWhAlone = agg.kWhAlone[t]!;
    let kWhShared = kWhAlone;
    if (isOn && f > 0) {
      let kWhOps = 0;
      for (let k = 0; k < NS; k++) if (ACTIVE[k] === 1) kWhOps += OUT[k]!.kWh;
      kWhShared = kWhAlone + f * (kWhOps - agg.kWhAloneShared[t]!);
    }
    years.push({
      alone,
      statusQuo: agg.statusQuo[t]!,
      shared,
      grossSaving: gross,
      aloneSharedServices,
      netSaving,
      redundancy: isOn ? one.redundancy * plan.inTransition[t]! : 0,
      operatingShare: f,
      kWhAlone,
      kWhShared,
    });
  }
  return {
    active: isOn,
    years,
    transitionTotal,
    transitionBeforeUplift: one.capitalBefore + one.other + (isOn ? one.dual / plan.opexFactor : 0),
    oneOff: {
      capitalBeforeUplift: one.capitalBefore,
      capital: one.capital,
      other: one.other,
      dualRunning: one.dual,
      redundancy: one.redundancy,
    },
  };
}
