/**
 * Compiles a validated scenario into per-authority, per-year demands and alone costs, for every
 * service of the registry (services/registry.ts). Every shared cost is a function of the
 * members' summed demands (partnership.ts), so a coalition is costed from aggregates that update
 * when one member joins or leaves.
 *
 * Long because compiling a scenario fills every per-authority, per-year array the services read in one
 * pass; the arrays' layout and the pass that fills them belong together.
 */
import { type ResolvedAssumptions, resolveAssumptions } from './assumptions';
import {
  bestReachableShare,
  type ChannelShiftPolicy,
  type ChannelsInput,
  channelRules,
  channelYear,
  newChannelYear,
  newShiftPlan,
  type Programme,
  type ProgrammeUplift,
  planShift,
  programmeCost,
  programmeOf,
  type ShiftTiming,
  shiftTiming,
} from './channelShift';
import {
  type AssumptionKey,
  type Assumptions,
  DEFAULT_OPTIMISM_POINT,
  DEFAULT_PROJECT_TYPE,
  type DiscountBand,
  OPTIMISM_BIAS as OPTIMISM_BIAS_TABLE,
  type ProjectType,
} from './defaults';
import { discountFactors } from './discount';
import { distanceKm, type LatLon, weightedCentre } from './geo';
import { deriveProfile, type Kind, type Profile, type Tier } from './kinds';
import { priceIndices, type YearPrices } from './prices';
import type { Scenario } from './schema';
import { contact, perContactCost } from './services/contact';
import { hubLinkCost } from './services/dataCentre';
import {
  DEMAND_DIMS,
  NS,
  P,
  SERVICE_DEFS,
  SERVICE_OFFSET,
  SERVICE_STATIC,
  SERVICES,
  STATIC_DIMS,
  type Service,
} from './services/registry';
import { type AuthorityYear, costOut, type DeliveryModel, type Membership } from './services/types';

export { DEMAND_DIMS, NS, SERVICES, STATIC_DIMS, type Service };

/** One authority's identity and derived profile; its numbers live in the model's flat arrays. */
export interface AuthorityModel {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly kind: Kind;
  readonly tier: Tier | undefined;
  readonly staff: number;
  readonly membership: Membership;
  readonly profile: Profile;
  readonly linkKm: number;
  /** Services (by index) this authority shares when it is in a partnership. */
  readonly shares: readonly boolean[];
}

/**
 * Per-authority, per-year numbers in flat typed arrays (one allocation each for the whole
 * model, not one per authority: a 25,000-authority nation would otherwise spend its time in GC).
 * Index (i · years + t) for yearly series, times DEMAND_DIMS or NS for vectors.
 */
export interface ModelArrays {
  /** What each authority brings to the services it shares (zero for those it does not), by year. */
  readonly demand: Float64Array;
  /** The same for services whose demand is constant, and the partnership block: i · STATIC_DIMS. */
  readonly demandStatic: Float64Array;
  /** Alone cost by service, policies applied (every service, shared or not). */
  readonly alone: Float64Array;
  /** Alone cost by service of the services the authority shares (else 0). */
  readonly aloneShared: Float64Array;
  /** The equipment part of aloneShared (sunk until it is due for replacement). */
  readonly aloneSharedHardware: Float64Array;
  /** The IT lines sharing never touches (devices, line-of-business applications). */
  readonly untouched: Float64Array;
  readonly aloneTotal: Float64Array;
  /** Status quo total (alone, no policy change). */
  readonly statusQuoTotal: Float64Array;
  readonly kWhAlone: Float64Array;
  /** kWh of the services the authority shares, alone. */
  readonly kWhAloneShared: Float64Array;
  readonly contactsMoved: Float64Array;
  readonly contactsTotal: Float64Array;
  readonly webContacts: Float64Array;
  /** The channel-shift programme's cost (build, marketing, running, assisted-digital support), in aloneTotal. */
  readonly programme: Float64Array;
  /** Contacts the digitally excluded make (with a channel-shift policy). */
  readonly excludedContacts: Float64Array;
  /** Per authority, i · SHIFT_DIMS + SHIFT.*: its channel-shift programme and reach. */
  readonly shift: Float64Array;
  /** Year-0 alone FTE of each shared service, i · NS + k (what a partnership may release). */
  readonly fteAlone0: Float64Array;
}

