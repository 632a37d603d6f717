/**
 * The channel-shift policy appraised as an investment (docs/model.md, channel shift): the
 * economic case (capacity released against the programme's cost: NPV, benefits over costs,
 * payback), the financial case the internal bank reads (the saving becomes cash only when staff
 * are reorganised, a step-down lag later, and never for the fixed capacity), whether the target
 * can be reached, and what is reinvested in the citizens the shift leaves behind. Reads the
 * compiled model and the grand coalition's years; runs once per simulation, not per draw.
 *
 * Long because the economic case, the cash case, the target and the excluded are read off the
 * same years in one pass, and the report, the CSV and the summary take them from here alone.
 */
import { benefitCostRatio, type FundingCase, fundingCase, paybackYear, presentValue } from './appraisal';
import { type ChannelShiftPolicy, type Programme, programmeYear, type ShiftTiming } from './channelShift';
import { type ASSISTED_CHANNELS, CHANNELS, type Channel } from './kinds';
import { type Model, SHIFT, SHIFT_DIMS } from './model';
import type { PartnershipCosts } from './partnership';
import { callsCost } from './services/contact';

/** The policy's lines in one year, summed over the authorities. */
export interface PolicyYear {
  /** Contact-handling capacity released: the status quo's contact cost less the policy's (economic). */
  released: number;
  /** The part of it that is cash this year: after the step-down lag, less the fixed capacity. */
  cashSaving: number;
  /** The programme after optimism bias: build (capital), marketing, digital running, assisted-digital support. */
  build: number;
  marketing: number;
  running: number;
  assistedDigital: number;
  /** Contacts the digitally excluded make this year. */
  excludedContacts: number;
}

/** A year with no policy money in it: what a year starts from, and every year without a policy. */
export const NO_POLICY_YEAR: Readonly<PolicyYear> = {
  released: 0,
  cashSaving: 0,
  build: 0,
  marketing: 0,
  running: 0,
  assistedDigital: 0,
  excludedContacts: 0,
};

/** The status quo's contact pattern in the base year: what each channel handles and what it costs. */
export interface ChannelBaseline {
  contacts: Record<Channel, number>;
  /** Handling cost by channel (telephone: the telephone team or the calls bought; the others per contact). */
  cost: Record<Channel, number>;
  /** Written contacts (email and letter): their share of contacts and of the handling cost. */
  writtenShareOfContacts: number;
  writtenShareOfResources: number;
  digitalShare: number;
  /** What moving one contact (an included citizen's) of each assisted channel to the web saves in the base year. */
  savingPerContactMoved: Record<(typeof ASSISTED_CHANNELS)[number], number>;
}

export interface PolicyAppraisal {
  years: PolicyYear[];
  case: FundingCase;
  /** The programme's capital before optimism bias (the scenario's oneOffCost, or sized from the assumptions). */
  buildBeforeUplift: number;
  investment: { build: number; marketing: number; total: number };
  npv: number;
  pvBenefits: number;
  pvCosts: number;
  financial: {
    /** PV of the cash saving less the programme's cost. */
    npv: number;
    /** Most the internal bank has lent at any year end (undiscounted), and the year its cash is back. */
    peakFunding: number;
    repaidYear: number | null;
    /** Economic saving not yet cash, summed over the horizon (undiscounted): the gap the bank bridges. */
    uncashedSaving: number;
  };
  /** Steady state (take-up complete, staff stepped down; else the last year), a year. */
  steady: {
    fromYear: number | null;
    released: number;
    cashSaving: number;
    running: number;
    assistedDigital: number;
    /** What remains once the digital services run and the excluded are supported: released − running − support. */
    remaining: number;
    /** Assisted-digital support as a share of the capacity released. */
    reinvestedShare: number | null;
  };
  target: {
    digitalShare: number;
    reachable: boolean;
    /** The digital share every movable contact would give (base year, all authorities). */
    bestReachableShare: number;
    /** Digital share in the last year, and the first year the target is met. */
    reachedShare: number;
    reachedYear: number | null;
    /** Authorities that cannot reach it (up to 10) and how many. */
    authoritiesShort: string[];
    authoritiesShortCount: number;
  };
  excluded: {
    shareOfAdults: number;
    /** Contacts they make in the base year, and their share of all contacts. */
    contacts: number;
    shareOfContacts: number;
  };
  baseline: ChannelBaseline;
}

