/**
 * Citizen contact: the telephone team (Erlang C advisers over the opening hours plus telephony,
 * or calls handled by a provider when that is cheaper for a small body), the other channels
 * costed per contact (linear, so the same alone or shared), and the digital platform. Shared: one
 * pooled contact centre and one platform with an integration per member.
 *
 * Long because citizen contact is one service with several channels, an Erlang C centre, IVR,
 * avoidable contact and the digital platform, whose defaults and cost functions share assumptions.
 */
import type { Assumptions } from '../defaults';
import { agentFte, agentsFor, type Staffing, staffing } from '../erlang';
import type { Channel } from '../kinds';
import type { YearPrices } from '../prices';
import { fixed, spec } from '../spec';
import { type CostOut, perAssumptions, type ServiceDef, steps } from './types';

const ILL = 'illustrative';
const SOCITM = 'Socitm channel value benchmarking (about 2012 prices)';
const STANDARD = 'common contact-centre standard (80 % answered in 20 s)';

export const CONTACT_ASSUMPTIONS = {
  contactAhtMinutes: spec(6, [4, 8], 'minutes', 'Average handling time of a citizen telephone call', ILL, {
    min: 0.01,
    max: 600,
  }),
  contactHoursPerYear: fixed(2340, 'hours per year', 'Contact-centre opening hours (9 h a day, 260 days)', ILL, {
    min: 1,
    max: 8760,
  }),
  contactServiceLevel: fixed(0.8, 'ratio', 'Share of calls to answer within the target time', STANDARD, {
    min: 0.01,
    max: 0.999,
  }),
  contactAnswerSeconds: fixed(20, 'seconds', 'Target answer time for calls', STANDARD, { min: 1, max: 3600 }),
  contactAgentCost: spec(
    30000,
    [26000, 35000],
    'GBP per FTE per year',
    "Loaded cost of a contact-centre adviser; with supervision, seats, telephony and IVR, a mid-size council's cost " +
      "per call lands on Socitm's GBP 2.83 (about GBP 4.1 at 2025 prices)",
    `calibrated to ${SOCITM}: GBP 2.83 a call`,
    { priceYear: 2025 },
  ),
  contactSupervisorSpan: spec(
    12,
    [8, 16],
    'advisers per supervisor',
    'Advisers (FTE) one team leader supervises',
    ILL,
    {
      min: 1,
    },
  ),
  contactSupervisorCost: spec(
    42000,
    [36000, 50000],
    'GBP per FTE per year',
    'Loaded cost of a contact-centre team leader',
    ILL,
    { priceYear: 2025 },
  ),
  contactSeatCost: spec(
    4000,
    [2500, 7000],
    'GBP per FTE per year',
    'Office space, desk, headset and facilities per contact-centre FTE',
    'illustrative; UK regional office space and services of about GBP 3-7k per workstation a year',
    { priceYear: 2025 },
  ),
  contactSiteCost: spec(
    40000,
    [20000, 80000],
    'GBP per site per year',
    "A contact centre site's own overhead: centre management, workforce planning, quality, site services",
    ILL,
    { priceYear: 2025 },
  ),
  contactAgentsPerSite: spec(
    150,
    [80, 300],
    'advisers (FTE)',
    'Advisers one consolidated contact-centre site holds',
    ILL,
    {
      min: 1,
    },
  ),
  ivrContainment: spec(
    0.15,
    [0.05, 0.3],
    'ratio',
    'Share of calls an IVR (phone self-service) completes without an adviser',
    'illustrative; vendors report 55-80 % for simple look-ups but 15-25 % across a public service call mix',
    { max: 0.9 },
  ),
  ivrCostPerCall: spec(0.3, [0.1, 0.6], 'GBP per call', 'An IVR-completed call (telephony and platform use)', ILL, {
    priceYear: 2025,
  }),
  ivrPlatformCost: spec(
    60000,
    [25000, 150000],
    'GBP per year',
    'One IVR platform (licences, hosting, call-flow design); a centre uses one when it costs less than the calls it ' +
      'takes',
    ILL,
    { priceYear: 2025 },
  ),
  avoidableContactReduction: spec(
    0.1,
    [0, 0.2],
    'ratio',
    'Share of calls a consolidated centre removes by fixing their causes (chasing, repeat and failure demand)',
    'illustrative; avoidable contact is commonly put at 20-50 % of council calls (Cabinet Office NI 14), of which ' +
      'only part is removed',
    { max: 0.9 },
  ),
  avoidableContactProgrammeCost: spec(
    80000,
    [30000, 200000],
    'GBP per year',
    'A consolidated centre’s team that finds and removes avoidable contact',
    ILL,
    { priceYear: 2025 },
  ),
  contactSiteExitCost: spec(
    150000,
    [50000, 500000],
    'GBP per site closed',
    'Closing a contact-centre site: lease exit, dilapidations, decommissioning (not capital)',
    ILL,
    { priceYear: 2025 },
  ),
  contactSeatFitOut: spec(
    5000,
    [2500, 10000],
    'GBP per seat',
    'Capital: fitting out a seat in the consolidated centre (desk, telephony, network, headsets)',
    ILL,
    { priceYear: 2025 },
  ),
  contactRetrainPerFte: spec(
    2000,
    [800, 4000],
    'GBP per FTE',
    'Training advisers on the consolidated centre’s services and systems (not capital)',
    ILL,
    { priceYear: 2025 },
  ),
  contactLeverRampYears: spec(
    2,
    [1, 4],
    'years',
    'Years after go-live until avoidable contact is removed in full',
    ILL,
    { max: 20 },
  ),
  telephonyCostPerCall: spec(0.35, [0.2, 0.6], 'GBP per call', 'Telephony and systems cost per call', ILL, {
    priceYear: 2025,
  }),
  contactBoughtPerCall: spec(
    5,
    [3.5, 7],
    'GBP per call',
    'A call handled by a provider or by generalist office staff (what a body too small for a contact team pays)',
    ILL,
    { priceYear: 2025 },
  ),
  'costPerContact.faceToFace': spec(8.62, [7, 10.5], 'GBP per contact', 'Cost of a face-to-face contact', SOCITM, {
    priceYear: 2012,
  }),
  'costPerContact.email': spec(
    3,
    [2, 5],
    'GBP per contact',
    'Cost of an email contact',
    'illustrative (between web and telephone)',
    { priceYear: 2012 },
  ),
  'costPerContact.letter': spec(
    12.1,
    [9, 15],
    'GBP per contact',
    'Cost of a letter',
    'PwC study of 19 London and South East councils (about 2009)',
    { priceYear: 2009 },
  ),
  'costPerContact.web': spec(0.15, [0.08, 0.4], 'GBP per contact', 'Cost of a web self-service transaction', SOCITM, {
    priceYear: 2012,
  }),
  platformCost: spec(
    120000,
    [60000, 220000],
    'GBP per year',
    "An authority's own digital platform at the reference size (scaled by √(staff / 2,000))",
    ILL,
    { priceYear: 2025 },
  ),
  platformFloor: spec(10000, [4000, 25000], 'GBP per year', 'Least cost of an own digital platform', ILL, {
    priceYear: 2025,
  }),
  platformModuleContacts: spec(
    20_000_000,
    [10_000_000, 50_000_000],
    'web contacts a year',
    'Web contacts one instance of a shared platform serves',
    ILL,
    { min: 1 },
  ),
  platformSharedFixed: spec(
    250000,
    [150000, 450000],
    'GBP per year',
    'One instance of a shared digital platform (licences, hosting, product team)',
    ILL,
    { priceYear: 2025 },
  ),
  platformIntegrationPerUser: spec(
    4,
    [2, 8],
    'GBP per user per year',
    "A member's running integration with the shared platform, per user",
    ILL,
    { priceYear: 2025 },
  ),
  platformIntegrationFloor: spec(
    2000,
    [1000, 5000],
    'GBP per member per year',
    'Least running integration cost of a member on the shared platform',
    ILL,
    { priceYear: 2025 },
  ),
  platformBuildCost: spec(300000, [150000, 800000], 'GBP', 'Capital: building a new shared digital platform', ILL, {
    priceYear: 2025,
  }),
  platformCommercialPerContact: spec(
    0.05,
    [0.02, 0.12],
    'GBP per web contact',
    'A commercial platform priced per web transaction',
    ILL,
    { priceYear: 2025 },
  ),
} as const;

