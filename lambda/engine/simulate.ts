/**
 * One deterministic simulation of a scenario: the three worlds, the appraisal, the
 * allocation of the saving and whether the partnership is stable. Pure: no clock, no I/O.
 */
import { appraise, Summary } from './appraisal';
import { gbpDefaultsUsed } from './assumptions';
import { OPTIMISM_BIAS_SOURCE } from './defaults';
import { simpleAllocation } from './allocation/allocate';
import { savingGameTable, scenarioGame } from './allocation/coalitions';
import { searchBlockingCoalitions } from './allocation/coreSearch';
import { blockingFromTable, blockingTolerance, MAX_EXACT_PLAYERS, membersOf, shapleyFromTable } from './allocation/game';
import { sampledShapley } from './allocation/sampling';
import { compile, Model, Service } from './model';
import { presentValuesByAuthority } from './presentValues';
import { sensitivity, SensitivityEntry } from './uncertainty/sensitivity';
import type { UncertaintyResult } from './uncertainty/monteCarlo';
import { Aggregate, partnershipCosts, PartnershipCosts } from './partnership';
import type { AllocationMethod, Scenario } from './schema';

export const ENGINE_VERSION = '0.1.0';
export const MAX_BLOCKING_LISTED = 10;

/** A valid scenario that cannot be simulated (API: 422). */
export class UnprocessableScenarioError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'UnprocessableScenarioError';
  }
}

export interface YearResult {
  year: number;
  discountFactor: number;
  statusQuo: { total: number };
  alone: Record<Service, number> & { total: number };
  shared: Record<Service, number> & { governance: number; transition: number; total: number };
  transition: number;
  grossSaving: number;
  netSaving: number;
  operatingShare: number;
  channel: { digitalShare: number; contactsMoved: number; contacts: number };
  carbon: { aloneTonnes: number; sharedTonnes: number };
}

export interface AuthorityResult {
  id: string;
  name: string;
  kind: string;
  pvAlone: number;
  pvAllocated: number;
  saving: number;
  savingPercent: number;
  betterOffAlone: boolean;
  standardError: number | null;
  /** Share of Monte Carlo iterations in which this authority's allocated saving is positive. */
  probabilitySaving?: number;
}

export interface BlockingCoalition {
  members: string[];
  /** What the coalition would save on its own, v(T). */
  saving: number;
  /** What the allocation gives it, Σ_{i∈T} xᵢ. */
  allocated: number;
  shortfall: number;
}

export interface SimulationResult {
  scenarioVersion: number | null;
  engineVersion: string;
  name: string;
  currency: string;
  priceBaseYear: number;
  horizonYears: number;
  years: YearResult[];
  summary: Summary;
  policy: {
    channelShift: boolean;
    contactsMoved: number;
    moneyReleased: number;
    npvPolicySaving: number;
    oneOffCost: number;
    annualRoi: number | null;
    fundable: boolean;
  };
  optimismBias: { projectType: string; point: number; capexUplift: number; durationUplift: number; opexUplift: number; transitionBeforeUplift: number; source: string };
  authorities: AuthorityResult[];
  allocation: {
    method: AllocationMethod;
    requested: AllocationMethod;
    exact: boolean;
    /** The largest standard error of any authority's share (sampled Shapley), else null. */
    standardError: number | null;
    samples?: { permutationPairs: number; evaluations: number; converged: boolean };
    note?: string;
  };
  /** inCore is null when a heuristic search found no blocking coalition: not found is not proven. */
  stability: { checked: 'exhaustive' | 'heuristic'; inCore: boolean | null; blockingCoalitions: BlockingCoalition[]; blockingCount: number; coalitionsChecked: number };
  /** Filled by a Monte Carlo run (uncertainty/attach.ts); null when iterations is 0. */
  uncertainty: UncertaintyResult | null;
  /** The tornado: empty when no assumption is uncertain. */
  sensitivity: SensitivityEntry[];
  warnings: string[];
}

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
}

export const DEFAULT_SHAPLEY_EVALUATIONS = 400_000;
export const MAX_SAMPLED_PLAYERS = 2000;
export const DEFAULT_CORE_SEARCH_EVALUATIONS = 50_000;

function yearResults(model: Model, pc: PartnershipCosts): YearResult[] {
  const gi = model.a.gridIntensity / 1000;
  return pc.years.map((y, t) => {
    let moved = 0, total = 0, web = 0;
    const arr = model.arrays;
    for (let i = 0; i < model.authorities.length; i++) {
      const it = i * model.years + t;
      moved += arr.contactsMoved[it]!;
      total += arr.contactsTotal[it]!;
      web += arr.webContacts[it]!;
    }
    return {
      year: model.startYear + t,
      discountFactor: model.discount[t]!,
      statusQuo: { total: y.statusQuo },
      alone: { ...y.alone },
      shared: { ...y.shared },
      transition: y.shared.transition,
      grossSaving: y.grossSaving,
      netSaving: y.netSaving,
      operatingShare: y.operatingShare,
      channel: { digitalShare: total > 0 ? web / total : 0, contactsMoved: moved, contacts: total },
      carbon: { aloneTonnes: y.kWhAlone * gi, sharedTonnes: y.kWhShared * gi },
    };
  });
}