/** The per-authority channel-shift block (ModelArrays.shift). */
export const SHIFT = {
  /** Contacts a year the programme is designed to move (base year). */
  Capacity: 0,
  /** Capital cost of its build, before optimism bias. */
  Build: 1,
  Marketing: 2,
  /** Running the digital services, a year at base prices, before optimism bias. */
  Running: 3,
  /** Contacts the digitally excluded make in the base year. */
  Excluded0: 4,
  /** The digital share it would reach if every movable contact moved. */
  BestReachable: 5,
  /** Its base-year contacts, all channels. */
  Contacts0: 6,
} as const;
export const SHIFT_DIMS = 7;

export interface OptimismBiasApplied {
  readonly projectType: ProjectType;
  readonly point: number;
  readonly capexUplift: number;
  readonly durationUplift: number;
  readonly opexUplift: number;
}

export interface Model {
  readonly scenario: Scenario;
  readonly years: number;
  readonly startYear: number;
  readonly a: Assumptions;
  readonly resolved: ResolvedAssumptions;
  readonly discount: readonly number[];
  /** Real price index of each kind of cost, by year. */
  readonly prices: readonly YearPrices[];
  readonly authorities: readonly AuthorityModel[];
  readonly arrays: ModelArrays;
  /** Services (by index) the scenario shares at all. */
  readonly enabled: readonly boolean[];
  readonly delivery: DeliveryModel;
  readonly hub: LatLon | undefined;
  readonly optimismBias: OptimismBiasApplied;
  readonly channelPolicy: ChannelShiftPolicy | undefined;
  /** When the channel shift's build, take-up and marketing happen (with a policy). */
  readonly shiftTiming: ShiftTiming | undefined;
}

/** (1 + rate)^t for t = 0 … years − 1, computed once per model. */
function growthFactors(rate: number, years: number): Float64Array {
  const out = new Float64Array(years);
  let g = 1;
  for (let t = 0; t < years; t++) {
    out[t] = g;
    g *= 1 + rate;
  }
  return out;
}

interface Growth {
  readonly server: Float64Array;
  readonly storage: Float64Array;
  readonly ticket: Float64Array;
  readonly contact: Float64Array;
}

function optimismBias(a: Scenario['assumptions']): OptimismBiasApplied {
  const projectType = a?.optimismBias?.projectType ?? DEFAULT_PROJECT_TYPE;
  const point = a?.optimismBias?.point ?? DEFAULT_OPTIMISM_POINT;
  const ob = OPTIMISM_BIAS_TABLE[projectType];
  const at = (r: readonly [number, number]) => r[0] + point * (r[1] - r[0]);
  return { projectType, point, capexUplift: at(ob.capex), durationUplift: at(ob.duration), opexUplift: at(ob.opex) };
}

function allocateArrays(n: number, years: number): ModelArrays {
  const ny = n * years;
  return {
    demand: new Float64Array(ny * DEMAND_DIMS),
    demandStatic: new Float64Array(n * STATIC_DIMS),
    alone: new Float64Array(ny * NS),
    aloneShared: new Float64Array(ny * NS),
    aloneSharedHardware: new Float64Array(ny * NS),
    untouched: new Float64Array(ny),
    aloneTotal: new Float64Array(ny),
    statusQuoTotal: new Float64Array(ny),
    kWhAlone: new Float64Array(ny),
    kWhAloneShared: new Float64Array(ny),
    contactsMoved: new Float64Array(ny),
    contactsTotal: new Float64Array(ny),
    webContacts: new Float64Array(ny),
    programme: new Float64Array(ny),
    excludedContacts: new Float64Array(ny),
    shift: new Float64Array(n * SHIFT_DIMS),
    fteAlone0: new Float64Array(n * NS),
  };
}

const CONTACT = SERVICES.indexOf('contact');

interface CompileContext {
  readonly s: Scenario;
  readonly a: Assumptions;
  readonly hub: LatLon | undefined;
  readonly policy: ChannelShiftPolicy | undefined;
  readonly timing: ShiftTiming | undefined;
  readonly uplift: ProgrammeUplift;
  readonly arr: ModelArrays;
  readonly gr: Growth;
  readonly px: readonly YearPrices[];
  readonly enabled: readonly boolean[];
}

/** What one authority shares: the services the scenario shares that its membership tier takes part in. */
function sharesOf(membership: Membership, enabled: readonly boolean[]): boolean[] {
  return SERVICE_DEFS.map((def, k) => enabled[k]! && (def.tiers as readonly Membership[]).includes(membership));
}

