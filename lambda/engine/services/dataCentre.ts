/**
 * Hosting: server rooms run alone against one consolidated estate. A partnership hosts in one of
 * three ways (the scenario's `delivery`): in the best of its members' existing rooms with spare
 * capacity (`leadHost`), in a new shared facility built in rack modules (`newFacility`), or with a
 * commercial or cloud provider priced per server (`commercial`).
 */
import type { Assumptions } from '../defaults';
import type { YearPrices } from '../prices';
import { spec } from '../spec';
import { type CostOut, type OneOffOut, type ServiceDef, type SharedContext, steps } from './types';

const HOURS_PER_YEAR = 8760;
const ILL = 'illustrative';

export const DATA_CENTRE_ASSUMPTIONS = {
  serversPerRoom: spec(100, [60, 150], 'servers per room', 'Servers a small on-premises server room holds', ILL, {
    min: 1,
  }),
  serverRoomCost: spec(
    30000,
    [15000, 60000],
    'GBP per room per year',
    'Running a small server room: space, cooling and UPS maintenance, fire suppression, security',
    'illustrative; consistent with UK colocation at about GBP 10-20k per rack-year for the 2-4 racks of a small room',
    { priceYear: 2025 },
  ),
  serverPrice: spec(5000, [3000, 9000], 'GBP per server', 'Purchase price of a server (physical host)', ILL, {
    priceYear: 2025,
  }),
  serverLifeYears: spec(5, [4, 7], 'years', 'Server refresh cycle', 'common public-sector refresh cycle of 4-7 years', {
    min: 1,
  }),
  serverWatts: spec(
    300,
    [150, 450],
    'W',
    'Average power draw of a server',
    'LBNL, United States Data Center Energy Usage Report (2016): 118 W one-socket, 365 W two-socket volume servers',
    { min: 1, max: 5000 },
  ),
  pueAlone: spec(
    1.8,
    [1.5, 2.2],
    'ratio',
    'Power usage effectiveness of an on-premises server room',
    'Uptime Institute global average 1.58 (2023), 1.56 (2024); small rooms run higher (illustrative)',
    { min: 1, max: 5 },
  ),
  pueShared: spec(
    1.35,
    [1.15, 1.55],
    'ratio',
    'Power usage effectiveness of a consolidated modern facility',
    "Uptime Institute 1.56 average (2024); new facilities 1.2-1.4; hyperscale 1.1-1.2 (providers' published PUE)",
    { min: 1, max: 5 },
  ),
  electricityPrice: spec(
    0.25,
    [0.18, 0.32],
    'GBP per kWh',
    'Electricity price for a public body',
    'illustrative; DESNZ non-domestic prices for medium users about 23-27p per kWh in 2024',
    { priceYear: 2024 },
  ),
  itStaffCost: spec(
    55000,
    [45000, 68000],
    'GBP per FTE per year',
    'Loaded cost of an infrastructure engineer (salary, employer on-costs and pension)',
    'illustrative; public-sector infrastructure engineer salaries GBP 38-50k plus about 30 % on-costs',
    { priceYear: 2025 },
  ),
  serversPerAdminAlone: spec(
    30,
    [15, 50],
    'servers per FTE',
    'Server workloads one administrator runs in a small, partly virtualised estate',
    'META Group (2002): 10-20 physical servers per administrator; IDC: about 30 physical, 80 virtual in small firms',
    { min: 1 },
  ),
  serversPerAdminShared: spec(
    100,
    [70, 250],
    'servers per FTE',
    'Physical hosts one administrator runs in a large consolidated, virtualised estate (automation, one toolset)',
    'Gartner (2010): about 75 virtual servers per administrator, up to 250 in well-run estates',
    { min: 1 },
  ),
  serversPerAdminCloud: spec(
    250,
    [120, 400],
    'servers per FTE',
    'Servers one administrator runs when a provider operates the platform',
    ILL,
    { min: 1 },
  ),
  adminMinFte: spec(0.5, [0.2, 1], 'FTE', 'Least operations staff of an estate with a server room of its own', ILL),
  consolidationRatio: spec(
    0.75,
    [0.5, 0.9],
    'ratio',
    'Physical servers after consolidation and virtualisation onto a shared platform, per server before',
    ILL,
    { min: 0.01, max: 1 },
  ),
  serversPerRack: spec(20, [12, 30], 'servers per rack', 'Servers per rack in a consolidated estate', ILL, { min: 1 }),
  rackCost: spec(
    9000,
    [6000, 15000],
    'GBP per rack per year',
    'Rack space, power feed and cooling in a shared facility or colocation',
    'illustrative; a fully loaded rack in central London often costs over GBP 1,000 a month, regional sites 30-40 % ' +
      'less',
    { priceYear: 2025 },
  ),
  facilityModuleRacks: spec(20, [10, 40], 'racks', 'Racks one module of a new shared facility holds', ILL, {
    min: 1,
  }),
  facilityModuleCost: spec(
    150000,
    [80000, 300000],
    'GBP per module per year',
    'Fixed running cost of one module of a new shared facility (site, security, maintenance contracts)',
    ILL,
    { priceYear: 2025 },
  ),
  facilityFitOutPerModule: spec(
    400000,
    [200000, 900000],
    'GBP per module',
    'Capital: fitting out one module of a new shared facility (power, cooling, fire, racks)',
    ILL,
    { priceYear: 2025 },
  ),
  hostingMarginalRackCost: spec(
    5000,
    [2500, 9000],
    'GBP per rack per year',
    "A rack of partners' servers in a lead authority's existing room (its spare power and cooling)",
    ILL,
    { priceYear: 2025 },
  ),
  cloudPricePerServer: spec(
    1000,
    [600, 1800],
    'GBP per server workload per year',
    'A commercial or cloud provider per server workload (a right-sized instance, its storage, backup and monitoring)',
    'illustrative; a general-purpose 2 vCPU / 8 GB instance lists at about USD 800-1,000 a year on demand (AWS, ' +
      '2025), less with commitments',
    { priceYear: 2025 },
  ),
  hubLinkFixed: spec(6000, [3000, 10000], 'GBP per member per year', "Fixed cost of a member's link to the hub", ILL, {
    priceYear: 2025,
  }),
  hubLinkPerKm: spec(120, [60, 250], 'GBP per km per year', "Distance cost of a member's link to the hub", ILL, {
    priceYear: 2025,
  }),
  defaultLinkKm: spec(15, [5, 40], 'km', 'Distance to the hub of an authority with no location', ILL),
  migrationPerServer: spec(600, [300, 1500], 'GBP per server', 'Capital: migrating a server workload', ILL, {
    priceYear: 2025,
  }),
} as const;

