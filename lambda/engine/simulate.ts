/**
 * One deterministic simulation of a scenario: the three worlds, the appraisal, the
 * allocation of the saving and whether the partnership is stable. Pure: no clock, no I/O.
 */
import { appraise, gridIntensityIn, type Summary } from './appraisal';
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

function yearResults(model: Model, pc: PartnershipCosts): YearResult[] {
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
  const summary = appraise(model, pc);
  const years = yearResults(model, pc);

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
      `currency is ${s.currency} but ${gbp.length} money assumptions use their GBP defaults unconverted (${gbp.slice(0, 5).join(', ')}${gbp.length > 5 ? ', …' : ''}); set them in ${s.currency}`,
    );
  if (!pc.active && n >= 2) warnings.push('no service is shared: the partnership saving is zero by construction');
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
    policy: policyResult(model, summary, years),
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

/** First-year IT cost alone of authority i: the IT services and the untouched IT lines (not contact, not back office). */
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
