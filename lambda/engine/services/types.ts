/**
 * What a service is to the model: its demand dimensions, its cost run alone by one authority,
 * its cost run shared by a partnership from the members' summed demands, and its one-off lines.
 * Each service is one module exporting a `ServiceDef`; `registry.ts` lists them. The saving
 * game calls `shared` millions of times: implementations write into the `CostOut` they are
 * given and allocate nothing.
 */
import type { Assumptions } from '../defaults';
import { perObject } from '../memo';
import type { Profile } from '../kinds';
import type { PriceCategory, YearPrices } from '../prices';
import type { AssumptionSpec } from '../spec';

/** How deeply a member joins: buying together only, a managed service, or one merged team. */
export const MEMBERSHIP_TIERS = ['procurement', 'managed', 'merged'] as const;
export type Membership = (typeof MEMBERSHIP_TIERS)[number];

/** How the partnership runs what it shares (docs/model.md, how partnerships share). */
export const DELIVERY_MODELS = ['leadHost', 'newFacility', 'commercial'] as const;
export type DeliveryModel = (typeof DELIVERY_MODELS)[number];

/** The scenario's `share` flags: which services a partnership shares. */
export const SHARED_SERVICES = [
  'dataCentre',
  'storage',
  'serviceDesk',
  'specialists',
  'network',
  'contactCentre',
  'licences',
  'hrAdmin',
  'payroll',
  'finance',
  'procurement',
  'revenuesBenefits',
] as const;
/** Back-office services: shared only when a scenario says so (IT and contact default to shared). */
export const BACK_OFFICE_SERVICES = ['hrAdmin', 'payroll', 'finance', 'procurement', 'revenuesBenefits'] as const;
export type SharedService = (typeof SHARED_SERVICES)[number];
export type ShareFlags = Readonly<Record<SharedService, boolean>>;

/** One authority in one year, its demand grown and its policies applied. */
export interface AuthorityYear {
  readonly staff: number;
  readonly profile: Profile;
  readonly membership: Membership;
  readonly t: number;
  readonly servers: number;
  readonly storageTb: number;
  readonly ticketsPerYear: number;
  readonly calls: number;
  /** Face-to-face, email, letter and web contacts costed per contact (policy applied). */
  readonly perContactCost: number;
  readonly webContacts: number;
  readonly allContacts: number;
  /** Yearly cost of this authority's link to the partnership hub. */
  readonly linkCost: number;
}

/** A cost written by a service; every field is overwritten on each call. */
export interface CostOut {
  cost: number;
  /** The part of `cost` that is equipment bought and refreshed (sunk until it is due for replacement). */
  hardware: number;
  /** Staff of the service, FTE (what a partnership may release). */
  fte: number;
  /** Electricity, kWh (carbon). */
  kWh: number;
  /** Shared only: the part of the running cost that runs alongside the old services during migration. */
  dual: number;
}

export function costOut(): CostOut {
  return { cost: 0, hardware: 0, fte: 0, kWh: 0, dual: 0 };
}

/** One-off costs of setting a shared service up, before optimism bias. */
export interface OneOffOut {
  /** Capital: equipment, fit-out, build, migration (the Green Book capital uplift applies). */
  capital: number;
  /** Other one-off costs (not capital): contract exits and the like. */
  other: number;
}

export interface SharedContext {
  readonly a: Assumptions;
  readonly px: YearPrices;
  readonly delivery: DeliveryModel;
  /** Members sharing this service in the coalition. */
  readonly sharers: number;
  /** Years since the shared services went live at the end of this year (negative before): for levers that ramp. */
  readonly sinceLive: number;
}

export interface ServiceDef<
  Id extends string = string,
  A extends Readonly<Record<string, AssumptionSpec>> = Readonly<Record<string, AssumptionSpec>>,
> {
  /** The key of the service in results (`years[].alone.<id>`). */
  readonly id: Id;
  readonly label: string;
  /** Whether a scenario shares this service at all. */
  enabled(share: ShareFlags): boolean;
  /** Membership tiers whose members share it. */
  readonly tiers: readonly Membership[];
  /** Names of the demand dimensions the service sums over members (for documentation and tests). */
  readonly dims: readonly string[];
  /**
   * This service's weight in what a managed or merged member pays to take part (onboarding,
   * legacy exit, its own governance): a member sharing every IT and contact service pays the full
   * per-user rates, one sharing only the network a tenth of them. The IT and contact services'
   * weights add up to 1; back-office services add their own on top.
   */
  readonly scopeWeight: number;
  /** Which family the service belongs to (docs, presets and the scope-weight check). */
  readonly family: 'it' | 'contact' | 'backOffice';
  /** Assumption key of the loaded cost of one FTE of this service's staff (redundancy), if it has staff. */
  readonly fteCost?: string;
  /**
   * Set when the service's demand does not change over the years and every cost it writes
   * follows this one price category: its sums are kept once, not per year, and the saving game
   * costs it once and scales by the price path (the fast path; tests hold it to the yearly one).
   * `demand` and `shared` then see year 0 only.
   */
  readonly staticDemand?: PriceCategory;
  /**
   * Set when the service's demand does not change over the years but its shared cost still does
   * (a migration that ramps after go-live): its sums are kept once, and it is costed every year.
   */
  readonly constantDemand?: boolean;
  /** Its defaults: merged into the registry of assumptions (`GET /v1/presets`). */
  readonly assumptions: A;
  /** Cost of running the service alone for one authority-year. */
  alone(x: AuthorityYear, a: Assumptions, px: YearPrices, out: CostOut): void;
  /** What a sharing member adds to the coalition's sums, at d[o … o + dims.length). */
  demand(x: AuthorityYear, a: Assumptions, px: YearPrices, alone: CostOut, d: Float64Array, o: number): void;
  /** Cost of running the service shared, from the coalition's sums at d[o …]. */
  shared(d: Float64Array, o: number, ctx: SharedContext, out: CostOut): void;
  /** One-off set-up costs from the year-0 sums (optional). */
  oneOff?(d: Float64Array, o: number, ctx: SharedContext, out: OneOffOut): void;
}

/** Staffing-level capacity steps: ceil without float noise (2.0000000001 steps is 2). */
export function steps(quantity: number, perStep: number): number {
  return quantity <= 1e-9 ? 0 : Math.ceil(quantity / perStep - 1e-9);
}

/**
 * What a service derives from an assumptions object once (its staffing tables, constant
 * sub-expressions), kept as long as the object is: the saving game costs a service millions of
 * times with one `a`, and a Monte Carlo draw brings a new one. Assumptions objects are never
 * changed in place (their type is readonly), so the object's identity is the key.
 */
export function perAssumptions<T>(derive: (a: Assumptions) => T): (a: Assumptions) => T {
  return perObject(derive);
}

/** A saturating volume discount: maxDiscount × q / (q + half). */
export function volumeDiscount(quantity: number, maxDiscount: number, half: number): number {
  return quantity > 0 ? (maxDiscount * quantity) / (quantity + half) : 0;
}

/** Fixed costs of running something alone scale with size: √(staff / reference), within bounds. */
export function sizeScale(staff: number, referenceStaff: number): number {
  return Math.min(4, Math.max(0.02, Math.sqrt(staff / referenceStaff)));
}