/** Telephone: Erlang C advisers over the opening hours plus a per-call telephony cost. */
export function telephoneCost(callsPerYear: number, a: Assumptions, staffPrice = 1): { cost: number; fte: number } {
  const agents = agentsFor(
    callsPerYear / a.contactHoursPerYear,
    a.contactAhtMinutes * 60,
    a.contactServiceLevel,
    a.contactAnswerSeconds,
  );
  const fte = agentFte(agents, a.contactHoursPerYear, a.annualHoursPerFte, a.shrinkage);
  return { cost: fte * a.contactAgentCost * staffPrice + callsPerYear * a.telephonyCostPerCall, fte };
}

/** What a contact centre costs for a year's calls (written into a scratch record: the saving game calls it often). */
export interface CentreCost {
  cost: number;
  fte: number;
  /** The part that runs twice in a migration (the IVR platform). */
  dual: number;
}

/**
 * Whether a centre uses an IVR: when the calls it would complete cost more to handle (advisers'
 * handling time at their loaded cost per productive hour, and telephony) than the IVR platform and
 * its per-call cost. A documented decision rule, not an optimisation: one Erlang C staffing per
 * centre, and the choice the same for the same calls.
 */
export function usesIvr(calls: number, a: Assumptions): boolean {
  return calls * a.ivrContainment * centreOf(a).ivrMargin > a.ivrPlatformCost;
}