/** Contacts moved by authority i at (fractional) year τ: linear between years, none before year 0. */
function movedAt(model: Model, i: number, tau: number): number {
  if (tau < 0) return 0;
  const m = model.arrays.contactsMoved;
  const base = i * model.years;
  const lo = Math.floor(tau);
  const hi = Math.min(model.years - 1, Math.ceil(tau));
  const a = m[base + lo]!;
  return a + (tau - lo) * (m[base + hi]! - a);
}

/** Capacity released by authority i in year t: the status quo's contact cost less the policy's. */
export function releasedBy(model: Model, i: number, t: number): number {
  const it = i * model.years + t;
  const arr = model.arrays;
  return arr.statusQuoTotal[it]! - (arr.aloneTotal[it]! - arr.programme[it]!);
}

/**
 * The part of authority i's released capacity that is cash in year t: staff are reorganised to
 * the workload of `channelShiftStepDownYears` earlier, and the fixed capacity never steps down.
 * A cost that rises is cash at once.
 */
export function cashSavingBy(model: Model, i: number, t: number): number {
  const released = releasedBy(model, i, t);
  if (released <= 0) return released;
  const now = model.arrays.contactsMoved[i * model.years + t]!;
  if (now <= 0) return 0;
  const lagged = movedAt(model, i, t - model.a.channelShiftStepDownYears);
  return (1 - model.a.channelShiftFixedShare) * released * Math.min(1, lagged / now);
}

/** Authority i's programme (before optimism bias) from the model's block. */
function programmeAt(model: Model, i: number, out: Programme): Programme {
  const b = i * SHIFT_DIMS;
  const has = model.arrays.shift[b + SHIFT.Capacity]! > 0;
  out.build = model.arrays.shift[b + SHIFT.Build]!;
  out.marketing = has ? model.arrays.shift[b + SHIFT.Marketing]! : 0;
  out.running = has ? model.arrays.shift[b + SHIFT.Running]! : 0;
  return out;
}

/** Authority i's programme lines in year t, after optimism bias. */
export function programmeLinesBy(model: Model, i: number, t: number) {
  const timing = model.shiftTiming;
  if (!timing) return { build: 0, marketing: 0, running: 0, assistedDigital: 0 };
  const p = programmeAt(model, i, { build: 0, marketing: 0, running: 0 });
  const has = model.arrays.shift[i * SHIFT_DIMS + SHIFT.Capacity]! > 0;
  const excluded = has ? model.arrays.excludedContacts[i * model.years + t]! : 0;
  const ob = model.optimismBias;
  return programmeYear(p, excluded, timing, t, model.a, model.prices[t]!, {
    capex: ob.capexUplift,
    opex: ob.opexUplift,
  });
}