/**
 * Per-member partnership lines: governance, onboarding (capital) and legacy exit (not capital),
 * by the member's users and the scope it shares (the services' scope weights), with floors.
 */
function memberLines(staff: number, membership: Membership, shares: readonly boolean[], a: Assumptions) {
  if (membership === 'procurement')
    return { governance: a.governanceProcurementPerMember, onboarding: a.procurementOnboarding, exit: 0 };
  let scope = 0;
  for (let k = 0; k < NS; k++) if (shares[k]) scope += SERVICE_DEFS[k]!.scopeWeight;
  return {
    governance: Math.max(a.governanceFloor, a.governancePerUser * staff * scope),
    onboarding: Math.max(a.onboardingFloor, a.onboardingPerUser * staff * scope),
    exit: Math.max(a.legacyExitFloor, a.legacyExitPerUser * staff * scope),
  };
}

// scratch records of compile (single-threaded; rewritten for each authority and year)
const PLAN = newShiftPlan();
const PROGRAMME: Programme = { build: 0, marketing: 0, running: 0 };
const CH = newChannelYear();
const CH_SQ = newChannelYear();

/** An authority's profile as the model costs it: its kind's preset, its own figures over it. */
function profileOf(auth: Scenario['authorities'][number], a: Assumptions) {
  return deriveProfile(auth.kind, auth.staff, auth.profile, a.serversPerRoom, a.fixedCostReferenceStaff, auth.tier);
}

