/**
 * Compiles a validated scenario into per-authority, per-year demands and alone costs.
 * Every shared cost is a function of the members' summed demands (see partnership.ts),
 * so a coalition is costed from aggregates that update when one member joins or leaves.
 */
import {
  type AssumptionKey,
  type Assumptions,
  DEFAULT_OPTIMISM_POINT,
  DEFAULT_PROJECT_TYPE,
  type DiscountBand,
  OPTIMISM_BIAS as OPTIMISM_BIAS_TABLE,
  type ProjectType,
} from './defaults';
import { resolveAssumptions, type ResolvedAssumptions } from './assumptions';
import { channelYear, type ChannelShiftPolicy } from './channelShift';
import { discountFactors } from './discount';
import { distanceKm, type LatLon, weightedCentre } from './geo';
import { ASSISTED_CHANNELS, deriveProfile, type Kind, type Profile, SPECIALIST_ROLES } from './kinds';
import type { Scenario, SharedService } from './schema';
import { contactAlone, perContactCost } from './services/contact';
import { dataCentreAlone, hubLinkCost } from './services/dataCentre';
import { networkAlone } from './services/network';
import { deskArrivals, serviceDeskAlone } from './services/serviceDesk';
import { specialistsCost } from './services/specialists';
import { storageAlone } from './services/storage';

export const SERVICES = ['dataCentre', 'storage', 'serviceDesk', 'specialists', 'network', 'contact'] as const;
export type Service = (typeof SERVICES)[number];

/** What a service's shared cost depends on, summed over members; `contact` is shared by `contactCentre`. */
export const SHARE_FLAG: Readonly<Record<Service, SharedService>> = {
  dataCentre: 'dataCentre',
  storage: 'storage',
  serviceDesk: 'serviceDesk',
  specialists: 'specialists',
  network: 'network',
  contact: 'contactCentre',
};

/** Demand dimensions of one authority in one year, the quantities a shared service pools. */
export const D = {
  Servers: 0,
  StorageTb: 1,
  DeskIn: 2,
  DeskOut: 3,
  Sites: 4,
  Calls: 5,
  PerContactCost: 6,
  LinkCost: 7,
  /** The five specialist roles follow, in SPECIALIST_ROLES order. */
  Spec0: 8,
} as const;
export const DEMAND_DIMS = D.Spec0 + SPECIALIST_ROLES.length;

/** One authority's identity and derived profile; its numbers live in the model's flat arrays. */
export interface AuthorityModel {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly kind: Kind;
  readonly staff: number;
  readonly profile: Profile;
  readonly linkKm: number;
}

/**
 * Per-authority, per-year numbers in flat typed arrays (one allocation each for the whole
 * model, not one per authority: a 25,000-authority nation would otherwise spend its time in GC).
 * Index (i · years + t) for yearly series, times DEMAND_DIMS or SERVICES.length for vectors.
 */
export interface ModelArrays {
  readonly demand: Float64Array;
  /** Alone costs by service, policies applied. */
  readonly alone: Float64Array;
  readonly aloneTotal: Float64Array;
  /** Status quo total (alone, no policy change). */
  readonly statusQuoTotal: Float64Array;
  readonly kWhAlone: Float64Array;
  readonly contactsMoved: Float64Array;
  readonly contactsTotal: Float64Array;
  readonly webContacts: Float64Array;
  /** Year-0 alone FTE by pool (dataCentre, serviceDesk, specialists, contact), i · 4 + pool. */
  readonly fteAlone0: Float64Array;
}
export const FTE_POOLS = 4;

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
  readonly authorities: readonly AuthorityModel[];
  readonly arrays: ModelArrays;
  readonly share: Readonly<Record<SharedService, boolean>>;
  readonly hub: LatLon | undefined;
  readonly optimismBias: OptimismBiasApplied;
  readonly channelPolicy: ChannelShiftPolicy | undefined;
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
    alone: new Float64Array(ny * SERVICES.length),
    aloneTotal: new Float64Array(ny),
    statusQuoTotal: new Float64Array(ny),
    kWhAlone: new Float64Array(ny),
    contactsMoved: new Float64Array(ny),
    contactsTotal: new Float64Array(ny),
    webContacts: new Float64Array(ny),
    fteAlone0: new Float64Array(n * FTE_POOLS),
  };
}