/** Energy of a server estate for a year, kWh: servers × W × 8,760 h × PUE. */
export function serverEnergyKWh(servers: number, watts: number, pue: number): number {
  return (servers * watts * HOURS_PER_YEAR * pue) / 1000;
}

/** A member's link to the hub, per year: fixed + per km. */
export function hubLinkCost(km: number, a: Assumptions): number {
  return a.hubLinkFixed + a.hubLinkPerKm * km;
}

/** Server rooms run alone: rooms + hardware refresh + energy + operations staff. */
export function dataCentreAlone(servers: number, rooms: number, a: Assumptions, px: YearPrices, out: CostOut): void {
  const kWh = serverEnergyKWh(servers, a.serverWatts, a.pueAlone);
  const perAdmin = servers / a.serversPerAdminAlone;
  const fte = rooms > 0 ? Math.max(a.adminMinFte, perAdmin) : perAdmin;
  const hardware = ((servers * a.serverPrice) / a.serverLifeYears) * px.hardware;
  out.hardware = hardware;
  out.kWh = kWh;
  out.fte = fte;
  out.cost =
    rooms * a.serverRoomCost * px.other +
    hardware +
    kWh * a.electricityPrice * px.energy +
    fte * a.itStaffCost * px.staff;
  out.dual = 0;
}

