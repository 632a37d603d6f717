import type { Assumptions } from '../defaults';

export interface DataCentreCost {
  readonly cost: number;
  readonly kWh: number;
  /** Operations staff, FTE. */
  readonly fte: number;
}

const HOURS_PER_YEAR = 8760;

/** Energy of a server estate for a year, kWh: servers × W × 8,760 h × PUE. */
export function serverEnergyKWh(servers: number, watts: number, pue: number): number {
  return (servers * watts * HOURS_PER_YEAR * pue) / 1000;
}

/** Server rooms run alone: facility per room + hardware + energy at PUE_alone + operations staff. */
export function dataCentreAlone(servers: number, rooms: number, a: Assumptions): DataCentreCost {
  const kWh = serverEnergyKWh(servers, a.serverWatts, a.pueAlone);
  const fte = servers > 0 ? Math.max(a.adminMinFte, servers / a.serversPerAdminAlone) : 0;
  const cost =
    rooms * a.serverRoomCost +
    (servers * a.serverPrice) / a.serverLifeYears +
    kWh * a.electricityPrice +
    fte * a.itStaffCost;
  return { cost, kWh, fte };
}

/**
 * One consolidated facility: fixed cost + racks, consolidation on the servers, PUE_shared,
 * the staff ratio of a large site, and each member's distance-costed link to the hub.
 */
export function dataCentreShared(servers: number, linkCost: number, a: Assumptions): DataCentreCost {
  const physical = servers * a.consolidationRatio;
  const racks = Math.ceil(physical / a.serversPerRack - 1e-9);
  const kWh = serverEnergyKWh(physical, a.serverWatts, a.pueShared);
  const fte = Math.max(a.adminMinFte, physical / a.serversPerAdminShared);
  const cost =
    a.dcSharedFixed +
    racks * a.rackCost +
    (physical * a.serverPrice) / a.serverLifeYears +
    kWh * a.electricityPrice +
    fte * a.itStaffCost +
    linkCost;
  return { cost, kWh, fte };
}

/** A member's link to the hub, per year: fixed + per km. */
export function hubLinkCost(km: number, a: Assumptions): number {
  return a.hubLinkFixed + a.hubLinkPerKm * km;
}
