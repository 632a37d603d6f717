/** What a simulation returns: the shape every consumer (API, report, CSV, planner) reads. */
import type { Summary } from './appraisal';
import type { PolicyAppraisal, PolicyYear } from './policy';
import type { Service } from './model';
import type { AllocationMethod } from './schema';
import type { UncertaintyResult } from './uncertainty/monteCarlo';
import type { SensitivityEntry } from './uncertainty/sensitivity';

export interface YearResult {
  year: number;
  discountFactor: number;
  statusQuo: { total: number };
  /**
   * Every member's cost alone by service; otherIt is the IT sharing does not touch (devices,
   * applications); channelShift the channel-shift programme (the same in both worlds).
   */
  alone: Record<Service, number> & { otherIt: number; channelShift: number; total: number };
  shared: Record<Service, number> & {
    otherIt: number;
    channelShift: number;
    governance: number;
    transition: number;
    total: number;
  };
  transition: number;
  grossSaving: number;
  netSaving: number;
  /** Redundancy paid this year: a transfer, counted in the financial case only (summary.financial). */
  redundancy: number;
  operatingShare: number;
  channel: { digitalShare: number; contactsMoved: number; contacts: number };
  /** The channel-shift policy's lines this year (zero without one): capacity released, the cash part, the programme. */
  policy: PolicyYear;
  carbon: { aloneTonnes: number; sharedTonnes: number };
}

export interface AuthorityResult {
  id: string;
  name: string;
  kind: string;
  tier?: string;
  membership: string;
  pvAlone: number;
  /** Its IT (not citizen contact) cost alone in the first year: what a budget holder compares with its IT budget. */
  itCostAlone: number;
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

/** A split no coalition can beat (or, when the core is empty, the least-core one, with its deficit). */
export interface CoreAllocation {
  method: 'leastCore';
  /** True when the core is not empty, so this split is in it. */
  inCore: boolean;
  deficit: number;
  /** Each authority's saving under this split, and its change from the split used. */
  authorities: { id: string; saving: number; change: number }[];
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
  /**
   * The channel-shift policy as an investment (docs/model.md, channel shift). `annualRoi`,
   * `fundable`, `bcr` and `paybackYear` are `summary.funding.policy`'s.
   */
  policy: {
    channelShift: boolean;
    contactsMoved: number;
    /** Contact-handling capacity released over the horizon, undiscounted (economic). */
    moneyReleased: number;
    npvPolicySaving: number;
    /** The programme's capital (build) before optimism bias: the scenario's oneOffCost, or sized by the defaults. */
    oneOffCost: number;
    /** What the internal bank funds up front: the build after optimism bias, and marketing. */
    investment: { build: number; marketing: number; total: number };
    annualRoi: number | null;
    fundable: boolean;
    bcr: number | null;
    paybackYear: number | null;
    pvBenefits: number;
    pvCosts: number;
    financial: PolicyAppraisal['financial'] | null;
    steady: PolicyAppraisal['steady'] | null;
    target: PolicyAppraisal['target'] | null;
    excluded: PolicyAppraisal['excluded'] | null;
    baseline: PolicyAppraisal['baseline'] | null;
  };
  /** One-off costs of the partnership, undiscounted, after optimism bias (redundancy: financial case only). */
  transition: {
    capitalBeforeUplift: number;
    capital: number;
    other: number;
    dualRunning: number;
    redundancy: number;
    total: number;
  };
  /** How the partnership runs what it shares, and its NPV saving run each other way. */
  delivery: { model: string; comparison: { delivery: string; npvSaving: number }[] };
  optimismBias: {
    projectType: string;
    point: number;
    capexUplift: number;
    durationUplift: number;
    opexUplift: number;
    transitionBeforeUplift: number;
    source: string;
    /** Why the default point is where it is. */
    pointSource: string;
    /** The NPV saving at the Green Book's upper bound, beside the one at the chosen point. */
    npvSavingAtUpperBound: number;
  };
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
  stability: {
    checked: 'exhaustive' | 'heuristic';
    inCore: boolean | null;
    blockingCoalitions: BlockingCoalition[];
    blockingCount: number;
    coalitionsChecked: number;
    /**
     * The least core (exact checks only, when computed: a core-based method, or a split not in
     * the core): margin = the largest smallest excess x(S) − v(S) any split achieves, at least 0
     * exactly when the core is not empty; deficit = max(0, −margin).
     */
    core: { empty: boolean; margin: number; deficit: number } | null;
    /** When the split used is not in the core (exact checks): the least-core split nearest it. */
    coreAllocation: CoreAllocation | null;
  };
  /** Filled by a Monte Carlo run (uncertainty/attach.ts); null when iterations is 0. */
  uncertainty: UncertaintyResult | null;
  /** The tornado: empty when no assumption is uncertain. */
  sensitivity: SensitivityEntry[];
  warnings: string[];
}
