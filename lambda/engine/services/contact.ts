/**
 * Citizen contact: the telephone team (Erlang C advisers over the opening hours plus telephony,
 * or calls handled by a provider when that is cheaper for a small body), the other channels
 * costed per contact (linear, so the same alone or shared), and the digital platform. Shared: one
 * pooled contact centre and one platform with an integration per member.
 */
import type { Assumptions } from '../defaults';
import { agentFte, agentsFor } from '../erlang';
import type { Channel } from '../kinds';
import type { YearPrices } from '../prices';
import { fixed, spec } from '../spec';
import { type CostOut, type ServiceDef, steps } from './types';

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
    33000,
    [28000, 38000],
    'GBP per FTE per year',
    "Loaded cost of a contact-centre adviser; with the handling time and telephony, a mid-size council's cost per call lands on Socitm's GBP 2.83 (about GBP 4.1 at 2025 prices)",
    `calibrated to ${SOCITM}: GBP 2.83 a call`,
    { priceYear: 2025 },
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

/** Calls handled the cheaper way: an own team, or a provider per call. */
export function callsCost(calls: number, a: Assumptions, px: YearPrices): { cost: number; fte: number } {
  const team = telephoneCost(calls, a, px.staff);
  const bought = calls * a.contactBoughtPerCall * px.staff;
  return team.cost <= bought ? team : { cost: bought, fte: 0 };
}

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

export const contact: ServiceDef<'contact', typeof CONTACT_ASSUMPTIONS> = {
  id: 'contact',
  label: 'Citizen contact',
  enabled: (share) => share.contactCentre,
  tiers: ['managed', 'merged'],
  scopeWeight: 0.25,
  dims: ['calls', 'perContactCost', 'webContacts', 'platformIntegration'],
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
  demand(x, a, _px, _alone, d, o) {
    d[o + CALLS] = x.calls;
    d[o + PER_CONTACT] = x.perContactCost;
    d[o + WEB] = x.webContacts;
    d[o + INTEGRATION] =
      x.allContacts > 0 ? Math.max(a.platformIntegrationFloor, a.platformIntegrationPerUser * x.staff) : 0;
  },
  shared(d, o, ctx, out) {
    const { a, px } = ctx;
    const tel = callsCost(d[o + CALLS]!, a, px);
    // integration is positive for every member with citizen contact: none, no platform
    const integration = d[o + INTEGRATION]!;
    let platform = 0;
    if (integration > 0)
      platform =
        ctx.delivery === 'commercial'
          ? d[o + WEB]! * a.platformCommercialPerContact
          : Math.max(1, steps(d[o + WEB]!, a.platformModuleContacts)) * a.platformSharedFixed;
    out.cost = tel.cost + d[o + PER_CONTACT]! * px.staff + (platform + integration) * px.other;
    out.fte = tel.fte;
    out.hardware = 0;
    out.kWh = 0;
    out.dual = (platform + integration) * px.other;
  },
  oneOff(_d, _o, ctx, out) {
    out.capital = ctx.delivery === 'newFacility' ? ctx.a.platformBuildCost : 0;
    out.other = 0;
  },
};