function compileAuthority(c: CompileContext, i: number): AuthorityModel {
  const { s, a, arr, gr, px } = c;
  const auth = s.authorities[i]!;
  const profile = profileOf(auth, a);
  const membership = auth.membership ?? s.membership;
  const shares = sharesOf(membership, c.enabled);
  const sharesAny = shares.some(Boolean);
  const linkKm = profile.linkKm ?? (auth.location && c.hub ? distanceKm(auth.location, c.hub) : a.defaultLinkKm);
  const linkCost = hubLinkCost(linkKm, a);
  const years = s.horizonYears;
  const member = memberLines(auth.staff, membership, shares, a);
  const out = costOut();
  const d = arr.demand;
  const ds = arr.demandStatic;
  const os = i * STATIC_DIMS;
  ds.fill(0, os, os + STATIC_DIMS);
  const plan = c.policy ? planShift(profile.contacts, c.policy, a, PLAN) : undefined;
  const sb = i * SHIFT_DIMS;
  arr.shift.fill(0, sb, sb + SHIFT_DIMS);
  if (plan) {
    const p = programmeOf(plan.capacity, a, PROGRAMME);
    arr.shift[sb + SHIFT.Capacity] = plan.capacity;
    arr.shift[sb + SHIFT.Build] = p.build;
    arr.shift[sb + SHIFT.Marketing] = p.marketing;
    arr.shift[sb + SHIFT.Running] = p.running;
    arr.shift[sb + SHIFT.Excluded0] = plan.excluded0;
    arr.shift[sb + SHIFT.BestReachable] = bestReachableShare(plan);
    arr.shift[sb + SHIFT.Contacts0] = plan.contacts0;
  }

  for (let t = 0; t < years; t++) {
    const ch = channelYear(profile.contacts, gr.contact[t]!, plan, c.timing, t, years, CH);
    const v = ch.volumes;
    const w = ch.workload;
    const all = v.faceToFace + v.telephone + v.email + v.letter + v.web;
    const x: AuthorityYear = {
      staff: auth.staff,
      profile,
      membership,
      t,
      servers: profile.servers * gr.server[t]!,
      storageTb: profile.storageTb * gr.storage[t]!,
      ticketsPerYear: profile.ticketsPerYear * gr.ticket[t]!,
      calls: w.telephone,
      perContactCost: perContactCost(w, a),
      webContacts: v.web,
      allContacts: all,
      linkCost,
    };
    const it = i * years + t;
    const o = it * DEMAND_DIMS;
    d.fill(0, o, o + DEMAND_DIMS);
    let total = 0;
    let kWh = 0;
    let kWhShared = 0;
    for (let k = 0; k < NS; k++) {
      const def = SERVICE_DEFS[k]!;
      def.alone(x, a, px[t]!, out);
      arr.alone[it * NS + k] = out.cost;
      total += out.cost;
      kWh += out.kWh;
      if (shares[k]) {
        arr.aloneShared[it * NS + k] = out.cost;
        arr.aloneSharedHardware[it * NS + k] = out.hardware;
        kWhShared += out.kWh;
        if (t === 0) arr.fteAlone0[i * NS + k] = out.fte;
        if (!SERVICE_STATIC[k]) {
          const off = o + SERVICE_OFFSET[k]!;
          d[off] = 1;
          def.demand(x, a, px[t]!, out, d, off + 1);
        } else if (t === 0) {
          const off = os + SERVICE_OFFSET[k]!;
          ds[off] = 1;
          def.demand(x, a, px[t]!, out, ds, off + 1);
        }
      } else {
        arr.aloneShared[it * NS + k] = 0;
        arr.aloneSharedHardware[it * NS + k] = 0;
        if (t === 0) arr.fteAlone0[i * NS + k] = 0;
      }
    }
    if (sharesAny && t === 0) {
      ds[os + P.Members] = 1;
      ds[os + P.Staff] = auth.staff;
      ds[os + P.GovernancePerMember] = member.governance;
      ds[os + P.Onboarding] = member.onboarding;
      ds[os + P.LegacyExit] = member.exit;
    }
    const untouched =
      ((profile.devices * profile.devicePrice) / a.deviceLifeYears) * px[t]!.hardware +
      profile.users * profile.appsPerUser * px[t]!.other;
    arr.untouched[it] = untouched;
    const excluded = plan ? plan.excluded0 * gr.contact[t]! : 0;
    // an authority whose programme moves nothing runs none (and supports nobody through it)
    const programme =
      plan && c.timing && plan.capacity > 0 ? programmeCost(PROGRAMME, excluded, c.timing, t, a, px[t]!, c.uplift) : 0;
    arr.programme[it] = programme;
    arr.excludedContacts[it] = excluded;
    arr.aloneTotal[it] = total + untouched + programme;
    let statusQuo = total + untouched;
    // the status quo differs only in the contact service, and only once contacts have moved
    if (plan && ch.moved > 0) {
      const sq = channelYear(profile.contacts, gr.contact[t]!, undefined, undefined, t, years, CH_SQ).volumes;
      const sqAll = sq.faceToFace + sq.telephone + sq.email + sq.letter + sq.web;
      contact.alone(
        { ...x, calls: sq.telephone, perContactCost: perContactCost(sq, a), webContacts: sq.web, allContacts: sqAll },
        a,
        px[t]!,
        out,
      );
      statusQuo += out.cost - arr.alone[it * NS + CONTACT]!;
    }
    arr.statusQuoTotal[it] = statusQuo;
    arr.kWhAlone[it] = kWh;
    arr.kWhAloneShared[it] = kWhShared;
    arr.contactsMoved[it] = ch.moved;
    arr.contactsTotal[it] = all;
    arr.webContacts[it] = v.web;
  }
  return {
    index: i,
    id: auth.id,
    name: auth.name ?? auth.id,
    kind: auth.kind,
    tier: auth.tier,
    staff: auth.staff,
    membership,
    profile,
    linkKm,
    shares,
  };
}

/** Alone cost of service k for authority i in year t. */
export function aloneCost(m: Model, i: number, t: number, k: number): number {
  return m.arrays.alone[(i * m.years + t) * NS + k]!;
}

/** The hub: the scenario's, else the staff-weighted centre of the located authorities. */
export function hubOf(s: Scenario): LatLon | undefined {
  if (s.hub) return s.hub;
  return weightedCentre(s.authorities.flatMap((x) => (x.location ? [{ p: x.location, w: x.staff }] : [])));
}

const resolvedCache = new WeakMap<Scenario, ResolvedAssumptions>();

/** A scenario's resolved assumptions, once per scenario object (Monte Carlo compiles it thousands of times). */
function resolvedOf(s: Scenario): ResolvedAssumptions {
  let r = resolvedCache.get(s);
  if (!r) {
    r = resolveAssumptions(s.assumptions, s.uncertainty);
    resolvedCache.set(s, r);
  }
  return r;
}

function policyOf(s: Scenario, a: Assumptions): ChannelShiftPolicy | undefined {
  if (!s.channelShift) return undefined;
  return {
    targetDigitalShare: s.channelShift.targetDigitalShare,
    rampYears: s.channelShift.rampYears,
    excludedShare: s.channelShift.excludedShare ?? a.digitallyExcludedShare,
    rules: channelRules(s.channelShift.channels as ChannelsInput | undefined, s.channelShift.rampYears),
    buildCost: s.channelShift.oneOffCost,
  };
}