function compileAuthority(
  s: Scenario,
  i: number,
  a: Assumptions,
  hub: LatLon | undefined,
  policy: ChannelShiftPolicy | undefined,
  arr: ModelArrays,
  gr: Growth,
): AuthorityModel {
  const auth = s.authorities[i]!;
  const profile = deriveProfile(auth.kind, auth.staff, auth.profile, a.serversPerRoom, a.fixedCostReferenceStaff);
  const linkKm = profile.linkKm ?? (auth.location && hub ? distanceKm(auth.location, hub) : a.defaultLinkKm);
  const linkCost = hubLinkCost(linkKm, a);
  const years = s.horizonYears;
  const spec = SPECIALIST_ROLES.map((r) => profile.specialists[r]);
  const specAlone = specialistsCost(spec, a);
  const network = networkAlone(profile.sites, profile.fixedCostScale, a);
  const NS = SERVICES.length;

  for (let t = 0; t < years; t++) {
    const servers = profile.servers * gr.server[t]!;
    const tb = profile.storageTb * gr.storage[t]!;
    const desk = deskArrivals(profile.ticketsPerYear * gr.ticket[t]!, profile.needs24x7, a);
    const ch = channelYear(profile.contacts, t, a.contactGrowth, policy, gr.contact[t]!);
    const perContact = perContactCost(ch.volumes, a);

    const it = i * years + t;
    const o = it * DEMAND_DIMS;
    const d = arr.demand;
    d[o + D.Servers] = servers;
    d[o + D.StorageTb] = tb;
    d[o + D.DeskIn] = desk.inHours;
    d[o + D.DeskOut] = desk.outOfHours;
    d[o + D.Sites] = profile.sites;
    d[o + D.Calls] = ch.volumes.telephone;
    d[o + D.PerContactCost] = perContact;
    d[o + D.LinkCost] = linkCost;
    for (let r = 0; r < spec.length; r++) d[o + D.Spec0 + r] = spec[r]!;

    const dc = dataCentreAlone(servers, profile.serverRooms, a);
    const sd = serviceDeskAlone(desk.inHours, desk.outOfHours, profile.fixedCostScale, a);
    const contact = contactAlone(ch.volumes.telephone, perContact, profile.fixedCostScale, a);
    const costs = [
      dc.cost,
      storageAlone(tb, profile.fixedCostScale, a),
      sd.cost,
      specAlone.cost,
      network,
      contact.cost,
    ];
    let total = 0;
    for (let k = 0; k < NS; k++) {
      arr.alone[it * NS + k] = costs[k]!;
      total += costs[k]!;
    }
    arr.aloneTotal[it] = total;
    let contactSq = contact.cost;
    if (policy) {
      const sq = channelYear(profile.contacts, t, a.contactGrowth, undefined, gr.contact[t]!);
      contactSq = contactAlone(sq.volumes.telephone, perContactCost(sq.volumes, a), profile.fixedCostScale, a).cost;
    }
    arr.statusQuoTotal[it] = total - contact.cost + contactSq;
    arr.kWhAlone[it] = dc.kWh;
    arr.contactsMoved[it] = ch.contactsMoved;
    arr.contactsTotal[it] =
      ch.volumes.faceToFace + ch.volumes.telephone + ch.volumes.email + ch.volumes.letter + ch.volumes.web;
    arr.webContacts[it] = ch.volumes.web;
    if (t === 0) {
      const f = i * FTE_POOLS;
      arr.fteAlone0[f] = dc.fte;
      arr.fteAlone0[f + 1] = sd.fte;
      arr.fteAlone0[f + 2] = specAlone.fte;
      arr.fteAlone0[f + 3] = contact.fte;
    }
  }
  return { index: i, id: auth.id, name: auth.name ?? auth.id, kind: auth.kind, staff: auth.staff, profile, linkKm };
}

/** Alone cost of service k for authority i in year t. */
export function aloneCost(m: Model, i: number, t: number, k: number): number {
  return m.arrays.alone[(i * m.years + t) * SERVICES.length + k]!;
}

/** The hub: the scenario's, else the staff-weighted centre of the located authorities. */
function hubOf(s: Scenario): LatLon | undefined {
  if (s.hub) return s.hub;
  return weightedCentre(s.authorities.flatMap((x) => (x.location ? [{ p: x.location, w: x.staff }] : [])));
}

const resolvedCache = new WeakMap<Scenario, ResolvedAssumptions>();

/** A scenario's resolved assumptions, once per scenario object (Monte Carlo compiles it thousands of times). */
function resolvedOf(s: Scenario): ResolvedAssumptions {
  let r = resolvedCache.get(s);
  if (!r) {
    r = resolveAssumptions(s.assumptions);
    resolvedCache.set(s, r);
  }
  return r;
}

/**
 * Compile a scenario. `overrides` replace central assumption values (a Monte Carlo draw, or a
 * tornado's P10 and P90), leaving the scenario itself untouched.
 */
export function compile(
  s: Scenario,
  overrides?: Readonly<Partial<Record<AssumptionKey, number>>>,
  reuse?: ModelArrays,
): Model {
  const base = resolvedOf(s);
  // a spread of a fast-properties object stays fast (the keys are the same)
  const resolved = overrides ? { ...base, central: { ...base.central, ...overrides } } : base;
  const a = resolved.central;
  const hub = hubOf(s);
  const policy: ChannelShiftPolicy | undefined = s.channelShift
    ? {
        targetDigitalShare: s.channelShift.targetDigitalShare,
        rampYears: s.channelShift.rampYears,
        excludedShare: s.channelShift.excludedShare ?? a.digitallyExcludedShare,
        channels: s.channelShift.channels ?? ASSISTED_CHANNELS,
      }
    : undefined;
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
  return {
    scenario: s,
    years: s.horizonYears,
    startYear: s.startYear,
    a,
    resolved,
    discount: discountFactors(s.horizonYears, schedule),
    authorities: s.authorities.map((_, i) => compileAuthority(s, i, a, hub, policy, arrays, gr)),
    arrays,
    share: s.share,
    hub,
    optimismBias: optimismBias(s.assumptions),
    channelPolicy: policy,
  };
}