// demand dimensions, relative to the service's offset
const SERVERS = 0;
const ROOMS = 1;
const LINKS = 2;

/** One consolidated estate for the coalition's servers, run the scenario's way. */
export function dataCentreShared(servers: number, rooms: number, links: number, ctx: SharedContext, out: CostOut) {
  const { a, px } = ctx;
  const physical = servers * a.consolidationRatio;
  if (ctx.delivery === 'commercial') {
    out.hardware = 0;
    out.kWh = serverEnergyKWh(physical, a.serverWatts, a.pueShared);
    out.fte = servers / a.serversPerAdminCloud;
    const running = servers * a.cloudPricePerServer * px.hardware;
    out.cost = running + out.fte * a.itStaffCost * px.staff;
    out.dual = running;
    return;
  }
  const racks = steps(physical, a.serversPerRack);
  let space: number;
  let pue: number;
  if (ctx.delivery === 'newFacility') {
    space = steps(racks, a.facilityModuleRacks) * a.facilityModuleCost + racks * a.rackCost;
    pue = a.pueShared;
  } else {
    // the lead keeps the fewest of the members' rooms that hold the estate; what does not fit is colocated
    const roomsNeeded = steps(physical, a.serversPerRoom);
    const kept = Math.min(roomsNeeded, rooms);
    const inRooms = Math.min(physical, kept * a.serversPerRoom);
    const colocated = steps(physical - inRooms, a.serversPerRack);
    space = kept * a.serverRoomCost + steps(inRooms, a.serversPerRack) * a.hostingMarginalRackCost;
    space += colocated * a.rackCost;
    pue = a.pueAlone;
  }
  const kWh = serverEnergyKWh(physical, a.serverWatts, pue);
  const fte = Math.max(a.adminMinFte, physical / a.serversPerAdminShared);
  const hardware = ((physical * a.serverPrice) / a.serverLifeYears) * px.hardware;
  out.hardware = hardware;
  out.kWh = kWh;
  out.fte = fte;
  const running = space * px.other + hardware + kWh * a.electricityPrice * px.energy + links * px.other;
  out.cost = running + fte * a.itStaffCost * px.staff;
  // during migration the new estate runs beside the old rooms; the staff move with the work
  out.dual = running;
}

export const dataCentre: ServiceDef<'dataCentre', typeof DATA_CENTRE_ASSUMPTIONS> = {
  id: 'dataCentre',
  label: 'Data centre',
  enabled: (share) => share.dataCentre,
  tiers: ['managed', 'merged'],
  scopeWeight: 0.25,
  family: 'it',
  dims: ['servers', 'serverRooms', 'hubLinkCost'],
  fteCost: 'itStaffCost',
  assumptions: DATA_CENTRE_ASSUMPTIONS,
  alone(x, a, px, out) {
    dataCentreAlone(x.servers, x.profile.serverRooms, a, px, out);
  },
  demand(x, _a, _px, _alone, d, o) {
    d[o + SERVERS] = x.servers;
    d[o + ROOMS] = x.profile.serverRooms;
    d[o + LINKS] = x.linkCost;
  },
  shared(d, o, ctx, out) {
    const links = ctx.delivery === 'commercial' ? 0 : d[o + LINKS]!;
    dataCentreShared(d[o + SERVERS]!, d[o + ROOMS]!, links, ctx, out);
  },
  oneOff(d, o, ctx: SharedContext, out: OneOffOut) {
    const { a } = ctx;
    out.capital = a.migrationPerServer * d[o + SERVERS]!;
    out.other = 0;
    if (ctx.delivery === 'newFacility') {
      const racks = steps(d[o + SERVERS]! * a.consolidationRatio, a.serversPerRack);
      out.capital += steps(racks, a.facilityModuleRacks) * a.facilityFitOutPerModule;
    }
  },
};

/** Offset of the hub-link dimension inside the data centre's block (the planner re-prices links per hub). */
export const DATA_CENTRE_LINK_DIM = LINKS;