/**
 * Each authority's part of the scenario's own programme capital (`channelShift.oneOffCost`), as
 * compile shares it out (in proportion to the build sized from the assumptions, by staff when
 * none moves anything); undefined when the scenario gives none. A block of authorities compiled
 * on its own (the CSV) passes the sum of its parts as its oneOffCost and gets the same figures.
 */
export function buildCostParts(s: Scenario): Float64Array | undefined {
  const a = resolvedOf(s).central;
  const policy = policyOf(s, a);
  if (policy?.buildCost === undefined) return undefined;
  const n = s.authorities.length;
  const sized = new Float64Array(n);
  let sum = 0;
  let staff = 0;
  s.authorities.forEach((auth, i) => {
    const profile = profileOf(auth, a);
    sized[i] = programmeOf(planShift(profile.contacts, policy, a, PLAN).capacity, a, PROGRAMME).build;
    sum += sized[i]!;
    staff += auth.staff;
  });
  const out = new Float64Array(n);
  s.authorities.forEach((auth, i) => {
    out[i] = policy.buildCost! * (sum > 0 ? sized[i]! / sum : auth.staff / staff);
  });
  return out;
}

/** A Monte Carlo draw: values[j] for keys[j] (arrays: an object of 153 keys built per draw is slow). */
export interface AssumptionDraw {
  readonly keys: readonly AssumptionKey[];
  readonly values: ArrayLike<number>;
}

/**
 * The central values with some replaced: a spread of the fast-properties central (its shape,
 * so it stays fast), then a store per key. Spreading an object of overrides instead cost 45 µs
 * a Monte Carlo draw against 5: built key by key past 128 keys, that object is a dictionary.
 */
function withOverrides(
  central: Assumptions,
  overrides: Readonly<Partial<Record<AssumptionKey, number>>> | AssumptionDraw,
): Assumptions {
  const c = { ...central } as Record<AssumptionKey, number>;
  if ('keys' in overrides && 'values' in overrides) {
    const { keys, values } = overrides as AssumptionDraw;
    for (let j = 0; j < keys.length; j++) c[keys[j]!] = values[j]!;
  } else
    for (const k of Object.keys(overrides) as AssumptionKey[])
      c[k] = (overrides as Partial<Record<AssumptionKey, number>>)[k]!;
  return c;
}

/**
 * Compile a scenario. `overrides` replace central assumption values (a Monte Carlo draw, or a
 * tornado's P10 and P90), leaving the scenario itself untouched.
 */
export function compile(
  s: Scenario,
  overrides?: Readonly<Partial<Record<AssumptionKey, number>>> | AssumptionDraw,
  reuse?: ModelArrays,
): Model {
  const base = resolvedOf(s);
  const resolved = overrides ? { ...base, central: withOverrides(base.central, overrides) } : base;
  const a = resolved.central;
  const hub = hubOf(s);
  const policy = policyOf(s, a);
  const ob = optimismBias(s.assumptions);
  const schedule = s.assumptions?.discountSchedule as number | DiscountBand[] | undefined;
  // a Monte Carlo chunk passes the arrays of its previous draw: every cell is rewritten below
  const arrays =
    reuse && reuse.aloneTotal.length === s.authorities.length * s.horizonYears
      ? reuse
      : allocateArrays(s.authorities.length, s.horizonYears);
  const y = s.horizonYears;
  const gr: Growth = {
    server: growthFactors(a.serverGrowth, y),
    storage: growthFactors(a.storageGrowth, y),
    ticket: growthFactors(a.ticketGrowth, y),
    contact: growthFactors(a.contactGrowth, y),
  };
  const px = priceIndices(
    { staff: a.rpeStaff, hardware: a.rpeHardware, storage: a.rpeStorage, energy: a.rpeEnergy },
    y,
  );
  const enabled = SERVICE_DEFS.map((def) => def.enabled(s.share));
  const timing = policy ? shiftTiming(policy, a, ob.durationUplift, y) : undefined;
  const uplift: ProgrammeUplift = { capex: ob.capexUplift, opex: ob.opexUplift };
  const c: CompileContext = { s, a, hub, policy, timing, uplift, arr: arrays, gr, px, enabled };
  const authorities = s.authorities.map((_, i) => compileAuthority(c, i));
  if (policy?.buildCost !== undefined && timing) setBuildCost(arrays, authorities, policy.buildCost, timing, uplift, y);
  onSumGrid(arrays.demand, s.authorities.length, y * DEMAND_DIMS);
  onSumGrid(arrays.demandStatic, s.authorities.length, STATIC_DIMS);
  return {
    scenario: s,
    years: y,
    startYear: s.startYear,
    a,
    resolved,
    discount: discountFactors(y, schedule),
    prices: px,
    authorities,
    arrays,
    enabled,
    delivery: s.delivery,
    hub,
    optimismBias: ob,
    channelPolicy: policy,
    shiftTiming: timing,
  };
}

