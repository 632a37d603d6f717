/**
 * The IT service desk. A body staffs its own desk (Erlang C on its ticket arrivals, to a service
 * level, plus a tool) or, when that costs more, buys first-line support per user: a school does
 * not seat two analysts all day for a few tickets a week. A partnership pools the arrivals into
 * one desk (square-root staffing), or buys support at a volume price, whichever is cheaper; a
 * `commercial` partnership buys.
 */
import type { Assumptions } from '../defaults';
import { type Staffing, staffing } from '../erlang';
import type { YearPrices } from '../prices';
import { fixed, spec } from '../spec';
import { type AuthorityYear, type CostOut, perAssumptions, type ServiceDef, steps, volumeDiscount } from './types';

const HOURS_PER_YEAR = 8760;
const ILL = 'illustrative';
const STANDARD = 'common contact-centre standard (80 % answered in 20 s)';

export const SERVICE_DESK_ASSUMPTIONS = {
  deskAhtMinutes: spec(10, [7, 15], 'minutes', 'Average handling time of a service-desk contact', ILL, {
    min: 0.01,
    max: 600,
  }),
  deskHoursPerYear: fixed(2600, 'hours per year', 'Service-desk opening hours (10 h a day, 5 days a week)', ILL, {
    min: 1,
    max: 8760,
  }),
  deskOutOfHoursShare: spec(0.1, [0.05, 0.2], 'ratio', "Share of a 24/7 body's tickets raised out of hours", ILL, {
    max: 1,
  }),
  deskServiceLevel: fixed(0.8, 'ratio', 'Share of contacts to answer within the target time', STANDARD, {
    min: 0.01,
    max: 0.999,
  }),
  deskAnswerSeconds: fixed(20, 'seconds', 'Target answer time', STANDARD, { min: 1, max: 3600 }),
  deskAgentCost: spec(
    37000,
    [32000, 46000],
    'GBP per FTE per year',
    'Loaded cost of a service-desk analyst (salary, on-costs, pension)',
    'ITJobsWatch: 1st/2nd line analysts advertised at a GBP 26.5-32.5k median (2024-25), with about 32 % employer ' +
      'on-costs (LGPS 19 %, NI)',
    { priceYear: 2025 },
  ),
  deskToolCost: spec(
    20000,
    [8000, 40000],
    'GBP per year',
    "An authority's own service-desk tool at the reference size (scaled by √(staff / 2,000))",
    ILL,
    { priceYear: 2025 },
  ),
  deskToolSharedCost: spec(
    40000,
    [20000, 80000],
    'GBP per year per 25 agents',
    'The shared service-desk tool, in steps of 25 agent seats',
    ILL,
    { priceYear: 2025 },
  ),
  supportPerUser: spec(
    144,
    [72, 300],
    'GBP per user per year',
    'First-line IT support bought from a provider, per user (what a body too small for its own desk pays)',
    'BundleIQ (2026): office-hours managed help desks GBP 18-28 per user per month for small firms; about GBP 12 at ' +
      'public-sector scale (judgement)',
    { priceYear: 2025 },
  ),
  support24x7Factor: spec(
    1.6,
    [1.3, 2.2],
    'ratio',
    'Bought support for a 24/7 body, per user, against office-hours support',
    'illustrative; UK managed service-desk offers of about GBP 18-28 per user per month office hours and 45-75 ' +
      'around the clock',
    { min: 1, max: 5 },
  ),
  supportVolumeDiscount: spec(
    0.25,
    [0.1, 0.4],
    'ratio',
    'Largest discount on bought support for a partnership buying for many users',
    ILL,
    { max: 0.9 },
  ),
  supportVolumeHalfUsers: spec(
    5000,
    [1000, 20000],
    'users',
    'Users at which a partnership gets half the largest volume discount on bought support',
    ILL,
    { min: 1 },
  ),
  deskImplementation: spec(
    30000,
    [10000, 80000],
    'GBP',
    'Capital: setting up the shared desk (tool configuration, knowledge base, integration)',
    ILL,
    { priceYear: 2025 },
  ),
  annualHoursPerFte: fixed(
    1950,
    'hours per year',
    'Paid hours of one FTE (37.5 h x 52 weeks)',
    'standard UK contract',
    {
      min: 1000,
      max: 3000,
    },
  ),
  shrinkage: spec(
    0.35,
    [0.3, 0.4],
    'ratio',
    'Share of paid hours not available to answer (leave, sickness, training, breaks)',
    'common contact-centre planning figure (30-35 %)',
    { max: 0.95 },
  ),
} as const;

/** Hourly ticket arrival rates in and out of hours; only 24/7 bodies raise tickets out of hours. */
export function deskArrivals(
  ticketsPerYear: number,
  needs24x7: boolean,
  a: Assumptions,
): { inHours: number; outOfHours: number } {
  const out = needs24x7 ? a.deskOutOfHoursShare : 0;
  const outHours = HOURS_PER_YEAR - a.deskHoursPerYear;
  return {
    inHours: (ticketsPerYear * (1 - out)) / a.deskHoursPerYear,
    outOfHours: outHours > 0 ? (ticketsPerYear * out) / outHours : 0,
  };
}