function baselineOf(model: Model): ChannelBaseline {
  const a = model.a;
  const contacts = { faceToFace: 0, telephone: 0, email: 0, letter: 0, web: 0 };
  const cost = { faceToFace: 0, telephone: 0, email: 0, letter: 0, web: 0 };
  const px = model.prices[0]!;
  const perContact = {
    faceToFace: a['costPerContact.faceToFace'],
    email: a['costPerContact.email'],
    letter: a['costPerContact.letter'],
    web: a['costPerContact.web'],
  };
  // the telephone team is sized by Erlang C, so one call's saving is taken over the last tenth of them
  let lastTenth = 0;
  let excluded = 0;
  for (const x of model.authorities) {
    const v = x.profile.contacts;
    for (const c of CHANNELS) contacts[c] += v[c];
    for (const c of ['faceToFace', 'email', 'letter', 'web'] as const) cost[c] += v[c] * perContact[c] * px.staff;
    const tel = callsCost(v.telephone, a, px).cost;
    cost.telephone += tel;
    lastTenth += tel - callsCost(0.9 * v.telephone, a, px).cost;
    excluded += model.arrays.shift[x.index * SHIFT_DIMS + SHIFT.Excluded0]!;
  }
  let all = 0;
  let spend = 0;
  for (const c of CHANNELS) {
    all += contacts[c];
    spend += cost[c];
  }
  const web = perContact.web * px.staff;
  // a contact from an included citizen is shorter than the average of a channel the excluded use
  const reach = contacts.faceToFace + contacts.telephone;
  const s = reach > 0 ? excluded / reach : 0;
  const included = 1 / (1 + s * (a.digitallyExcludedHandlingFactor - 1));
  return {
    contacts,
    cost,
    writtenShareOfContacts: all > 0 ? (contacts.email + contacts.letter) / all : 0,
    writtenShareOfResources: spend > 0 ? (cost.email + cost.letter) / spend : 0,
    digitalShare: all > 0 ? contacts.web / all : 0,
    savingPerContactMoved: {
      faceToFace: perContact.faceToFace * px.staff * included - web,
      telephone: contacts.telephone > 0 ? (lastTenth / (0.1 * contacts.telephone)) * included - web : 0,
      email: perContact.email * px.staff - web,
      letter: perContact.letter * px.staff - web,
    },
  };
}

function targetOf(model: Model, policy: ChannelShiftPolicy, contactsByYear: number[], webByYear: number[]) {
  const arr = model.arrays;
  let contacts0 = 0;
  let reachable0 = 0;
  const short: string[] = [];
  let shortCount = 0;
  for (const x of model.authorities) {
    const b = x.index * SHIFT_DIMS;
    const c0 = arr.shift[b + SHIFT.Contacts0]!;
    const best = arr.shift[b + SHIFT.BestReachable]!;
    contacts0 += c0;
    reachable0 += best * c0;
    if (c0 > 0 && best < policy.targetDigitalShare - 1e-9) {
      shortCount++;
      if (short.length < 10) short.push(x.id);
    }
  }
  const share = (t: number) => (contactsByYear[t]! > 0 ? webByYear[t]! / contactsByYear[t]! : 0);
  let reachedYear: number | null = null;
  for (let t = 0; t < model.years; t++)
    if (share(t) >= policy.targetDigitalShare - 1e-9) {
      reachedYear = model.startYear + t;
      break;
    }
  return {
    digitalShare: policy.targetDigitalShare,
    reachable: shortCount === 0,
    bestReachableShare: contacts0 > 0 ? reachable0 / contacts0 : 0,
    reachedShare: share(model.years - 1),
    reachedYear,
    authoritiesShort: short,
    authoritiesShortCount: shortCount,
  };
}

