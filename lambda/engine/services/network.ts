import type { Assumptions } from '../defaults';

/** Alone: sites × circuit price + the authority's own core (firewalls, breakout, monitoring), scaled by size. */
export function networkAlone(sites: number, fixedCostScale: number, a: Assumptions): number {
  return sites * a.circuitPriceAlone + a.networkCoreCost * fixedCostScale;
}

/** Shared (a public sector network): sites × aggregated price + one PSN core + per-member interconnect. */
export function networkShared(sites: number, members: number, a: Assumptions): number {
  return sites * a.circuitPriceShared + a.psnCoreCost + members * a.psnInterconnectCost;
}
