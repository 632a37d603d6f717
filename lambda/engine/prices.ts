/**
 * One price base for every default, and the real price paths of cost lines over the horizon
 * (HM Treasury Green Book 2022, para 5.13: appraisal is in real terms, but costs whose prices move
 * differently from general inflation carry that relative price effect).
 *
 * Each default records the price year of its source; `uprate` converts it to the model's price
 * base with the GDP deflator, so a 2012 Socitm figure and a 2024 tariff are in the same money.
 */

/** The price base of every default and of results (2025/26 prices). */
export const PRICE_BASE_YEAR = 2025;

/**
 * How general prices (the GDP deflator) moved, to bring a sourced figure to the price base: the
 * only published factor this model holds is HM Treasury's GDP deflator rising ×1.39 from 2012-13
 * to 2024-25 prices, so it uprates at that compound rate (2.78 % a year) in every year. An
 * approximation (inflation was low in the 2010s and high in 2022-23): within a few per cent of the
 * published series over the vintages used here, far inside every default's range. Replace
 * `deflator` with the HM Treasury series (GDP deflators at market prices, financial years) to
 * remove it.
 */
export const DEFLATOR_2012_TO_2024 = 1.39;
export const GDP_DEFLATOR_GROWTH = DEFLATOR_2012_TO_2024 ** (1 / 12) - 1;
export const GDP_DEFLATOR_SOURCE =
  'HM Treasury GDP deflator: x1.39 from 2012-13 to 2024-25 prices, applied as 2.78 % a year (approximation)';

/** The deflator of a year relative to the price base (1 in PRICE_BASE_YEAR). */
export function deflator(year: number): number {
  return (1 + GDP_DEFLATOR_GROWTH) ** (year - PRICE_BASE_YEAR);
}

/** A figure in `fromYear` prices, in `toYear` prices. */
export function uprate(value: number, fromYear: number, toYear: number = PRICE_BASE_YEAR): number {
  return (value * deflator(toYear)) / deflator(fromYear);
}

/**
 * What a cost line's real price follows. `staff`: real earnings; `hardware`: servers, devices and
 * network equipment; `storage`: price per TB; `energy`: electricity; `other`: general inflation,
 * no relative price effect.
 */
export const PRICE_CATEGORIES = ['staff', 'hardware', 'storage', 'energy', 'other'] as const;
export type PriceCategory = (typeof PRICE_CATEGORIES)[number];

/** Real price index of each category in one year (1 in year 0). */
export interface YearPrices {
  staff: number;
  hardware: number;
  storage: number;
  energy: number;
  other: number;
}

/** Real growth rates per year by category (the relative price effects, `rpe*` assumptions). */
export interface RelativePriceEffects {
  readonly staff: number;
  readonly hardware: number;
  readonly storage: number;
  readonly energy: number;
}

/** Price indices for years 0 … years − 1: (1 + rate)^t for each category. */
export function priceIndices(rpe: RelativePriceEffects, years: number): YearPrices[] {
  const out: YearPrices[] = [];
  for (let t = 0; t < years; t++) {
    out.push({
      staff: (1 + rpe.staff) ** t,
      hardware: (1 + rpe.hardware) ** t,
      storage: (1 + rpe.storage) ** t,
      energy: (1 + rpe.energy) ** t,
      other: 1,
    });
  }
  return out;
}