function policyResult(model: Model, summary: Summary, years: YearResult[]): SimulationResult['policy'] {
  const released = years.reduce((s, y) => s + (y.statusQuo.total - y.alone.total), 0);
  const oneOff = model.scenario.channelShift?.oneOffCost ?? 0;
  const last = years[years.length - 1];
  const steady = last ? last.statusQuo.total - last.alone.total : 0;
  const roi = oneOff > 0 ? steady / oneOff : null;
  return {
    channelShift: model.channelPolicy !== undefined,
    contactsMoved: years.reduce((s, y) => s + y.channel.contactsMoved, 0),
    moneyReleased: released,
    npvPolicySaving: summary.npvPolicySaving,
    oneOffCost: oneOff,
    annualRoi: roi,
    fundable: model.channelPolicy !== undefined && (roi === null ? steady > 0 : roi >= model.a.fundingHurdleRoi),
  };
}

interface Allocated {
  shares: number[];
  standardErrors: (number | null)[];
  meta: SimulationResult['allocation'];
  stability: SimulationResult['stability'];
}

function blockingResult(ids: readonly string[], shares: readonly number[], members: number[], saving: number, shortfall: number): BlockingCoalition {
  return { members: members.map((i) => ids[i]!), saving, allocated: members.reduce((s, i) => s + shares[i]!, 0), shortfall };
}

/** Exact Shapley and the exhaustive core check from every coalition's value (n ≤ 20). */
function allocateExact(model: Model, method: AllocationMethod, npvSaving: number, pvAlone: number[], pvUsage: number[]): Allocated {
  const n = model.authorities.length;
  const ids = model.authorities.map((a) => a.id);
  const table = savingGameTable(model);
  const shares = method === 'shapley' ? shapleyFromTable(n, table) : simpleAllocation(method, { npvSaving, pvAlone, pvUsage });
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
      blockingCoalitions: blocking.slice(0, MAX_BLOCKING_LISTED).map((b) => blockingResult(ids, shares, membersOf(b.mask, n), table[b.mask]!, b.excess)),
    },
  };
}

/** Above 20 authorities: sampled Shapley with standard errors, and a heuristic search for blocking coalitions. */
function allocateSampled(model: Model, method: AllocationMethod, npvSaving: number, pvAlone: number[], pvUsage: number[], opts: SimulateOptions): Allocated {
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

export function simulateModel(model: Model, opts: SimulateOptions = {}): SimulationResult {
  const s = model.scenario;
  const n = model.authorities.length;
  if (n === 0) throw new UnprocessableScenarioError('a scenario needs at least one authority to simulate', '/authorities');
  const grand = Aggregate.of(model, model.authorities.map((a) => a.index));
  const pc = partnershipCosts(model, grand);
  const summary = appraise(model, pc);
  const years = yearResults(model, pc);

  const { pvAlone, pvUsage } = presentValuesByAuthority(model);
  const method = opts.allocation ?? s.allocation;
  const allocated = n <= MAX_EXACT_PLAYERS ? allocateExact(model, method, summary.npvSaving, pvAlone, pvUsage) : allocateSampled(model, method, summary.npvSaving, pvAlone, pvUsage, opts);
  const { shares, meta, stability } = allocated;
  const tol = 1e-9 * Math.max(1, Math.abs(summary.npvSaving));

  const warnings: string[] = [];
  const gbp = gbpDefaultsUsed(s.currency, model.resolved.overridden);
  if (gbp.length > 0)
    warnings.push(`currency is ${s.currency} but ${gbp.length} money assumptions use their GBP defaults unconverted (${gbp.slice(0, 5).join(', ')}${gbp.length > 5 ? ', …' : ''}); set them in ${s.currency}`);
  if (!pc.active && n >= 2) warnings.push('no service is shared: the partnership saving is zero by construction');
  const ob = model.optimismBias;

  return {
    scenarioVersion: opts.scenarioVersion ?? null,
    engineVersion: ENGINE_VERSION,
    name: s.name,
    currency: s.currency,
    priceBaseYear: s.startYear,
    horizonYears: s.horizonYears,
    years,
    summary,
    policy: policyResult(model, summary, years),
    optimismBias: { ...ob, transitionBeforeUplift: pc.transitionBeforeUplift, source: OPTIMISM_BIAS_SOURCE },
    authorities: model.authorities.map((a, i) => {
      const saving = shares[i]!;
      return {
        id: a.id,
        name: a.name,
        kind: a.kind,
        pvAlone: pvAlone[i]!,
        pvAllocated: pvAlone[i]! - saving,
        saving,
        savingPercent: pvAlone[i]! > 0 ? (100 * saving) / pvAlone[i]! : 0,
        betterOffAlone: saving < -tol,
        standardError: allocated.standardErrors[i] ?? null,
      };
    }),
    allocation: meta,
    stability,
    uncertainty: null,
    sensitivity: model.resolved.uncertain.size > 0 && opts.sensitivity !== false ? sensitivity(s) : [],
    warnings,
  };
}

export function simulate(scenario: Scenario, opts: SimulateOptions = {}): SimulationResult {
  return simulateModel(compile(scenario), opts);
}
