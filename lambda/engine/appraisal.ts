/**
 * Green Book appraisal of a partnership (docs/model.md, appraisal): the economic case (NPV of
 * the saving, transfers excluded; benefits over costs; net present social value with carbon),
 * the financial case (redundancy as the cash it is), payback, annual ROI against the funding
 * hurdle, and carbon valued by year.
 */
import type { Model } from './model';
import type { PartnershipCosts, PartnershipYear } from './partnership';
import type { PolicyAppraisal } from './policy';
import { SERVICES } from './services/registry';

/**
 * One answer to "would the internal bank fund it?": the steady-state annual saving (cash, running
 * costs deducted) over the one-off investment, against the hurdle. Without an investment (or one
 * so small the ratio is not finite), any positive saving is fundable; a case that does not apply is not.
 */
export interface FundingCase {
  /** Whether the case exists in the scenario: a partnership (two or more members sharing), a channel-shift policy. */
  applies: boolean;
  /**
   * One-off investment, undiscounted: for sharing, the transition and redundancy; for the policy,
   * the build (optimism-uplifted) and marketing.
   */
  investment: number;
  steadyStateAnnualSaving: number;
  annualRoi: number | null;
  fundable: boolean;
  /** Economic case of the same: NPV, benefits over costs, payback year. */
  npv: number;
  bcr: number | null;
  paybackYear: number | null;
}

/** Benefits over costs: null without costs, or with costs so small that the ratio is not finite. */
export function benefitCostRatio(benefits: number, costs: number): number | null {
  const r = costs > 0 ? benefits / costs : Number.NaN;
  return Number.isFinite(r) ? r : null;
}

export function fundingCase(
  applies: boolean,
  investment: number,
  steady: number,
  hurdle: number,
  npv: number,
  bcr: number | null,
  payback: number | null,
): FundingCase {
  // an investment so small that the ratio overflows (a denormal) counts as none
  const ratio = investment > 0 ? steady / investment : Number.NaN;
  const annualRoi = applies && Number.isFinite(ratio) ? ratio : null;
  return {
    applies,
    investment,
    steadyStateAnnualSaving: steady,
    annualRoi,
    fundable: applies && (annualRoi === null ? steady > 0 : annualRoi >= hurdle),
    npv,
    bcr,
    paybackYear: payback,
  };
}

export interface Summary {
  pvStatusQuo: number;
  pvAlone: number;
  pvShared: number;
  pvTransition: number;
  pvGovernance: number;
  pvGrossSaving: number;
  /** Economic case: PV of alone less shared (transfers such as redundancy excluded; carbon not valued). */
  npvSaving: number;
  npvPolicySaving: number;
  npvTotalSaving: number;
  /** npvSaving as a share of the members' whole PV alone (every IT and contact line). */
  savingPercent: number;
  /** Steady-state running saving as a share of what the shared services cost the members alone. */
  sharedServicesSavingPercent: number | null;
  /**
   * PV of the benefits (running costs that fall, carbon saved) and of the costs (one-offs, governance, running costs
   * that rise).
   */
  pvBenefits: number;
  pvCosts: number;
  /** PV benefits ÷ PV costs (never negative); null when nothing costs. */
  bcr: number | null;
  /** Net present social value: npvSaving plus the value of carbon saved (= pvBenefits − pvCosts). */
  npsv: number;
  /** Sharing: the same as funding.sharing (payback, ROI, fundable). */
  paybackYear: number | null;
  annualRoi: number | null;
  steadyStateAnnualSaving: number;
  /** One-off investment, financial case (transition and redundancy), undiscounted. */
  oneOffInvestment: number;
  fundable: boolean;
  fundingHurdleRoi: number;
  /** Would the internal bank fund it: the sharing, the channel-shift policy, and both together. */
  funding: { hurdleRoi: number; sharing: FundingCase; policy: FundingCase; combined: FundingCase };
  carbonSavedTonnes: number;
  npvCarbonValue: number;
  /** Financial case: the cash view a budget holder needs (redundancy paid as cash). */
  financial: { npv: number; pvRedundancy: number; redundancy: number };
}

/** Σ DFₜ · xₜ */
export function presentValue(discount: readonly number[], xs: readonly number[]): number {
  let pv = 0;
  for (let t = 0; t < xs.length; t++) pv += discount[t]! * xs[t]!;
  return pv;
}

/** First calendar year whose cumulative discounted net saving is ≥ 0, or null if none. */
export function paybackYear(startYear: number, discount: readonly number[], net: readonly number[]): number | null {
  let cum = 0;
  for (let t = 0; t < net.length; t++) {
    cum += discount[t]! * net[t]!;
    if (cum >= -1e-9 * Math.max(1, Math.abs(net[t]!))) return startYear + t;
  }
  return null;
}

/** The years after the transition (the last year if the transition outlasts the horizon). */
function steadyYears(pc: PartnershipCosts): PartnershipYear[] {
  const full = pc.years.filter((y) => y.operatingShare >= 1);
  return full.length > 0 ? full : pc.years.slice(-1);
}

/** Steady-state annual net saving: mean undiscounted (saving realised − governance) after the transition. */
export function steadyStateSaving(pc: PartnershipCosts): number {
  const ys = steadyYears(pc);
  let sum = 0;
  for (const y of ys) sum += y.grossSaving - y.shared.governance;
  return ys.length > 0 ? sum / ys.length : 0;
}

