/**
 * IT management: the head of IT and service managers each body keeps. On a managed service a
 * member keeps a client function (a share of its management, to commission and hold the service
 * to account); members who merge their teams are led by one management, sized to them together.
 */
import type { Assumptions } from '../defaults';
import { spec } from '../spec';
import { type ServiceDef, sizeScale } from './types';

export const IT_MANAGEMENT_ASSUMPTIONS = {
  itManagementCost: spec(
    180000,
    [120000, 280000],
    'GBP per year',
    'IT management (head of IT, service and security managers) of a body at the reference size, scaled by √(staff / ' +
      '2,000)',
    'illustrative',
    { priceYear: 2025 },
  ),
  clientFunctionShare: spec(
    0.5,
    [0.3, 0.8],
    'ratio',
    'Share of its IT management a member on a managed service keeps as a client function',
    'illustrative; retained intelligent-client functions of outsourced IT are commonly a third to a half of the ' +
      'management',
    { max: 1 },
  ),
} as const;

/** The management a body of this size runs, if its kind runs any. */
export function managementCost(scale: number, runsIt: boolean, a: Assumptions): number {
  return runsIt ? a.itManagementCost * scale : 0;
}

const KEPT = 0;
const OPERATED_STAFF = 1;
const MERGED = 2;
const MERGED_STAFF = 3;

/**
 * Shared: each managed member keeps κ of its management as a client function; the shared
 * operation is run by the operational part (1 − κ) of one management sized to everyone it
 * serves; merged members also share one strategic part (κ), sized to them together.
 */
export const itManagement: ServiceDef<'itManagement', typeof IT_MANAGEMENT_ASSUMPTIONS> = {
  id: 'itManagement',
  label: 'IT management',
  // a body hands its IT operations over when it shares its estate and its desk; a network or
  // licences alone leave its management as it is
  enabled: (s) => s.dataCentre && s.serviceDesk,
  tiers: ['managed', 'merged'],
  scopeWeight: 0,
  family: 'it',
  staticDemand: 'staff',
  dims: ['keptClientFunction', 'operatedStaff', 'mergedMembers', 'mergedStaff'],
  fteCost: 'itStaffCost',
  assumptions: IT_MANAGEMENT_ASSUMPTIONS,
  alone(x, a, px, out) {
    out.cost = managementCost(x.profile.fixedCostScale, x.profile.itManagement, a) * px.staff;
    out.fte = out.cost / (a.itStaffCost * px.staff);
    out.hardware = 0;
    out.kWh = 0;
    out.dual = 0;
  },
  demand(x, a, px, alone, d, o) {
    if (alone.cost <= 0) return;
    d[o + OPERATED_STAFF] = x.staff;
    if (x.membership === 'merged') {
      d[o + MERGED] = 1;
      d[o + MERGED_STAFF] = x.staff;
    } else d[o + KEPT] = (alone.cost / px.staff) * a.clientFunctionShare;
  },
  shared(d, o, ctx, out) {
    const { a, px } = ctx;
    const k = a.clientFunctionShare;
    const operated = d[o + OPERATED_STAFF]!;
    let cost = d[o + KEPT]! * px.staff;
    if (operated > 0) cost += (1 - k) * a.itManagementCost * sizeScale(operated, a.fixedCostReferenceStaff) * px.staff;
    if (d[o + MERGED]! > 0)
      cost += k * a.itManagementCost * sizeScale(d[o + MERGED_STAFF]!, a.fixedCostReferenceStaff) * px.staff;
    out.cost = cost;
    out.fte = cost / (a.itStaffCost * px.staff);
    out.hardware = 0;
    out.kWh = 0;
    out.dual = 0;
  },
};
