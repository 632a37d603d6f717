/**
 * Compiles a validated scenario into per-authority, per-year demands and alone costs.
 * Every shared cost is a function of the members' summed demands (see partnership.ts),
 * so a coalition is costed from aggregates that update when one member joins or leaves.
 */
import { Assumptions, DEFAULT_OPTIMISM_POINT, DEFAULT_PROJECT_TYPE, DiscountBand, OPTIMISM_BIAS as OPTIMISM_BIAS_TABLE, ProjectType } from './defaults';
import { resolveAssumptions, ResolvedAssumptions } from './assumptions';
import { channelYear, ChannelShiftPolicy } from './channelShift';
import { discountFactors } from './discount';
import { distanceKm, LatLon, weightedCentre } from './geo';
import { ASSISTED_CHANNELS, deriveProfile, Kind, Profile, SPECIALIST_ROLES } from './kinds';
import type { Scenario, SharedService } from './schema';
import { contactAlone, perContactCost } from './services/contact';
import { dataCentreAlone, hubLinkCost } from './services/dataCentre';
import { networkAlone } from './services/network';
import { deskArrivals, serviceDeskAlone } from './services/serviceDesk';
import { specialistsCost } from './services/specialists';
import { storageAlone } from './services/storage';

export const SERVICES = ['dataCentre', 'storage', 'serviceDesk', 'specialists', 'network', 'contact'] as const;
export type Service = (typeof SERVICES)[number];
export type ServiceCosts = Record<Service, number>;

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

/** Alone FTE released by sharing, by pool: what redundancy costs are counted on. */
export interface FtePools {
  readonly dataCentre: number;
  readonly serviceDesk: number;
  readonly specialists: number;
  readonly contact: number;
}

export interface AuthorityModel {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly kind: Kind;
  readonly staff: number;
  readonly profile: Profile;
  readonly linkKm: number;
  /** demand[t * DEMAND_DIMS + d] */
  readonly demand: Float64Array;
  /** Alone costs by year, policies applied. */
  readonly alone: ServiceCosts[];
  readonly aloneTotal: Float64Array;
  /** Status quo total by year (alone, no policy change). */
  readonly statusQuoTotal: Float64Array;
  readonly kWhAlone: Float64Array;
  readonly contactsMoved: Float64Array;
  readonly contactsTotal: Float64Array;
  readonly webContacts: Float64Array;
  readonly fteAlone0: FtePools;
}

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
  readonly share: Readonly<Record<SharedService, boolean>>;
  readonly hub: LatLon | undefined;
  readonly optimismBias: OptimismBiasApplied;
  readonly channelPolicy: ChannelShiftPolicy | undefined;
}

function growth(rate: number, t: number): number {
  return Math.pow(1 + rate, t);
}

function optimismBias(a: Scenario['assumptions']): OptimismBiasApplied {
  const projectType = a?.optimismBias?.projectType ?? DEFAULT_PROJECT_TYPE;
  const point = a?.optimismBias?.point ?? DEFAULT_OPTIMISM_POINT;
  const ob = OPTIMISM_BIAS_TABLE[projectType];
  const at = (r: readonly [number, number]) => r[0] + point * (r[1] - r[0]);
  return { projectType, point, capexUplift: at(ob.capex), durationUplift: at(ob.duration), opexUplift: at(ob.opex) };
}