/** Grid carbon intensity in calendar year `year`, kgCO2e per kWh. */
export function gridIntensityIn(model: Model, year: number): number {
  const a = model.a;
  const since = Math.max(0, year - 2025);
  return a.gridIntensity * Math.max(0.1, (1 - a.gridDecarbonisation) ** since);
}

/** Carbon value in calendar year `year`, per tonne. */
export function carbonValueIn(model: Model, year: number): number {
  const a = model.a;
  return a.carbonValue * (1 + a.carbonValueGrowth) ** (year - 2025);
}

/**
 * The summary: the sharing appraised, and the three funding answers (`policy` is the channel-shift
 * appraisal of the same model, policy.ts; null without a policy).
 */
export function appraise(model: Model, pc: PartnershipCosts, policy: PolicyAppraisal | null): Summary {
  const df = model.discount;
  const a = model.a;
  const col = (f: (y: PartnershipYear) => number) => pc.years.map(f);
  const pvStatusQuo = presentValue(
    df,
    col((y) => y.statusQuo),
  );
  const pvAlone = presentValue(
    df,
    col((y) => y.alone.total),
  );
  const pvShared = presentValue(
    df,
    col((y) => y.shared.total),
  );
  const pvTransition = presentValue(
    df,
    col((y) => y.shared.transition),
  );
  const pvGovernance = presentValue(
    df,
    col((y) => y.shared.governance),
  );
  const pvGrossSaving = presentValue(
    df,
    col((y) => y.grossSaving),
  );
  const net = col((y) => y.netSaving);
  const npvSaving = presentValue(df, net);
  const carbonSaved = pc.years.map(
    (y, t) => ((y.kWhAlone - y.kWhShared) * gridIntensityIn(model, model.startYear + t)) / 1000,
  );
  const carbonValue = carbonSaved.map((tonnes, t) => tonnes * carbonValueIn(model, model.startYear + t));
  const npvCarbonValue = presentValue(df, carbonValue);

  // benefits and costs, line by line: a running cost that falls is a benefit, one that rises a cost
  let pvBenefits = 0;
  let pvCosts = pvTransition + pvGovernance;
  pc.years.forEach((y, t) => {
    for (const k of SERVICES) {
      const saving = y.alone[k] - y.shared[k];
      if (saving > 0) pvBenefits += df[t]! * saving;
      else pvCosts -= df[t]! * saving;
    }
    if (carbonValue[t]! > 0) pvBenefits += df[t]! * carbonValue[t]!;
    else pvCosts -= df[t]! * carbonValue[t]!;
  });

  const steady = steadyStateSaving(pc);
  const ys = steadyYears(pc);
  const aloneShared = ys.reduce((s, y) => s + y.aloneSharedServices, 0);
  const grossSteady = ys.reduce((s, y) => s + y.grossSaving, 0);
  const redundancy = pc.oneOff.redundancy;
  const pvRedundancy = presentValue(
    df,
    col((y) => y.redundancy),
  );
  const invest = pc.transitionTotal + redundancy;
  const bcr = benefitCostRatio(pvBenefits, pvCosts);
  const payback = pc.active ? paybackYear(model.startYear, df, net) : null;
  const sharing = fundingCase(pc.active, invest, steady, a.fundingHurdleRoi, npvSaving, bcr, payback);
  const npvPolicySaving = pvStatusQuo - pvAlone;
  const policyCase = policy?.case ?? fundingCase(false, 0, 0, a.fundingHurdleRoi, npvPolicySaving, null, null);
  const both = (policy ? policy.pvCosts : 0) + pvCosts;
  const combined = fundingCase(
    sharing.applies || policyCase.applies,
    (sharing.applies ? invest : 0) + policyCase.investment,
    (sharing.applies ? steady : 0) + policyCase.steadyStateAnnualSaving,
    a.fundingHurdleRoi,
    pvStatusQuo - pvShared,
    benefitCostRatio((policy ? policy.pvBenefits : 0) + pvBenefits, both),
    sharing.applies || policyCase.applies
      ? paybackYear(
          model.startYear,
          df,
          col((y) => y.statusQuo - y.shared.total),
        )
      : null,
  );
  return {
    pvStatusQuo,
    pvAlone,
    pvShared,
    pvTransition,
    pvGovernance,
    pvGrossSaving,
    npvSaving,
    npvPolicySaving,
    npvTotalSaving: pvStatusQuo - pvShared,
    savingPercent: pvAlone > 0 ? (100 * npvSaving) / pvAlone : 0,
    sharedServicesSavingPercent: pc.active && aloneShared > 0 ? (100 * grossSteady) / aloneShared : null,
    pvBenefits,
    pvCosts,
    bcr,
    npsv: npvSaving + npvCarbonValue,
    paybackYear: payback,
    annualRoi: sharing.annualRoi,
    steadyStateAnnualSaving: steady,
    oneOffInvestment: invest,
    fundable: sharing.fundable,
    fundingHurdleRoi: a.fundingHurdleRoi,
    funding: { hurdleRoi: a.fundingHurdleRoi, sharing, policy: policyCase, combined },
    carbonSavedTonnes: carbonSaved.reduce((s, x) => s + x, 0),
    npvCarbonValue,
    financial: { npv: npvSaving - pvRedundancy, pvRedundancy, redundancy },
  };
}