/**
 * Rounds each column of per-authority demands (values[i · width + k]) to a multiple of a power of
 * two q_k = 2^(⌊log₂ Σᵢ|xᵢₖ|⌋ − 49), so that every sum over any members is exact: each partial sum
 * is a whole number of q_k below 2^53 · q_k. The saving game adds and removes members millions of
 * times (Gray code, sampled permutations); in floating point that leaves rounding behind (1e-16,
 * not 0), and a service reads "no out-of-hours tickets" or "no calls" as `> 0`: a coalition with
 * none was costed a 24/7 desk. On the grid, removing a member restores the sum bit for bit and an
 * empty coalition's sums are exactly 0. A value moves by at most q_k / 2, under 1e-15 of the
 * column's total.
 */
let gridScratch = new Float64Array(256);

function onSumGrid(values: Float64Array, n: number, width: number): void {
  // row by row (the array's order): the column totals, then each value rounded; the totals in a
  // scratch array (a typed array allocated per call was a few per cent of a Monte Carlo draw)
  if (gridScratch.length < width) gridScratch = new Float64Array(width);
  const big = gridScratch;
  big.fill(0, 0, width);
  for (let i = 0; i < n; i++) for (let k = 0; k < width; k++) big[k]! += Math.abs(values[i * width + k]!);
  for (let k = 0; k < width; k++) big[k] = roundingConstant(big[k]!);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < width; k++) {
      const c = big[k]!;
      if (c !== 0) values[i * width + k] = values[i * width + k]! + c - c;
    }
}

const BITS = new DataView(new ArrayBuffer(8));

/**
 * C = 1.5 · 2^52 · q for a column whose total is below P = 2^(⌊log₂ total⌋ + 1) and q = P · 2^-50,
 * that is C = 6P: (x + C) − C is then x rounded to a multiple of q (the ulp of C), exactly, for
 * any |x| ≤ total. Built from the total's exponent bits (Math.log2 and 2 ** took most of the
 * time of a small model's compile); 0, leaving the column as it is, for a total of 0, below the
 * normal doubles or too near the largest.
 */
function roundingConstant(total: number): number {
  BITS.setFloat64(0, total);
  const exponent = (BITS.getUint32(0) >>> 20) & 0x7ff; // total in [2^(exponent − 1023), 2^(exponent − 1022))
  if (exponent === 0 || exponent + 3 >= 0x7ff) return 0;
  // 1.5 · 2^(exponent − 1020): exponent bits + 3, mantissa 0.5
  BITS.setUint32(0, ((exponent + 3) << 20) | 0x80000);
  BITS.setUint32(4, 0);
  return BITS.getFloat64(0);
}

/**
 * The scenario's own capital cost of the programme replaces the one sized from the assumptions:
 * shared out over the authorities in proportion to theirs (by staff when none moves anything),
 * paid on the same schedule and uplifted the same way.
 */
function setBuildCost(
  arr: ModelArrays,
  authorities: readonly AuthorityModel[],
  total: number,
  timing: ShiftTiming,
  uplift: ProgrammeUplift,
  years: number,
): void {
  let sized = 0;
  let staff = 0;
  for (const x of authorities) {
    sized += arr.shift[x.index * SHIFT_DIMS + SHIFT.Build]!;
    staff += x.staff;
  }
  for (const x of authorities) {
    const b = x.index * SHIFT_DIMS + SHIFT.Build;
    const share = sized > 0 ? arr.shift[b]! / sized : x.staff / staff;
    const delta = total * share - arr.shift[b]!;
    arr.shift[b] = total * share;
    for (let t = 0; t < years; t++) {
      const it = x.index * years + t;
      const d = delta * (1 + uplift.capex) * timing.buildShare[t]!;
      arr.programme[it]! += d;
      arr.aloneTotal[it]! += d;
    }
  }
}
