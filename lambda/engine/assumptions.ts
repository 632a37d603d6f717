import {
  ASSUMPTIONS,
  ASSUMPTION_KEYS,
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
  /** The assumptions given as distributions, by key. */
  readonly uncertain: ReadonlyMap<AssumptionKey, Distribution>;
  /** Keys the scenario set explicitly. */
  readonly overridden: readonly AssumptionKey[];
}

export function resolveAssumptions(input: AssumptionsInput | undefined): ResolvedAssumptions {
  const central = defaultAssumptions() as Record<AssumptionKey, number>;
  const uncertain = new Map<AssumptionKey, Distribution>();
  const overridden: AssumptionKey[] = [];
  for (const key of ASSUMPTION_KEYS) {
    const u = lookup(input, key);
    if (u === undefined) continue;
    overridden.push(key);
    central[key] = centralValue(u);
    if (typeof u !== 'number') uncertain.set(key, u);
  }
  return { central: fastObject(central), uncertain, overridden };
}

/** Money assumptions left at their GBP default in a scenario priced in another currency. */
export function gbpDefaultsUsed(currency: string, overridden: readonly AssumptionKey[]): AssumptionKey[] {
  if (currency === 'GBP') return [];
  const set = new Set(overridden);
  return ASSUMPTION_KEYS.filter((k) => (ASSUMPTIONS[k] as { money?: boolean }).money && !set.has(k));
}
