/**
 * A scenario's assumptions resolved against the registry: central values with defaults filled
 * in, and the uncertain ones with their distributions. With Monte Carlo on (iterations > 0) every
 * assumption the scenario does not pin draws from its default range (PERT with the central value
 * as mode) unless `uncertainty.defaultRanges` is false; a plain number in the scenario pins it.
 */
import {
  ASSUMPTION_KEYS,
  ASSUMPTIONS,
  type AssumptionKey,
  type Assumptions,
  defaultAssumptions,
  fastObject,
} from './defaults';
import type { AssumptionsInput, Distribution, Uncertain } from './schema';

/** The central value of an uncertain assumption: mode of triangular and PERT, mean of the others. */
export function centralValue(u: Uncertain): number {
  if (typeof u === 'number') return u;
  switch (u.dist) {
    case 'triangular':
    case 'pert':
      return u.mode;
    case 'uniform':
      return (u.min + u.max) / 2;
    case 'normal':
    case 'lognormal':
      return u.mean;
  }
}

function lookup(input: AssumptionsInput | undefined, key: AssumptionKey): Uncertain | undefined {
  if (!input) return undefined;
  const [group, leaf] = key.split('.') as [string, string | undefined];
  const node = (input as Record<string, unknown>)[group];
  if (leaf === undefined) return node as Uncertain | undefined;
  return node && typeof node === 'object' ? (node as Record<string, Uncertain | undefined>)[leaf] : undefined;
}

export interface ResolvedAssumptions {
  /** Central values, defaults filled in. */
  readonly central: Assumptions;
  /** The assumptions drawn in Monte Carlo, by key, with their distributions. */
  readonly uncertain: ReadonlyMap<AssumptionKey, Distribution>;
  /** Keys the scenario set explicitly. */
  readonly overridden: readonly AssumptionKey[];
  /** Keys drawn from their default range (not set by the scenario). */
  readonly fromDefaultRange: ReadonlySet<AssumptionKey>;
}

/** The default range of an assumption as a distribution, or undefined when it has none. */
export function defaultDistribution(key: AssumptionKey): Distribution | undefined {
  const s = ASSUMPTIONS[key];
  if (!(s.low < s.high)) return undefined;
  return { dist: 'pert', min: s.low, mode: s.value, max: s.high };
}

export interface UncertaintyOptions {
  readonly iterations: number;
  readonly defaultRanges?: boolean;
}

export function resolveAssumptions(
  input: AssumptionsInput | undefined,
  uncertainty?: UncertaintyOptions,
): ResolvedAssumptions {
  const central = defaultAssumptions() as Record<AssumptionKey, number>;
  const uncertain = new Map<AssumptionKey, Distribution>();
  const overridden: AssumptionKey[] = [];
  const fromDefaultRange = new Set<AssumptionKey>();
  const ranges = (uncertainty?.iterations ?? 0) > 0 && uncertainty?.defaultRanges !== false;
  for (const key of ASSUMPTION_KEYS) {
    const u = lookup(input, key);
    if (u === undefined) {
      const d = ranges ? defaultDistribution(key) : undefined;
      if (d) {
        uncertain.set(key, d);
        fromDefaultRange.add(key);
      }
      continue;
    }
    overridden.push(key);
    central[key] = centralValue(u);
    if (typeof u !== 'number') uncertain.set(key, u);
  }
  return { central: fastObject(central), uncertain, overridden, fromDefaultRange };
}

/** Money assumptions left at their GBP default in a scenario priced in another currency. */
export function gbpDefaultsUsed(currency: string, overridden: readonly AssumptionKey[]): AssumptionKey[] {
  if (currency === 'GBP') return [];
  const set = new Set(overridden);
  return ASSUMPTION_KEYS.filter((k) => (ASSUMPTIONS[k] as { money?: boolean }).money && !set.has(k));
}