function compileAuthority(
  s: Scenario,
  i: number,
  a: Assumptions,
  hub: LatLon | undefined,
  policy: ChannelShiftPolicy | undefined,
): AuthorityModel {
  const auth = s.authorities[i]!;
  const profile = deriveProfile(auth.kind, auth.staff, auth.profile, a.serversPerRoom, a.fixedCostReferenceStaff);
  const linkKm = profile.linkKm ?? (auth.location && hub ? distanceKm(auth.location, hub) : a.defaultLinkKm);
  const linkCost = hubLinkCost(linkKm, a);
  const years = s.horizonYears;
  const demand = new Float64Array(years * DEMAND_DIMS);
  const alone: ServiceCosts[] = [];
  const aloneTotal = new Float64Array(years);
  const statusQuoTotal = new Float64Array(years);
  const kWhAlone = new Float64Array(years);
  const contactsMoved = new Float64Array(years);
  const contactsTotal = new Float64Array(years);
  const webContacts = new Float64Array(years);
  const spec = SPECIALIST_ROLES.map((r) => profile.specialists[r]);
  const specAlone = specialistsCost(spec, a);
  let fteAlone0: FtePools = { dataCentre: 0, serviceDesk: 0, specialists: 0, contact: 0 };

  for (let t = 0; t < years; t++) {
    const servers = profile.servers * growth(a.serverGrowth, t);
    const tb = profile.storageTb * growth(a.storageGrowth, t);
    const desk = deskArrivals(profile.ticketsPerYear * growth(a.ticketGrowth, t), profile.needs24x7, a);
    const sq = channelYear(profile.contacts, t, a.contactGrowth, undefined);
    const ch = channelYear(profile.contacts, t, a.contactGrowth, policy);
    const perContact = perContactCost(ch.volumes, a);

    const o = t * DEMAND_DIMS;
    demand[o + D.Servers] = servers;
    demand[o + D.StorageTb] = tb;
    demand[o + D.DeskIn] = desk.inHours;
    demand[o + D.DeskOut] = desk.outOfHours;
    demand[o + D.Sites] = profile.sites;
    demand[o + D.Calls] = ch.volumes.telephone;
    demand[o + D.PerContactCost] = perContact;
    demand[o + D.LinkCost] = linkCost;
    for (let r = 0; r < spec.length; r++) demand[o + D.Spec0 + r] = spec[r]!;

    const dc = dataCentreAlone(servers, profile.serverRooms, a);
    const sd = serviceDeskAlone(desk.inHours, desk.outOfHours, profile.fixedCostScale, a);
    const contact = contactAlone(ch.volumes.telephone, perContact, profile.fixedCostScale, a);
    const costs: ServiceCosts = {
      dataCentre: dc.cost,
      storage: storageAlone(tb, profile.fixedCostScale, a),
      serviceDesk: sd.cost,
      specialists: specAlone.cost,
      network: networkAlone(profile.sites, profile.fixedCostScale, a),
      contact: contact.cost,
    };
    alone.push(costs);
    const total = costs.dataCentre + costs.storage + costs.serviceDesk + costs.specialists + costs.network + costs.contact;
    aloneTotal[t] = total;
    const contactSq = policy ? contactAlone(sq.volumes.telephone, perContactCost(sq.volumes, a), profile.fixedCostScale, a).cost : costs.contact;
    statusQuoTotal[t] = total - costs.contact + contactSq;
    kWhAlone[t] = dc.kWh;
    contactsMoved[t] = ch.contactsMoved;
    contactsTotal[t] = ch.volumes.faceToFace + ch.volumes.telephone + ch.volumes.email + ch.volumes.letter + ch.volumes.web;
    webContacts[t] = ch.volumes.web;
    if (t === 0) fteAlone0 = { dataCentre: dc.fte, serviceDesk: sd.fte, specialists: specAlone.fte, contact: contact.fte };
  }
  return {
    index: i,
    id: auth.id,
    name: auth.name ?? auth.id,
    kind: auth.kind,
    staff: auth.staff,
    profile,
    linkKm,
    demand,
    alone,
    aloneTotal,
    statusQuoTotal,
    kWhAlone,
    contactsMoved,
    contactsTotal,
    webContacts,
    fteAlone0,
  };
}

/** The hub: the scenario's, else the staff-weighted centre of the located authorities. */
function hubOf(s: Scenario): LatLon | undefined {
  if (s.hub) return s.hub;
  return weightedCentre(s.authorities.flatMap((x) => (x.location ? [{ p: x.location, w: x.staff }] : [])));
}

export function compile(s: Scenario): Model {
  const resolved = resolveAssumptions(s.assumptions);
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
  return {
    scenario: s,
    years: s.horizonYears,
    startYear: s.startYear,
    a,
    resolved,
    discount: discountFactors(s.horizonYears, schedule),
    authorities: s.authorities.map((_, i) => compileAuthority(s, i, a, hub, policy)),
    share: s.share,
    hub,
    optimismBias: optimismBias(s.assumptions),
    channelPolicy: policy,
  };
}
