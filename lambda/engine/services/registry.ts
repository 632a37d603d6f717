/**
 * The services the model costs, in one list. Adding a service is a module exporting a
 * `ServiceDef` and one entry here: its demand block, its place in results, its defaults and its
 * share flag all follow from the entry. The order is the order of results and reports.
 */
import { erp, finance, hrAdmin, payroll, procurement, revenuesBenefits } from './backOffice';
import { contact } from './contact';
import { dataCentre } from './dataCentre';
import { itManagement } from './itManagement';
import { licences } from './licences';
import { network } from './network';
import { serviceDesk } from './serviceDesk';
import { specialists } from './specialists';
import { storage } from './storage';
import type { ServiceDef } from './types';

export const SERVICE_DEFS = [
  dataCentre,
  storage,
  serviceDesk,
  specialists,
  network,
  licences,
  itManagement,
  contact,
  hrAdmin,
  payroll,
  finance,
  procurement,
  revenuesBenefits,
  erp,
] as const satisfies readonly ServiceDef[];

export type Service = (typeof SERVICE_DEFS)[number]['id'];

const SCOPE_TOTAL = SERVICE_DEFS.filter((s) => s.family !== 'backOffice').reduce((s, d) => s + d.scopeWeight, 0);
if (Math.abs(SCOPE_TOTAL - 1) > 1e-9) throw new Error(`IT and contact scope weights add up to ${SCOPE_TOTAL}, not 1`);

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** Every service's defaults, keyed by assumption (the registry of assumptions spreads them in). */
export type ServiceAssumptions = UnionToIntersection<(typeof SERVICE_DEFS)[number]['assumptions']>;
export const SERVICE_ASSUMPTIONS = Object.assign({}, ...SERVICE_DEFS.map((s) => s.assumptions)) as ServiceAssumptions;
export const SERVICES: readonly Service[] = SERVICE_DEFS.map((s) => s.id as Service);
export const NS = SERVICE_DEFS.length;

/**
 * Layout of the demand vectors. A service whose demand changes over the years keeps its block in
 * the yearly vector (one per authority-year); a `staticDemand` service keeps it once per authority
 * in the static vector, followed by the partnership block. Each block is [sharers, ...its dims]:
 * `sharers` is 1 for a member that shares the service, so summed it counts the coalition's sharers.
 */
export const SERVICE_STATIC: readonly boolean[] = SERVICE_DEFS.map(
  (s) => s.staticDemand !== undefined || s.constantDemand === true,
);
/** Services costed once and carried along their price path in the saving game (the fast path). */
export const SERVICE_FAST: readonly boolean[] = SERVICE_DEFS.map((s) => s.staticDemand !== undefined);
const offsets = { yearly: 0, static: 0 };
export const SERVICE_OFFSET: readonly number[] = SERVICE_DEFS.map((s, k) => {
  const key = SERVICE_STATIC[k] ? 'static' : 'yearly';
  const o = offsets[key];
  offsets[key] += 1 + s.dims.length;
  return o;
});
/** Width of one authority-year's yearly demand vector. */
export const DEMAND_DIMS = offsets.yearly;

/** The partnership block, in the static vector: what each sharing member brings to governance and one-offs. */
export const P = {
  /** 1 for a member that shares anything. */
  Members: offsets.static,
  Staff: offsets.static + 1,
  /** Its own governance and client costs, per year. */
  GovernancePerMember: offsets.static + 2,
  /** Capital: onboarding and integration. */
  Onboarding: offsets.static + 3,
  /** Not capital: exit from legacy contracts. */
  LegacyExit: offsets.static + 4,
} as const;
/** Width of one authority's static demand vector. */
export const STATIC_DIMS = offsets.static + 5;

/** Index of a service by id (for tests, reports and the planner). */
export function serviceIndex(id: Service): number {
  const k = SERVICES.indexOf(id);
  if (k < 0) throw new Error(`unknown service ${id}`);
  return k;
}
