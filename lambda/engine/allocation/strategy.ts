/**
 * How a simulation shares out the partnership's saving and checks its stability: exactly from
 * every coalition's value up to 20 authorities, by sampling and a heuristic search above.
 */
import type { Model } from '../model';
import type { BlockingCoalition, SimulationResult } from '../result';
import type { AllocationMethod } from '../schema';
import { simpleAllocation } from './allocate';
import { savingGameTable, scenarioGame } from './coalitions';
import { searchBlockingCoalitions } from './coreSearch';
import { blockingFromTable, blockingTolerance, membersOf, shapleyFromTable } from './game';
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
  /** Cost the partnership under each delivery model too (default true; the planner and chunks skip it). */
  compareDelivery?: boolean;
}

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

/** Exact Shapley and the exhaustive core check from every coalition's value (n ≤ 20). */
export function allocateExact(
  model: Model,
  method: AllocationMethod,
  npvSaving: number,
  pvAlone: number[],
  pvUsage: number[],
): Allocated {
  const n = model.authorities.length;
  const ids = model.authorities.map((a) => a.id);
  const table = savingGameTable(model);
  const shares =
    method === 'shapley' ? shapleyFromTable(n, table) : simpleAllocation(method, { npvSaving, pvAlone, pvUsage });
  const blocking = blockingFromTable(n, table, shares);
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
    },
  };
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
  if (method === 'shapley' && model.authorities.length > MAX_SAMPLED_PLAYERS) {
    shares = simpleAllocation('proportionalAlone', { npvSaving, pvAlone, pvUsage });
    standardErrors = shares.map(() => null);
    meta = {
      method: 'proportionalAlone',
      requested: method,
      exact: true,
      standardError: null,
      note: `Shapley sampling is offered up to ${MAX_SAMPLED_PLAYERS} authorities (one sample costs two evaluations per authority); allocated in proportion to alone cost instead. Plan partnerships first (issue 7) and allocate within each.`,
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
      note: `permutation sampling with antithetic pairs: ${s.pairs} pairs${s.converged ? ', every standard error under 1 % of the largest share' : ', stopped at the evaluation budget before every standard error fell under 1 % of the largest share'}`,
    };
  } else {
    shares = simpleAllocation(method, { npvSaving, pvAlone, pvUsage });
    standardErrors = shares.map(() => null);
    meta = { method, requested: method, exact: true, standardError: null };
  }
  const search = searchBlockingCoalitions(game, shares, {
    tolerance: blockingTolerance(npvSaving, shares),
    maxEvaluations: opts.coreSearchMaxEvaluations ?? DEFAULT_CORE_SEARCH_EVALUATIONS,
    keep: MAX_BLOCKING_LISTED,
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
    },
  };
}
