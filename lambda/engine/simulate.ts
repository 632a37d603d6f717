/**
 * One deterministic simulation of a scenario: the three worlds, the appraisal, the
 * allocation of the saving and whether the partnership is stable. Pure: no clock, no I/O.
 */
import { appraise, gridIntensityIn, type Summary } from './appraisal';
import { appraisePolicy, NO_POLICY_YEAR, type PolicyAppraisal } from './policy';
import { gbpDefaultsUsed } from './assumptions';
import { DEFAULT_PROJECT_TYPE, OPTIMISM_BIAS_SOURCE, OPTIMISM_POINT_SOURCE } from './defaults';
import { MAX_EXACT_PLAYERS } from './allocation/game';
import { allocateExact, allocateSampled, type SimulateOptions } from './allocation/strategy';
import { compile, type Model, NS } from './model';
import { SERVICE_DEFS } from './services/registry';
import { PRICE_BASE_YEAR } from './prices';
import { DELIVERY_MODELS, type DeliveryModel } from './services/types';
import { grandSaving } from './uncertainty/monteCarlo';
import { presentValuesByAuthority } from './presentValues';
import { sensitivity } from './uncertainty/sensitivity';
import type { SimulationResult, YearResult } from './result';
import { Aggregate, partnershipCosts, type PartnershipCosts } from './partnership';
import type { Scenario } from './schema';
import { UnprocessableScenarioError } from './errors';
import { assertFinite } from './finite';

export type { AuthorityResult, BlockingCoalition, SimulationResult, YearResult } from './result';

export const ENGINE_VERSION = '0.1.0';

export { UnprocessableScenarioError } from './errors';

export type { SimulateOptions } from './allocation/strategy';

function yearResults(model: Model, pc: PartnershipCosts, policy: PolicyAppraisal | null): YearResult[] {
  return pc.years.map((y, t) => {
    const gi = gridIntensityIn(model, model.startYear + t) / 1000;
    let moved = 0,
      total = 0,
      web = 0;
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
      redundancy: y.redundancy,
      operatingShare: y.operatingShare,
      channel: { digitalShare: total > 0 ? web / total : 0, contactsMoved: moved, contacts: total },
      policy: policy ? policy.years[t]! : { ...NO_POLICY_YEAR },
      carbon: { aloneTonnes: y.kWhAlone * gi, sharedTonnes: y.kWhShared * gi },
    };
  });
}

function policyResult(
  summary: Summary,
  years: YearResult[],
  policy: PolicyAppraisal | null,
): SimulationResult['policy'] {
  const f = summary.funding.policy;
  return {
    channelShift: policy !== null,
    contactsMoved: years.reduce((s, y) => s + y.channel.contactsMoved, 0),
    moneyReleased: years.reduce((s, y) => s + y.policy.released, 0),
    npvPolicySaving: summary.npvPolicySaving,
    oneOffCost: policy?.buildBeforeUplift ?? 0,
    investment: policy?.investment ?? { build: 0, marketing: 0, total: 0 },
    annualRoi: f.annualRoi,
    fundable: f.fundable,
    bcr: f.bcr,
    paybackYear: f.paybackYear,
    pvBenefits: policy?.pvBenefits ?? 0,
    pvCosts: policy?.pvCosts ?? 0,
    financial: policy?.financial ?? null,
    steady: policy?.steady ?? null,
    target: policy?.target ?? null,
    excluded: policy?.excluded ?? null,
    baseline: policy?.baseline ?? null,
  };
}

/** What a planner should know about the policy before reading its numbers. */
function policyWarnings(model: Model, policy: PolicyAppraisal | null): string[] {
  if (!policy) return [];
  const out: string[] = [];
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const t = policy.target;
  const target = `the channel-shift target of ${pct(t.digitalShare)} digital`;
  if (!t.reachable) {
    const more = t.authoritiesShortCount > t.authoritiesShort.length ? ', …' : '';
    const who =
      t.authoritiesShortCount < model.authorities.length
        ? ` (${t.authoritiesShortCount} authorities fall short: ${t.authoritiesShort.join(', ')}${more})`
        : '';
    out.push(
      `${target} is out of reach: the contacts that can move take the digital share to at most ` +
        `${pct(t.bestReachableShare)}${who}; make more channels or more of each shiftable to reach it`,
    );
  } else if (t.reachedYear === null)
    out.push(`${target} is reachable but not within the horizon (${pct(t.reachedShare)} in the last year)`);
  if (policy.steady.fromYear === null)
    out.push(
      'the channel shift does not reach its steady state (take-up complete and staff reorganised) within the ' +
        'horizon: its return is that of the last year',
    );
  return out;
}

