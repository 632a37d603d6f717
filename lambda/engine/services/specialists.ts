import type { Assumptions } from '../defaults';

/** Whole hires for a fractional demand (tolerant of floating-point noise: 2.0000000001 is 2). */
export function wholeHires(fte: number): number {
  return fte <= 1e-9 ? 0 : Math.ceil(fte - 1e-9);
}

/**
 * Specialists: each role's FTE demand rounded up to whole hires (alone per authority, shared
 * on the sum). A demand below `specialistBuyInBelowFte` is bought in by the day instead: a
 * school needing 0.006 of a database administrator does not hire one.
 */
export function specialistsCost(demandByRole: readonly number[], a: Assumptions): { cost: number; fte: number } {
  let fte = 0;
  let buyIn = 0;
  for (const d of demandByRole) {
    if (d < a.specialistBuyInBelowFte) buyIn += d * a.specialistDaysPerFte * a.specialistDayRate;
    else fte += wholeHires(d);
  }
  return { cost: fte * a.specialistCost + buyIn, fte };
}
