/**
 * How a simulation shares out the partnership's saving and checks its stability: exactly from
 * every coalition's value up to 20 authorities, by sampling and a heuristic search above.
 */
import type { Model } from '../model';
import type { BlockingCoalition, SimulationResult } from '../result';
import type { AllocationMethod } from '../schema';
import { type SimpleMethod, simpleAllocation } from './allocate';
import { lpSolverLoaded } from './solver';
import { savingGameTable, scenarioGame } from './coalitions';
import { marginalContributions, marginalFromTable, separableCostsShares, tariffShares } from './costRules';
import { searchBlockingCoalitions } from './coreSearch';
import { blockingFromTable, blockingTolerance, MAX_EXACT_PLAYERS, membersOf, shapleyFromTable } from './game';
import { type LeastCoreDetail, leastCoreFromTable, nucleolusFromTable } from './nucleolus';
import { sampledShapley } from './sampling';

export const MAX_BLOCKING_LISTED = 10;
export const DEFAULT_SHAPLEY_EVALUATIONS = 400_000;
export const MAX_SAMPLED_PLAYERS = 2000;
export const DEFAULT_CORE_SEARCH_EVALUATIONS = 50_000;

export interface SimulateOptions {
  allocation?: AllocationMethod;
  scenarioVersion?: number | null;
  /** Seed of the Shapley sampling (default: the scenario's uncertainty.seed). */
  seed?: number;
  shapleyMaxEvaluations?: number;
  shapleyTargetRelativeSe?: number;
  coreSearchMaxEvaluations?: number;
  /** Compute the tornado (default true); a Monte Carlo chunk only needs the allocation. */
  sensitivity?: boolean;
  /**
   * When the split is not in the core (exact, up to 20 authorities), also find the least-core
   * split nearest it (default true; needs `loadLpSolver()`).
   */
  coreAllocation?: boolean;
  /** Cost the partnership under each delivery model too (default true; the planner and chunks skip it). */
  compareDelivery?: boolean;
  /**
   * Largest partnership allocated and checked from every coalition's value (default and at most
   * 20); above, the rules for large partnerships. The planner lowers it: it checks dozens of
   * partnerships, and 2^20 coalitions take seconds each.
   */
  exactUpTo?: number;
}

const SIMPLE = new Set<AllocationMethod>(['proportionalAlone', 'proportionalUsage', 'equal']);

export interface Allocated {
  shares: number[];
  standardErrors: (number | null)[];
  meta: SimulationResult['allocation'];
  stability: SimulationResult['stability'];
}

function blockingResult(
  ids: readonly string[],
  shares: readonly number[],
  members: number[],
  saving: number,
  shortfall: number,
): BlockingCoalition {
  return {
    members: members.map((i) => ids[i]!),
    saving,
    allocated: members.reduce((s, i) => s + shares[i]!, 0),
    shortfall,
  };
}

/** Every method's shares from a table of every coalition's value (n ≤ 20). */
function sharesFromTable(
  method: AllocationMethod,
  n: number,
  table: Float64Array,
  npvSaving: number,
  pvAlone: number[],
  pvUsage: number[],
): { shares: number[]; leastCore?: LeastCoreDetail; margin?: number } {
  if (SIMPLE.has(method)) return { shares: simpleAllocation(method as SimpleMethod, { npvSaving, pvAlone, pvUsage }) };
  if (method === 'shapley') return { shares: shapleyFromTable(n, table) };
  if (method === 'nucleolus') {
    const nu = nucleolusFromTable(n, table);
    return { shares: nu.allocation, ...(nu.levels.length > 0 ? { margin: nu.levels[0]! } : {}) };
  }
  if (method === 'leastCore') {
    const lc = leastCoreFromTable(n, table);
    return { shares: lc.allocation, leastCore: lc, margin: lc.margin };
  }
  const { grand, marginal } = marginalFromTable(n, table);
  return {
    shares: method === 'tariff' ? tariffShares(grand, marginal, pvUsage) : separableCostsShares(grand, marginal),
  };
}

function coreSummary(margin: number, npvSaving: number): NonNullable<SimulationResult['stability']['core']> {
  const empty = margin < -blockingTolerance(npvSaving, []);
  return { empty, margin, deficit: Math.max(0, -margin) };
}

/** Exact allocation and the exhaustive core check from every coalition's value (n ≤ 20). */
export function allocateExact(
  model: Model,
  method: AllocationMethod,
  npvSaving: number,
  pvAlone: number[],
  pvUsage: number[],
  opts: SimulateOptions = {},
): Allocated {
  const n = model.authorities.length;
  const ids = model.authorities.map((a) => a.id);
  const table = savingGameTable(model);
  const found = sharesFromTable(method, n, table, npvSaving, pvAlone, pvUsage);
  const shares = found.shares;
  const blocking = blockingFromTable(n, table, shares);
  let core = found.margin !== undefined ? coreSummary(found.margin, npvSaving) : null;
  let coreAllocation: SimulationResult['stability']['coreAllocation'] = null;
  // asked for explicitly, a missing solver is an error; by default (a library caller that never
  // loaded HiGHS) the result simply carries no core allocation
  const wanted = opts.coreAllocation ?? (lpSolverLoaded() ? true : 'unavailable');
  if (blocking.length > 0 && n >= 2 && wanted === true) {
    const lc = leastCoreFromTable(n, table, shares);
    core = coreSummary(lc.margin, npvSaving);
    coreAllocation = {
      method: 'leastCore',
      inCore: !core.empty,
      deficit: core.deficit,
      authorities: ids.map((id, i) => ({
        id,
        saving: lc.allocation[i]!,
        change: lc.allocation[i]! - shares[i]!,
      })),
    };
  }
  return {
    shares,
    standardErrors: shares.map(() => null),
    meta: { method, requested: method, exact: true, standardError: null },
    stability: {
      checked: 'exhaustive',
      inCore: blocking.length === 0,
      blockingCount: blocking.length,
      coalitionsChecked: (1 << n) - 1,
      blockingCoalitions: blocking
        .slice(0, MAX_BLOCKING_LISTED)
        .map((b) => blockingResult(ids, shares, membersOf(b.mask, n), table[b.mask]!, b.excess)),
      core,
      coreAllocation,
    },
  };
}