export function simulateModel(model: Model, opts: SimulateOptions = {}): SimulationResult {
  const s = model.scenario;
  const n = model.authorities.length;
  if (n === 0)
    throw new UnprocessableScenarioError('a scenario needs at least one authority to simulate', '/authorities');
  const grand = Aggregate.of(
    model,
    model.authorities.map((a) => a.index),
  );
  const pc = partnershipCosts(model, grand);
  const policy = appraisePolicy(model, pc);
  const summary = appraise(model, pc, policy);
  const years = yearResults(model, pc, policy);

  const { pvAlone, pvUsage } = presentValuesByAuthority(model);
  const method = opts.allocation ?? s.allocation;
  const allocated =
    n <= Math.min(MAX_EXACT_PLAYERS, opts.exactUpTo ?? MAX_EXACT_PLAYERS)
      ? allocateExact(model, method, summary.npvSaving, pvAlone, pvUsage, opts)
      : allocateSampled(model, method, summary.npvSaving, pvAlone, pvUsage, opts);
  const { shares, meta, stability } = allocated;
  const tol = 1e-9 * Math.max(1, Math.abs(summary.npvSaving));

  const warnings: string[] = [];
  const gbp = gbpDefaultsUsed(s.currency, model.resolved.overridden);
  if (gbp.length > 0)
    warnings.push(
      `currency is ${s.currency} but ${gbp.length} money assumptions use their GBP defaults unconverted ` +
        `(${gbp.slice(0, 5).join(', ')}${gbp.length > 5 ? ', …' : ''}); set them in ${s.currency}`,
    );
  if (!pc.active && n >= 2) warnings.push('no service is shared: the partnership saving is zero by construction');
  warnings.push(...policyWarnings(model, policy));
  const ob = model.optimismBias;

  const result: SimulationResult = {
    scenarioVersion: opts.scenarioVersion ?? null,
    engineVersion: ENGINE_VERSION,
    name: s.name,
    currency: s.currency,
    priceBaseYear: PRICE_BASE_YEAR,
    horizonYears: s.horizonYears,
    years,
    summary,
    policy: policyResult(summary, years, policy),
    optimismBias: {
      ...ob,
      transitionBeforeUplift: pc.transitionBeforeUplift,
      source: OPTIMISM_BIAS_SOURCE,
      pointSource: OPTIMISM_POINT_SOURCE,
      npvSavingAtUpperBound: ob.point === 1 ? summary.npvSaving : npvAtUpperBound(s),
    },
    transition: { ...pc.oneOff, total: pc.transitionTotal },
    delivery: {
      model: model.delivery,
      comparison: opts.compareDelivery === false ? [] : deliveryComparison(s, model.delivery, summary.npvSaving),
    },
    authorities: model.authorities.map((a, i) => {
      const saving = shares[i]!;
      return {
        id: a.id,
        name: a.name,
        kind: a.kind,
        ...(a.tier ? { tier: a.tier } : {}),
        membership: a.membership,
        pvAlone: pvAlone[i]!,
        itCostAlone: itCostAlone(model, i),
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
  assertFinite(result, s);
  return result;
}

/**
 * First-year IT cost alone of authority i: the IT services and the untouched IT lines (not contact, not back office).
 */
function itCostAlone(model: Model, i: number): number {
  const it = i * model.years;
  let sum = model.arrays.untouched[it]!;
  for (let k = 0; k < NS; k++) if (IT[k]) sum += model.arrays.alone[it * NS + k]!;
  return sum;
}
const IT = SERVICE_DEFS.map((d) => d.family === 'it');

/** The NPV saving with optimism bias at the Green Book's upper bound (the starting point without evidence). */
function npvAtUpperBound(s: Scenario): number {
  const projectType = s.assumptions?.optimismBias?.projectType ?? DEFAULT_PROJECT_TYPE;
  return grandSaving(compile({ ...s, assumptions: { ...s.assumptions, optimismBias: { projectType, point: 1 } } }));
}

/** The same partnership run each other way: the counterfactual a board weighs. */
function deliveryComparison(s: Scenario, chosen: DeliveryModel, npv: number) {
  return DELIVERY_MODELS.map((d) => ({
    delivery: d,
    npvSaving: d === chosen ? npv : grandSaving(compile({ ...s, delivery: d })),
  }));
}

export function simulate(scenario: Scenario, opts: SimulateOptions = {}): SimulationResult {
  return simulateModel(compile(scenario), opts);
}