/** What a centre derives once per assumptions object (the same arithmetic, not repeated per call). */
interface Centre {
  readonly staffing: Staffing;
  readonly ahtSeconds: number;
  /** Paid hours of an FTE available to answer: annualHoursPerFte × (1 − shrinkage). */
  readonly fteHours: number;
  /** What the IVR saves on a call it completes: an adviser's handling and telephony, less its own cost. */
  readonly ivrMargin: number;
}
const centreOf = perAssumptions((a): Centre => {
  const fteHours = a.annualHoursPerFte * (1 - a.shrinkage);
  const handling = ((a.contactAhtMinutes / 60) * a.contactAgentCost) / fteHours + a.telephonyCostPerCall;
  return {
    staffing: staffing(a.contactServiceLevel, a.contactAnswerSeconds, a.contactAhtMinutes * 60),
    ahtSeconds: a.contactAhtMinutes * 60,
    fteHours,
    ivrMargin: handling - a.ivrCostPerCall,
  };
});

/**
 * A contact centre for a year's calls: the IVR when `usesIvr`, Erlang C advisers for the rest,
 * their team leaders, seats and telephony, and its sites (one for a body's own centre, one per
 * `contactAgentsPerSite` advisers when consolidated).
 */
export function contactCentreCost(
  calls: number,
  a: Assumptions,
  px: YearPrices,
  consolidated: boolean,
  out: CentreCost = { cost: 0, fte: 0, dual: 0 },
): CentreCost {
  if (calls <= 0) {
    out.cost = 0;
    out.fte = 0;
    out.dual = 0;
    return out;
  }
  const k = centreOf(a);
  const ivr = usesIvr(calls, a);
  const contained = ivr ? calls * a.ivrContainment : 0;
  const live = calls - contained;
  // agentsFor and agentFte, with the target's table and the FTE's hours found once
  const agents = k.staffing.agents(((live / a.contactHoursPerYear) * k.ahtSeconds) / 3600);
  const fte = (agents * a.contactHoursPerYear) / k.fteHours;
  const teams = Math.ceil(fte / a.contactSupervisorSpan - 1e-9);
  const sites = consolidated ? Math.max(1, Math.ceil(fte / a.contactAgentsPerSite - 1e-9)) : 1;
  const platform = ivr ? a.ivrPlatformCost : 0;
  out.cost =
    (fte * a.contactAgentCost + teams * a.contactSupervisorCost) * px.staff +
    (fte * a.contactSeatCost + sites * a.contactSiteCost + live * a.telephonyCostPerCall) * px.other +
    (platform + contained * a.ivrCostPerCall) * px.other;
  out.fte = fte + teams;
  out.dual = platform * px.other;
  return out;
}

/** Calls handled the cheaper way: an own contact centre, or a provider per call. */
export function callsCost(calls: number, a: Assumptions, px: YearPrices): { cost: number; fte: number } {
  const centre = contactCentreCost(calls, a, px, false);
  const bought = calls * a.contactBoughtPerCall * px.staff;
  return centre.cost <= bought ? { cost: centre.cost, fte: centre.fte } : { cost: bought, fte: 0 };
}

const CENTRE: CentreCost = { cost: 0, fte: 0, dual: 0 };

/** Face-to-face, email, letter and web are costed per contact: linear, so the same alone or shared. */
export function perContactCost(volumes: Readonly<Record<Channel, number>>, a: Assumptions): number {
  return (
    volumes.faceToFace * a['costPerContact.faceToFace'] +
    volumes.email * a['costPerContact.email'] +
    volumes.letter * a['costPerContact.letter'] +
    volumes.web * a['costPerContact.web']
  );
}

