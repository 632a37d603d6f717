/**
 * Green Book appraisal of a partnership: NPV, BCR, payback, annual ROI against the funding
 * hurdle, carbon (MODEL.md section 3).
 */
import type { Model } from './model';
import type { PartnershipCosts } from './partnership';

export interface Summary {
  pvStatusQuo: number;
  pvAlone: number;
  pvShared: number;
  pvTransition: number;
  pvGovernance: number;
  pvGrossSaving: number;
  npvSaving: number;
  npvPolicySaving: number;
  npvTotalSaving: number;
  savingPercent: number;
  bcr: number | null;
  paybackYear: number | null;
  annualRoi: number | null;
  steadyStateAnnualSaving: number;
  oneOffInvestment: number;
  fundable: boolean;
  fundingHurdleRoi: number;
  carbonSavedTonnes: number;
  npvCarbonValue: number;
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

/**
 * Steady-state annual net saving: mean undiscounted (alone − shared running − governance)
 * over the years after the transition (the last year if the transition outlasts the horizon).
 */
export function steadyStateSaving(pc: PartnershipCosts): number {
  const full = pc.years.filter((y) => y.operatingShare >= 1);
  const ys = full.length > 0 ? full : pc.years.slice(-1);
  let sum = 0;
  for (const y of ys) sum += y.grossSaving - y.shared.governance;
  return ys.length > 0 ? sum / ys.length : 0;
}

export function appraise(model: Model, pc: PartnershipCosts): Summary {
  const df = model.discount;
  const a = model.a;
  const col = (f: (y: PartnershipCosts['years'][number]) => number) => pc.years.map(f);
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
  const steady = steadyStateSaving(pc);
  const invest = pc.transitionTotal;
  const annualRoi = pc.active && invest > 0 ? steady / invest : null;
  const carbonSaved = col((y) => ((y.kWhAlone - y.kWhShared) * a.gridIntensity) / 1000);
  const carbonValue = carbonSaved.map((tonnes, t) => tonnes * a.carbonValue * (1 + a.carbonValueGrowth) ** t);
  const costs = pvTransition + pvGovernance;
  return {
    pvStatusQuo,
    pvAlone,
    pvShared,
    pvTransition,
    pvGovernance,
    pvGrossSaving,
    npvSaving,
    npvPolicySaving: pvStatusQuo - pvAlone,
    npvTotalSaving: pvStatusQuo - pvShared,
    savingPercent: pvAlone > 0 ? (100 * npvSaving) / pvAlone : 0,
    bcr: costs > 0 ? pvGrossSaving / costs : null,
    paybackYear: pc.active ? paybackYear(model.startYear, df, net) : null,
    annualRoi,
    steadyStateAnnualSaving: steady,
    oneOffInvestment: invest,
    fundable: pc.active && (annualRoi === null ? steady > 0 : annualRoi >= a.fundingHurdleRoi),
    fundingHurdleRoi: a.fundingHurdleRoi,
    carbonSavedTonnes: carbonSaved.reduce((s, x) => s + x, 0),
    npvCarbonValue: presentValue(df, carbonValue),
  };
}
