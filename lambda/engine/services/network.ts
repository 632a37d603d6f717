/**
 * The wide-area network. Alone: each site's circuit at the body's own price, and its own core
 * (firewalls, internet breakout, filtering, monitoring). Shared, as a public sector network
 * (PSBA, LGfL): every member's circuits bought together at a volume discount; members on a
 * managed service also leave their own core for the network's core, built in modules by sites,
 * plus an interconnect each; members who only buy together keep their own core.
 */
import type { Assumptions } from '../defaults';
import { spec } from '../spec';
import { type ServiceDef, steps, volumeDiscount } from './types';

const ILL = 'illustrative';

export const NETWORK_ASSUMPTIONS = {
  networkCoreFloor: spec(
    1500,
    [800, 3000],
    'GBP per year',
    "Least cost of a body's own network core: firewall, filtering and breakout subscriptions of one site",
    'illustrative; school firewall and web-filtering subscriptions of about GBP 1-3k a year',
    { priceYear: 2025 },
  ),
  networkCorePerUser: spec(
    35,
    [20, 60],
    'GBP per user per year',
    "An authority's own network core per user: firewalls, breakout, monitoring and its share of network staff",
    ILL,
    { priceYear: 2025 },
  ),
  networkAggregationDiscount: spec(
    0.3,
    [0.15, 0.45],
    'ratio',
    'Largest discount on circuits bought together by many sites',
    'illustrative; aggregated public-sector network procurements (PSBA, SWAN, LGfL) report circuit prices 20-40 % ' +
      'below individual purchase',
    { max: 0.9 },
  ),
  networkAggregationHalfSites: spec(
    150,
    [50, 500],
    'sites',
    'Sites at which a partnership gets half the largest circuit discount',
    ILL,
    { min: 1 },
  ),
  psnCorePerUser: spec(
    20,
    [10, 30],
    'GBP per user per year',
    'The shared core per user of its managed members (one set of firewalls, breakout and monitoring)',
    ILL,
    { priceYear: 2025 },
  ),
  psnSitesPerCore: spec(1000, [500, 2000], 'sites', 'Sites one module of a new shared network core serves', ILL, {
    min: 1,
  }),
  psnCoreCost: spec(
    150000,
    [80000, 300000],
    'GBP per core module per year',
    'A new shared network core, per module: network and security operations centre, resilient breakout',
    ILL,
    { priceYear: 2025 },
  ),
  psnInterconnectPerSite: spec(
    300,
    [100, 600],
    'GBP per site per year',
    "A managed member's interconnect to the shared network, per site",
    ILL,
    { priceYear: 2025 },
  ),
  psnInterconnectFloor: spec(
    200,
    [0, 1000],
    'GBP per member per year',
    "Least interconnect cost of a managed member (one site's router and management)",
    ILL,
    { priceYear: 2025 },
  ),
  cutoverPerSite: spec(1500, [500, 3000], 'GBP per site', 'Capital: cutting a site over to the shared network', ILL, {
    priceYear: 2025,
  }),
} as const;

/** An authority's own core: per user, with a floor. */
export function ownCore(users: number, a: Assumptions): number {
  return Math.max(a.networkCoreFloor, a.networkCorePerUser * users);
}

const SITES = 0;
const CIRCUITS = 1;
const KEPT_CORE = 2;
const CORE_MEMBERS = 3;
const CORE_SITES = 4;
const INTERCONNECT = 5;
const CORE_USERS = 6;

export const network: ServiceDef<'network', typeof NETWORK_ASSUMPTIONS> = {
  id: 'network',
  label: 'Network',
  enabled: (share) => share.network,
  tiers: ['procurement', 'managed', 'merged'],
  scopeWeight: 0.1,
  family: 'it',
  staticDemand: 'other',
  dims: ['sites', 'circuitSpend', 'keptCoreCost', 'coreMembers', 'coreSites', 'interconnectCost', 'coreUsers'],
  assumptions: NETWORK_ASSUMPTIONS,
  alone(x, a, px, out) {
    const p = x.profile;
    out.cost = (p.sites * p.circuitPrice + ownCore(p.users, a)) * px.other;
    out.hardware = 0;
    out.fte = 0;
    out.kWh = 0;
    out.dual = 0;
  },
  demand(x, a, _px, _alone, d, o) {
    const p = x.profile;
    d[o + SITES] = p.sites;
    d[o + CIRCUITS] = p.sites * p.circuitPrice;
    if (x.membership === 'procurement') {
      d[o + KEPT_CORE] = ownCore(p.users, a);
    } else {
      d[o + CORE_MEMBERS] = 1;
      d[o + CORE_SITES] = p.sites;
      d[o + CORE_USERS] = p.users;
      d[o + INTERCONNECT] = Math.max(a.psnInterconnectFloor, a.psnInterconnectPerSite * p.sites);
    }
  },
  shared(d, o, ctx, out) {
    const { a, px } = ctx;
    const circuits =
      d[o + CIRCUITS]! *
      (1 - volumeDiscount(d[o + SITES]!, a.networkAggregationDiscount, a.networkAggregationHalfSites));
    // one core for the managed members: a lead's extended, or a new one built in modules by sites
    let core = 0;
    if (d[o + CORE_MEMBERS]! > 0) {
      core = Math.max(a.networkCoreFloor, a.psnCorePerUser * d[o + CORE_USERS]!) + d[o + INTERCONNECT]!;
      if (ctx.delivery === 'newFacility') core += steps(d[o + CORE_SITES]!, a.psnSitesPerCore) * a.psnCoreCost;
    }
    out.cost = (circuits + core + d[o + KEPT_CORE]!) * px.other;
    out.hardware = 0;
    out.fte = 0;
    out.kWh = 0;
    out.dual = 0;
  },
  oneOff(d, o, ctx, out) {
    out.capital = ctx.a.cutoverPerSite * d[o + CORE_SITES]!;
    out.other = 0;
  },
};
