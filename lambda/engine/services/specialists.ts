/**
 * Specialists (security, network, database, cloud, data): each role's demand rounded up to whole
 * hires, alone per authority and shared on the sum, with a demand below a threshold bought in by
 * the day. Indivisibility is the saving: five bodies needing 0.3 of a security engineer hire 2.
 */
import type { Assumptions } from '../defaults';
import { type Profile, SPECIALIST_ROLES } from '../kinds';
import { fixed, spec } from '../spec';
import type { ServiceDef } from './types';

const ILL = 'illustrative';

export const SPECIALIST_ASSUMPTIONS = {
  specialistCost: spec(
    75000,
    [62000, 95000],
    'GBP per FTE per year',
    'Loaded cost of a specialist (security, network, database, cloud, data)',
    'illustrative; public-sector specialist salaries GBP 50-70k plus about 30 % on-costs',
    { priceYear: 2025 },
  ),
  specialistBuyInBelowFte: spec(0.4, [0.2, 0.6], 'FTE', 'A role demanded below this is bought by the day', ILL, {
    max: 1,
  }),
  specialistDayRate: spec(
    750,
    [550, 1100],
    'GBP per day',
    'Day rate of a contracted specialist',
    'illustrative; UK public-sector framework day rates for senior technical roles of about GBP 500-1,000',
    { priceYear: 2025 },
  ),
  specialistDaysPerFte: fixed(220, 'days per FTE', 'Working days in one FTE-year', 'standard UK working year', {
    min: 1,
    max: 366,
  }),
} as const;

/** Whole hires for a fractional demand (tolerant of floating-point noise: 2.0000000001 is 2). */
export function wholeHires(fte: number): number {
  return fte <= 1e-9 ? 0 : Math.ceil(fte - 1e-9);
}

/** Cost of the demand by role: whole hires, or days bought for roles below the threshold. */
export function specialistsCost(
  demand: ArrayLike<number>,
  offset: number,
  a: Assumptions,
  staffPrice: number,
): { cost: number; fte: number } {
  let fte = 0;
  let buyIn = 0;
  for (let r = 0; r < SPECIALIST_ROLES.length; r++) {
    const x = demand[offset + r]!;
    if (x < a.specialistBuyInBelowFte) buyIn += x * a.specialistDaysPerFte * a.specialistDayRate;
    else fte += wholeHires(x);
  }
  return { cost: (fte * a.specialistCost + buyIn) * staffPrice, fte };
}

/** A body's specialist FTE in role order, written into a scratch array (no array per call). */
const ROLE_FTE = new Float64Array(SPECIALIST_ROLES.length);
function byRole(fte: Profile['specialists']): Float64Array {
  for (let r = 0; r < SPECIALIST_ROLES.length; r++) ROLE_FTE[r] = fte[SPECIALIST_ROLES[r]!];
  return ROLE_FTE;
}

export const specialists: ServiceDef<'specialists', typeof SPECIALIST_ASSUMPTIONS> = {
  id: 'specialists',
  label: 'Specialists',
  enabled: (share) => share.specialists,
  tiers: ['managed', 'merged'],
  scopeWeight: 0.05,
  family: 'it',
  staticDemand: 'staff',
  dims: SPECIALIST_ROLES.map((r) => `${r}Fte`),
  fteCost: 'specialistCost',
  assumptions: SPECIALIST_ASSUMPTIONS,
  alone(x, a, px, out) {
    const s = specialistsCost(byRole(x.profile.specialists), 0, a, px.staff);
    out.cost = s.cost;
    out.fte = s.fte;
    out.hardware = 0;
    out.kWh = 0;
    out.dual = 0;
  },
  demand(x, _a, _px, _alone, d, o) {
    for (let r = 0; r < SPECIALIST_ROLES.length; r++) d[o + r] = x.profile.specialists[SPECIALIST_ROLES[r]!];
  },
  shared(d, o, ctx, out) {
    const s = specialistsCost(d, o, ctx.a, ctx.px.staff);
    out.cost = s.cost;
    out.fte = s.fte;
    out.hardware = 0;
    out.kWh = 0;
    out.dual = 0;
  },
};