/** An own digital platform, for a body with any citizen contact. */
export function ownPlatform(scale: number, contacts: number, a: Assumptions): number {
  return contacts > 0 ? Math.max(a.platformFloor, a.platformCost * scale) : 0;
}

const CALLS = 0;
const PER_CONTACT = 1;
const WEB = 2;
const INTEGRATION = 3;
/** Members that run a contact centre of their own (1 each), and its staff (FTE). */
const CENTRES = 4;
const CENTRE_FTE = 5;

export const contact: ServiceDef<'contact', typeof CONTACT_ASSUMPTIONS> = {
  id: 'contact',
  label: 'Citizen contact',
  enabled: (share) => share.contactCentre,
  tiers: ['managed', 'merged'],
  scopeWeight: 0.25,
  family: 'contact',
  dims: ['calls', 'perContactCost', 'webContacts', 'platformIntegration', 'ownCentres', 'ownCentreFte'],
  fteCost: 'contactAgentCost',
  assumptions: CONTACT_ASSUMPTIONS,
  alone(x, a, px, out: CostOut) {
    const tel = callsCost(x.calls, a, px);
    out.cost =
      tel.cost + x.perContactCost * px.staff + ownPlatform(x.profile.fixedCostScale, x.allContacts, a) * px.other;
    out.fte = tel.fte;
    out.hardware = 0;
    out.kWh = 0;
    out.dual = 0;
  },
  demand(x, a, px, _alone, d, o) {
    const own = callsCost(x.calls, a, px);
    d[o + CENTRES] = own.fte > 0 ? 1 : 0;
    d[o + CENTRE_FTE] = own.fte;
    d[o + CALLS] = x.calls;
    d[o + PER_CONTACT] = x.perContactCost;
    d[o + WEB] = x.webContacts;
    d[o + INTEGRATION] =
      x.allContacts > 0 ? Math.max(a.platformIntegrationFloor, a.platformIntegrationPerUser * x.staff) : 0;
  },
  shared(d, o, ctx, out) {
    const { a, px } = ctx;
    // one consolidated centre: pooled advisers, fewer sites, and the causes of avoidable calls removed
    // over the levers' ramp (at the cost of the team that removes them)
    const calls = d[o + CALLS]!;
    const ramp = a.contactLeverRampYears > 0 ? Math.min(1, Math.max(0, ctx.sinceLive / a.contactLeverRampYears)) : 1;
    const avoided = calls > 0 ? a.avoidableContactReduction * ramp : 0;
    const centre = contactCentreCost(calls * (1 - avoided), a, px, true, CENTRE);
    const programme = calls > 0 && a.avoidableContactReduction > 0 ? a.avoidableContactProgrammeCost * px.staff : 0;
    const bought = calls * (1 - avoided) * a.contactBoughtPerCall * px.staff + programme;
    const own = ctx.delivery !== 'commercial' && centre.cost + programme <= bought;
    const telCost = own ? centre.cost + programme : bought;
    // integration is positive for every member with citizen contact: none, no platform
    const integration = d[o + INTEGRATION]!;
    let platform = 0;
    if (integration > 0)
      platform =
        ctx.delivery === 'commercial'
          ? d[o + WEB]! * a.platformCommercialPerContact
          : Math.max(1, steps(d[o + WEB]!, a.platformModuleContacts)) * a.platformSharedFixed;
    out.cost = telCost + d[o + PER_CONTACT]! * px.staff + (platform + integration) * px.other;
    out.fte = own ? centre.fte : 0;
    out.hardware = 0;
    out.kWh = 0;
    out.dual = (platform + integration) * px.other + (own ? centre.dual : 0);
  },
  oneOff(d, o, ctx, out) {
    const { a } = ctx;
    out.capital = ctx.delivery === 'newFacility' ? a.platformBuildCost : 0;
    out.other = 0;
    const calls = d[o + CALLS]!;
    if (calls <= 0 || ctx.delivery === 'commercial') return;
    // the members' centres close into the consolidated sites; their advisers retrain; new seats are fitted
    const fte = contactCentreCost(calls, a, ctx.px, true).fte;
    const sites = Math.max(1, Math.ceil(fte / a.contactAgentsPerSite - 1e-9));
    out.capital += fte * a.contactSeatFitOut;
    out.other +=
      Math.max(0, d[o + CENTRES]! - sites) * a.contactSiteExitCost + d[o + CENTRE_FTE]! * a.contactRetrainPerFte;
  },
};
