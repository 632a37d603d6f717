/**
 * How a default is written down: a central value, a low-high range, a unit, a source and (for
 * money) the price year of that source. Money is uprated to the model's price base here, once,
 * so every module reads figures in the same money. A range is what Monte Carlo draws from (PERT
 * with the central value as mode) unless the scenario pins the assumption.
 */
import { PRICE_BASE_YEAR, uprate } from './prices';

export interface AssumptionSpec {
  /** Central value; money in the price base (PRICE_BASE_YEAR prices, GBP). */
  readonly value: number;
  /** Plausible range (the 5th and 95th percentile of judgement), in the same units as value. */
  readonly low: number;
  readonly high: number;
  readonly unit: string;
  readonly description: string;
  readonly source: string;
  /** Money only: the price year of the source figure, and the figure as published. */
  readonly priceYear?: number;
  readonly sourceValue?: number;
  /** True when there is no strong public source: a placeholder to replace with local figures. */
  readonly illustrative: boolean;
  /** Inclusive bounds a scenario's value (or every distribution parameter) must respect. */
  readonly min: number;
  readonly max?: number;
  /** True when the value is money in the scenario's currency (defaults are GBP). */
  readonly money?: boolean;
}

export const ILLUSTRATIVE = 'illustrative placeholder; replace with local figures';

export interface SpecOptions {
  readonly min?: number;
  readonly max?: number;
  /** Money at this price year: central, low and high are uprated to the price base. */
  readonly priceYear?: number;
  readonly illustrative?: boolean;
}

/**
 * A default: `central` with range [low, high]. Money (`priceYear` given) is uprated from that
 * year's prices with the GDP deflator; everything else is taken as written.
 */
export function spec(
  central: number,
  range: readonly [number, number],
  unit: string,
  description: string,
  source: string,
  opts: SpecOptions = {},
): AssumptionSpec {
  const [low, high] = range;
  if (!(low <= central && central <= high)) throw new Error(`default ${description}: ${low} ≤ ${central} ≤ ${high}`);
  const money = opts.priceYear !== undefined;
  const up = (x: number) => (money ? round(uprate(x, opts.priceYear!, PRICE_BASE_YEAR)) : x);
  return {
    value: up(central),
    low: up(low),
    high: up(high),
    unit,
    description,
    source,
    ...(money ? { priceYear: opts.priceYear!, sourceValue: central, money: true } : {}),
    illustrative: opts.illustrative ?? source.startsWith('illustrative'),
    min: opts.min ?? 0,
    ...(opts.max !== undefined ? { max: opts.max } : {}),
  };
}

/** Four significant figures: an uprated default should not pretend to pence it never had. */
function round(x: number): number {
  return Number(x.toPrecision(4));
}

/** A default with no uncertainty worth drawing (a definition or a convention). */
export function fixed(value: number, unit: string, description: string, source: string, opts: SpecOptions = {}) {
  return spec(value, [value, value], unit, description, source, opts);
}