/** What the desk derives once per assumptions object (the same arithmetic, not repeated per call). */
interface Desk {
  readonly staffing: Staffing;
  readonly ahtSeconds: number;
  readonly ahtHours: number;
  readonly hoursIn: number;
  readonly hoursOut: number;
  /** Paid hours of an FTE available to answer: annualHoursPerFte × (1 − shrinkage). */
  readonly fteHours: number;
}
const deskOf = perAssumptions(
  (a): Desk => ({
    staffing: staffing(a.deskServiceLevel, a.deskAnswerSeconds, a.deskAhtMinutes * 60),
    ahtSeconds: a.deskAhtMinutes * 60,
    ahtHours: a.deskAhtMinutes / 60,
    hoursIn: a.deskHoursPerYear,
    hoursOut: HOURS_PER_YEAR - a.deskHoursPerYear,
    fteHours: a.annualHoursPerFte * (1 - a.shrinkage),
  }),
);

/** Analyst FTE: Erlang C agents for each period, converted to FTE over its hours (`agentFte`). */
export function deskFte(inHoursPerHour: number, outOfHoursPerHour: number, a: Assumptions): number {
  const k = deskOf(a);
  const agentsIn = k.staffing.agents((inHoursPerHour * k.ahtSeconds) / 3600);
  const agentsOut = k.staffing.agents((outOfHoursPerHour * k.ahtSeconds) / 3600);
  return (agentsIn * k.hoursIn) / k.fteHours + (agentsOut * k.hoursOut) / k.fteHours;
}

/** Alone: the cheaper of an own desk (Erlang C staff and a tool) and support bought per user. */
export function serviceDeskAlone(
  inHours: number,
  outOfHours: number,
  /** Users weighted by their cover: a 24/7 body's count support24x7Factor times. */
  users: number,
  scale: number,
  a: Assumptions,
  px: YearPrices,
  out: CostOut,
): void {
  const fte = deskFte(inHours, outOfHours, a);
  const staffed = inHours + outOfHours > 0 ? fte * a.deskAgentCost * px.staff + a.deskToolCost * scale * px.other : 0;
  const bought = users * a.supportPerUser * px.staff;
  out.hardware = 0;
  out.kWh = 0;
  out.dual = 0;
  if (staffed <= bought) {
    out.cost = staffed;
    out.fte = fte;
  } else {
    out.cost = bought;
    out.fte = 0;
  }
}

/** Agent seats an FTE count keeps staffed over the desk's opening hours. */
function agentsOf(fte: number, a: Assumptions): number {
  return (fte * a.annualHoursPerFte * (1 - a.shrinkage)) / a.deskHoursPerYear;
}

const IN_HOURS = 0;
const OUT_OF_HOURS = 1;
const USERS = 2;
const WEIGHTED_USERS = 3;

function weightedUsers(x: AuthorityYear, a: Assumptions): number {
  return x.profile.users * (x.profile.needs24x7 ? a.support24x7Factor : 1);
}

export const serviceDesk: ServiceDef<'serviceDesk', typeof SERVICE_DESK_ASSUMPTIONS> = {
  id: 'serviceDesk',
  label: 'Service desk',
  enabled: (share) => share.serviceDesk,
  tiers: ['managed', 'merged'],
  scopeWeight: 0.2,
  family: 'it',
  dims: ['ticketsPerHourInHours', 'ticketsPerHourOutOfHours', 'users', 'coverWeightedUsers'],
  fteCost: 'deskAgentCost',
  assumptions: SERVICE_DESK_ASSUMPTIONS,
  alone(x, a, px, out) {
    const r = deskArrivals(x.ticketsPerYear, x.profile.needs24x7, a);
    serviceDeskAlone(r.inHours, r.outOfHours, weightedUsers(x, a), x.profile.fixedCostScale, a, px, out);
  },
  demand(x, a, _px, _alone, d, o) {
    const r = deskArrivals(x.ticketsPerYear, x.profile.needs24x7, a);
    d[o + IN_HOURS] = r.inHours;
    d[o + OUT_OF_HOURS] = r.outOfHours;
    d[o + USERS] = x.profile.users;
    d[o + WEIGHTED_USERS] = weightedUsers(x, a);
  },
  shared(d, o, ctx, out) {
    const { a, px } = ctx;
    const users = d[o + USERS]!;
    const discount = volumeDiscount(users, a.supportVolumeDiscount, a.supportVolumeHalfUsers);
    const bought = d[o + WEIGHTED_USERS]! * a.supportPerUser * (1 - discount);
    out.hardware = 0;
    out.kWh = 0;
    const inHours = d[o + IN_HOURS]!;
    const outOfHours = d[o + OUT_OF_HOURS]!;
    const boughtCost = bought * px.staff;
    // an own desk needs more agents than its traffic: when even that many cost more, buy without Erlang C
    const k = deskOf(a);
    const lower =
      ((inHours * k.ahtHours * k.hoursIn) / k.fteHours + (outOfHours * k.ahtHours * k.hoursOut) / k.fteHours) *
      a.deskAgentCost *
      px.staff;
    const fte = ctx.delivery === 'commercial' || lower >= boughtCost ? 0 : deskFte(inHours, outOfHours, a);
    // only the new tool runs twice; analysts move with the tickets
    const tool = fte > 0 ? steps(agentsOf(fte, a), 25) * a.deskToolSharedCost * px.other : 0;
    const staffed = fte * a.deskAgentCost * px.staff + tool;
    if (fte > 0 && staffed <= boughtCost) {
      out.cost = staffed;
      out.fte = fte;
      out.dual = tool;
    } else {
      out.cost = boughtCost;
      out.fte = 0;
      out.dual = 0;
    }
  },
  oneOff(_d, _o, ctx, out) {
    out.capital = ctx.delivery === 'commercial' ? 0 : ctx.a.deskImplementation;
    out.other = 0;
  },
};