/** The policy appraised, or null without a channel-shift policy. */
export function appraisePolicy(model: Model, pc: PartnershipCosts): PolicyAppraisal | null {
  const policy = model.channelPolicy;
  const timing: ShiftTiming | undefined = model.shiftTiming;
  if (!policy || !timing) return null;
  const T = model.years;
  const a = model.a;
  const df = model.discount;
  const arr = model.arrays;
  const years: PolicyYear[] = [];
  const contactsByYear: number[] = [];
  const webByYear: number[] = [];
  for (let t = 0; t < T; t++) {
    const y: PolicyYear = { ...NO_POLICY_YEAR };
    let contacts = 0;
    let web = 0;
    for (let i = 0; i < model.authorities.length; i++) {
      const it = i * T + t;
      y.released += releasedBy(model, i, t);
      y.cashSaving += cashSavingBy(model, i, t);
      const lines = programmeLinesBy(model, i, t);
      y.build += lines.build;
      y.marketing += lines.marketing;
      y.running += lines.running;
      y.assistedDigital += lines.assistedDigital;
      y.excludedContacts += arr.excludedContacts[it]!;
      contacts += arr.contactsTotal[it]!;
      web += arr.webContacts[it]!;
    }
    years.push(y);
    contactsByYear.push(contacts);
    webByYear.push(web);
  }
  const programme = (y: PolicyYear) => y.build + y.marketing + y.running + y.assistedDigital;
  // the economic case: status quo less the alone world (which carries the programme)
  const net = pc.years.map((y) => y.statusQuo - y.alone.total);
  const npv = presentValue(df, net);
  let pvBenefits = 0;
  let pvCosts = 0;
  years.forEach((y, t) => {
    pvCosts += df[t]! * programme(y);
    if (y.released >= 0) pvBenefits += df[t]! * y.released;
    else pvCosts -= df[t]! * y.released;
  });

  // the investment the internal bank funds up front: the whole build (uplifted) and marketing
  let buildBefore = 0;
  let marketing = 0;
  for (const x of model.authorities) {
    const b = x.index * SHIFT_DIMS;
    buildBefore += arr.shift[b + SHIFT.Build]!;
    if (arr.shift[b + SHIFT.Capacity]! > 0) marketing += arr.shift[b + SHIFT.Marketing]!;
  }
  const build = buildBefore * (1 + model.optimismBias.capexUplift);
  const investment = build + marketing;

  // steady state: take-up complete and staff stepped down (else the last year), as for sharing
  const from = Math.min(timing.steadyFrom, T - 1);
  const steadyYears = years.slice(from);
  const mean = (f: (y: PolicyYear) => number) => steadyYears.reduce((s, y) => s + f(y), 0) / steadyYears.length;
  const released = mean((y) => y.released);
  const cash = mean((y) => y.cashSaving);
  const running = mean((y) => y.running);
  const assistedDigital = mean((y) => y.assistedDigital);
  const steadyCash = cash - running - assistedDigital;

  // the financial case: cash saving against the programme's cash, and what the bank has out
  let cumulative = 0;
  let trough = 0;
  let repaidYear: number | null = null;
  let uncashed = 0;
  const cashNet = years.map((y) => y.cashSaving - programme(y));
  cashNet.forEach((x, t) => {
    cumulative += x;
    uncashed += years[t]!.released - years[t]!.cashSaving;
    if (cumulative < trough) {
      trough = cumulative;
      repaidYear = null;
    } else if (repaidYear === null && trough < 0 && cumulative >= 0) repaidYear = model.startYear + t;
  });

  const fc = fundingCase(
    true,
    investment,
    steadyCash,
    a.fundingHurdleRoi,
    npv,
    benefitCostRatio(pvBenefits, pvCosts),
    paybackYear(model.startYear, df, net),
  );
  const baseline = baselineOf(model);
  let contacts0 = 0;
  let excluded0 = 0;
  for (const x of model.authorities) {
    contacts0 += arr.shift[x.index * SHIFT_DIMS + SHIFT.Contacts0]!;
    excluded0 += arr.shift[x.index * SHIFT_DIMS + SHIFT.Excluded0]!;
  }
  return {
    years,
    case: fc,
    buildBeforeUplift: buildBefore,
    investment: { build, marketing, total: investment },
    npv,
    pvBenefits,
    pvCosts,
    financial: {
      npv: presentValue(df, cashNet),
      peakFunding: -trough,
      repaidYear: trough < 0 ? repaidYear : null,
      uncashedSaving: uncashed,
    },
    steady: {
      fromYear: timing.steadyFrom < T ? model.startYear + timing.steadyFrom : null,
      released,
      cashSaving: cash,
      running,
      assistedDigital,
      remaining: released - running - assistedDigital,
      reinvestedShare: released > 0 ? assistedDigital / released : null,
    },
    target: targetOf(model, policy, contactsByYear, webByYear),
    excluded: {
      shareOfAdults: policy.excludedShare,
      contacts: excluded0,
      shareOfContacts: contacts0 > 0 ? excluded0 / contacts0 : 0,
    },
    baseline,
  };
}