/** Groups a large partnership's board would test: every kind, and every region, on its own. */
function structuredGroups(model: Model): number[][] {
  const byKey = new Map<string, number[]>();
  model.scenario.authorities.forEach((a, i) => {
    for (const key of [`kind:${a.kind}`, a.region ? `region:${a.region}` : '']) {
      if (!key) continue;
      // pushed, not copied: a copy per member made 25,000 bodies quadratic (most of a national simulate)
      const group = byKey.get(key);
      if (group) group.push(i);
      else byKey.set(key, [i]);
    }
  });
  const n = model.authorities.length;
  return [...byKey.values()].filter((g) => g.length >= 2 && g.length < n);
}

/** Above 20 authorities: sampled Shapley with standard errors, and a heuristic search for blocking coalitions. */
export function allocateSampled(
  model: Model,
  method: AllocationMethod,
  npvSaving: number,
  pvAlone: number[],
  pvUsage: number[],
  opts: SimulateOptions,
): Allocated {
  const ids = model.authorities.map((a) => a.id);
  const game = scenarioGame(model);
  let shares: number[];
  let standardErrors: (number | null)[];
  let meta: SimulationResult['allocation'];
  if (method === 'nucleolus' || method === 'leastCore' || method === 'separableCosts' || method === 'tariff') {
    const { grand, marginal } = marginalContributions(game);
    const used = method === 'tariff' ? 'tariff' : 'separableCosts';
    shares = used === 'tariff' ? tariffShares(grand, marginal, pvUsage) : separableCostsShares(grand, marginal);
    standardErrors = shares.map(() => null);
    meta = {
      method: used,
      requested: method,
      exact: true,
      standardError: null,
      ...(used !== method
        ? {
            note: [
              `the ${method} is computed exactly up to ${MAX_EXACT_PLAYERS} authorities; shared by separable costs`,
              "and remaining benefits instead (each member's marginal contribution, scaled to the total)",
            ].join(' '),
          }
        : {}),
    };
  } else if (method === 'shapley' && model.authorities.length > MAX_SAMPLED_PLAYERS) {
    shares = simpleAllocation('proportionalAlone', { npvSaving, pvAlone, pvUsage });
    standardErrors = shares.map(() => null);
    meta = {
      method: 'proportionalAlone',
      requested: method,
      exact: true,
      standardError: null,
      note: [
        `Shapley sampling is offered up to ${MAX_SAMPLED_PLAYERS} authorities (one sample costs two evaluations`,
        'per authority); allocated in proportion to alone cost instead. Plan partnerships first (issue 7)',
        'and allocate within each.',
      ].join(' '),
    };
  } else if (method === 'shapley') {
    const s = sampledShapley(game, {
      seed: opts.seed ?? model.scenario.uncertainty.seed,
      maxEvaluations: opts.shapleyMaxEvaluations ?? DEFAULT_SHAPLEY_EVALUATIONS,
      targetRelativeSe: opts.shapleyTargetRelativeSe ?? 0.01,
    });
    shares = s.values;
    standardErrors = s.standardErrors;
    meta = {
      method,
      requested: method,
      exact: false,
      standardError: Math.max(...s.standardErrors),
      samples: { permutationPairs: s.pairs, evaluations: s.evaluations, converged: s.converged },
      note: `permutation sampling with antithetic pairs: ${s.pairs} pairs${
        s.converged
          ? ', every standard error under 1 % of the largest share'
          : ', stopped at the evaluation budget before every standard error fell under 1 % of the largest share'
      }`,
    };
  } else {
    shares = simpleAllocation(method as SimpleMethod, { npvSaving, pvAlone, pvUsage });
    standardErrors = shares.map(() => null);
    meta = { method, requested: method, exact: true, standardError: null };
  }
  const search = searchBlockingCoalitions(game, shares, {
    tolerance: blockingTolerance(npvSaving, shares),
    maxEvaluations: opts.coreSearchMaxEvaluations ?? DEFAULT_CORE_SEARCH_EVALUATIONS,
    keep: MAX_BLOCKING_LISTED,
    groups: structuredGroups(model),
  });
  return {
    shares,
    standardErrors,
    meta,
    stability: {
      checked: 'heuristic',
      inCore: search.blocking.length > 0 ? false : null,
      blockingCount: search.blocking.length,
      coalitionsChecked: search.evaluations,
      blockingCoalitions: search.blocking.map((b) => blockingResult(ids, shares, b.members, b.value, b.excess)),
      core: null,
      coreAllocation: null,
    },
  };
}
