import { type DiscountBand, GREEN_BOOK_SCHEDULE } from './defaults';

/** Normalise a scenario's schedule: a flat rate, bands, or the Green Book default. */
export function discountBands(schedule: number | readonly DiscountBand[] | undefined): readonly DiscountBand[] {
  if (schedule === undefined) return GREEN_BOOK_SCHEDULE;
  if (typeof schedule === 'number') return [{ fromYear: 0, rate: schedule }];
  return schedule;
}

/** Rate that discounts year t back to year t-1: the band containing t. */
function rateFor(bands: readonly DiscountBand[], t: number): number {
  let rate = bands[0]?.rate ?? 0;
  for (const b of bands) if (b.fromYear <= t) rate = b.rate;
  return rate;
}

/** Green Book discount factors: DF0 = 1, DFt = DF(t-1) / (1 + r_t), each band compounding on the last. */
export function discountFactors(years: number, schedule?: number | readonly DiscountBand[]): number[] {
  const bands = discountBands(schedule);
  const out = new Array<number>(years);
  let df = 1;
  for (let t = 0; t < years; t++) {
    if (t > 0) df /= 1 + rateFor(bands, t);
    out[t] = df;
  }
  return out;
}
