/**
 * Channel shift: a policy and an investment (docs/model.md, channel shift). Which contacts move
 * to the web and when (per channel shiftable shares and ramps, after the digital services are
 * built), who cannot move (the digitally excluded, a group of citizens with their own contact
 * pattern and handling effort), and what the programme costs (build, marketing, running the
 * digital channel, assisted-digital support). Compiled once per Monte Carlo draw: per authority
 * a few scalars, per authority-year a few multiplications, nothing allocated per year.
 *
 * Long because it is one policy: its defaults, who moves and when, and what the programme costs
 * read the same rules and must change together.
 */
import type { Assumptions } from './defaults';
import { ASSISTED_CHANNELS, type AssistedChannel, type Channel } from './kinds';
import type { YearPrices } from './prices';
import { spec } from './spec';

const ILL = 'illustrative';
const COPENHAGEN = 'Copenhagen (Kristoffersen, 2013): invest, shift the contact pattern, then reorganise staff';

/** The channel-shift defaults: merged into the registry of assumptions (defaults.ts). */
export const CHANNEL_SHIFT_ASSUMPTIONS = {
  digitallyExcludedShare: spec(
    0.1,
    [0.05, 0.15],
    'ratio',
    'Share of adults who are digitally excluded: they contact public services in person or by telephone, never by ' +
      'web or email',
    'illustrative; ONS counts about 1 in 10 UK adults as internet non-users or limited users',
    { max: 0.95 },
  ),
  digitallyExcludedContactIntensity: spec(
    1.5,
    [1, 2.5],
    'ratio',
    'Contacts a digitally excluded adult makes for each contact a digitally included adult makes',
    'illustrative; offline adults are disproportionately older, disabled or on low incomes, who use council ' +
      'services more',
    { min: 0.1, max: 10 },
  ),
  digitallyExcludedHandlingFactor: spec(
    1.3,
    [1, 1.8],
    'ratio',
    "Handling effort of a digitally excluded citizen's face-to-face or telephone contact, relative to the " +
      "channel's average contact",
    'illustrative; assisted contacts that remain after a shift are the longer ones (help with forms, complex needs)',
    { min: 0.1, max: 10 },
  ),
  channelShiftBuildPerContact: spec(
    4,
    [2, 10],
    'GBP per contact a year',
    'Capital: building the digital services (design, development, integration), per assisted contact a year the ' +
      'programme is designed to move',
    ILL,
    { priceYear: 2025 },
  ),
  channelShiftBuildFloor: spec(
    50000,
    [20000, 150000],
    'GBP per authority',
    "Least capital cost of an authority's channel-shift programme",
    ILL,
    { priceYear: 2025 },
  ),
  channelShiftBuildYears: spec(
    1,
    [0.5, 2],
    'years',
    'Years to build the digital services before contacts start to move (stretched by the duration optimism bias)',
    `illustrative; ${COPENHAGEN}`,
    { max: 20 },
  ),
  channelShiftRunningPerContact: spec(
    0.6,
    [0.3, 1.2],
    'GBP per contact a year, per year',
    'Running the new digital services once built (hosting, licences, the team that keeps them current), per ' +
      'contact a year they are designed to move',
    'illustrative; software upkeep is commonly 15-20 % of its build cost a year',
    { priceYear: 2025 },
  ),
  channelShiftMarketingPerContact: spec(
    0.5,
    [0.2, 1.5],
    'GBP per contact a year',
    'Marketing and communication that move citizens to the web, spent over the take-up ramp (not capital), per ' +
      'contact a year the programme is designed to move',
    ILL,
    { priceYear: 2025 },
  ),
  assistedDigitalPerContact: spec(
    2,
    [1, 5],
    'GBP per contact',
    'Assisted-digital support reinvested in the digitally excluded (help in libraries, by telephone and at home, ' +
      'digital skills), per contact they make a year',
    'illustrative; Copenhagen reinvests the saving in the citizens left behind (Kristoffersen, 2013)',
    { priceYear: 2025 },
  ),
  channelShiftStepDownYears: spec(
    1,
    [0.5, 2],
    'years',
    'Lag between contacts moving and the staff who handled them being reorganised: the saving becomes cash only then',
    `illustrative; ${COPENHAGEN}`,
    { max: 20 },
  ),
  channelShiftFixedShare: spec(
    0.3,
    [0.15, 0.5],
    'ratio',
    "Share of an assisted contact's unit cost that is fixed capacity (buildings, management, systems) and does not " +
      'become cash when contacts move',
    'illustrative; staff are commonly 60-75 % of the cost of handling a contact',
    { max: 1 },
  ),
} as const;

/** How one assisted channel shifts. */
export interface ChannelRule {
  /** Share of the channel's contacts from digitally included citizens that can move to the web. */
  readonly shiftable: number;
  /** Years from the start of its shift to full take-up (0: at once). */
  readonly rampYears: number;
  /** Years after the digital services go live before this channel starts to shift. */
  readonly delayYears: number;
}

export interface ChannelShiftPolicy {
  readonly targetDigitalShare: number;
  readonly rampYears: number;
  /** Share of adults who are digitally excluded. */
  readonly excludedShare: number;
  readonly rules: Readonly<Record<AssistedChannel, ChannelRule>>;
  /** The scenario's capital cost of the whole programme before optimism bias, when it gives one. */
  readonly buildCost: number | undefined;
}

/** The scenario's `channelShift.channels`: a list of channels (each fully shiftable), or rules by channel. */
export type ChannelsInput =
  | readonly AssistedChannel[]
  | Readonly<Partial<Record<AssistedChannel, { shiftable: number; rampYears?: number; delayYears: number }>>>;

/** Rules by channel: listed channels shift (fully, on the policy's ramp, unless said); the others do not. */
export function channelRules(
  channels: ChannelsInput | undefined,
  rampYears: number,
): Readonly<Record<AssistedChannel, ChannelRule>> {
  const none: ChannelRule = { shiftable: 0, rampYears, delayYears: 0 };
  const all: ChannelRule = { shiftable: 1, rampYears, delayYears: 0 };
  const out = {} as Record<AssistedChannel, ChannelRule>;
  for (const c of ASSISTED_CHANNELS) {
    if (channels === undefined) out[c] = all;
    else if (Array.isArray(channels)) out[c] = (channels as readonly string[]).includes(c) ? all : none;
    else {
      const r = (channels as Exclude<ChannelsInput, readonly AssistedChannel[]>)[c];
      out[c] = r ? { shiftable: r.shiftable, rampYears: r.rampYears ?? rampYears, delayYears: r.delayYears } : none;
    }
  }
  return out;
}

/** Channels the digitally excluded use (they do not use the web or email). */
export const EXCLUDED_CHANNELS = ['faceToFace', 'telephone'] as const;
const NA = ASSISTED_CHANNELS.length;

/**
 * When things happen, the same for every authority: the build, each channel's take-up, the
 * marketing spend and the years the digital services run. Year t runs from t to t + 1.
 */
export interface ShiftTiming {
  /** Build duration B = channelShiftBuildYears × (1 + duration uplift). */
  readonly buildYears: number;
  /** Take-up of channel c at year t (0 … 1): ramp[c · years + t], c in ASSISTED_CHANNELS order. */
  readonly ramp: Float64Array;
  /** Share of the build paid in year t. */
  readonly buildShare: Float64Array;
  /** Share of the marketing spent in year t. */
  readonly marketingShare: Float64Array;
  /** Share of year t in which the digital services run (running cost, assisted-digital support). */
  readonly live: Float64Array;
  /** Years from go-live until every shifting channel's take-up is complete. */
  readonly takeUpYears: number;
  /** The first year in which take-up is complete and staff have stepped down (may lie beyond the horizon). */
  readonly steadyFrom: number;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
/** Length of [a, b) ∩ [t, t + 1). */
const overlap = (t: number, a: number, b: number) => Math.max(0, Math.min(t + 1, b) - Math.max(t, a));

export function shiftTiming(policy: ChannelShiftPolicy, a: Assumptions, durationUplift: number, years: number) {
  const B = a.channelShiftBuildYears * (1 + durationUplift);
  const ramp = new Float64Array(NA * years);
  let span = 0;
  ASSISTED_CHANNELS.forEach((c, k) => {
    const r = policy.rules[c];
    if (r.shiftable > 0) span = Math.max(span, r.delayYears + r.rampYears);
    for (let t = 0; t < years; t++) {
      const since = t + 1 - B - r.delayYears;
      ramp[k * years + t] = r.rampYears > 0 ? clamp01(since / r.rampYears) : since > 0 ? 1 : 0;
    }
  });
  const buildShare = new Float64Array(years);
  const marketingShare = new Float64Array(years);
  const live = new Float64Array(years);
  for (let t = 0; t < years; t++) {
    buildShare[t] = B > 0 ? overlap(t, 0, B) / B : t === 0 ? 1 : 0;
    marketingShare[t] = span > 0 ? overlap(t, B, B + span) / span : t === Math.floor(B) ? 1 : 0;
    live[t] = clamp01(t + 1 - B);
  }
  // take-up is complete in the first year every shifting channel is at 1; staff step down a lag later
  let full = years;
  for (let t = years - 1; t >= 0; t--) {
    let done = true;
    for (let k = 0; k < NA; k++)
      if (policy.rules[ASSISTED_CHANNELS[k]!].shiftable > 0 && ramp[k * years + t]! < 1) done = false;
    if (!done) break;
    full = t;
  }
  const steadyFrom = full + Math.ceil(a.channelShiftStepDownYears - 1e-9);
  return { buildYears: B, ramp, buildShare, marketingShare, live, takeUpYears: span, steadyFrom } as ShiftTiming;
}

/**
 * One authority's channel shift, from its base-year contacts (writes into `out`, which the caller
 * keeps: compile runs once per Monte Carlo draw). The digitally excluded make X = N·e·k ÷ (1 − e + e·k)
 * of its N contacts (e: excluded share of adults, k: their contact intensity), by face-to-face and
 * telephone in proportion to those channels (at most all of them). What can move is each channel's
 * contacts from included citizens times its shiftable share; the programme moves enough of it to
 * reach the target digital share (`scale`), or all of it when the target is out of reach.
 */
export interface ShiftPlan {
  /** Share of face-to-face and telephone contacts made by the digitally excluded. */
  excludedFraction: number;
  /** Contacts the digitally excluded make in the base year. */
  excluded0: number;
  /** Contacts that could move in the base year at full take-up, by channel (ASSISTED_CHANNELS order). */
  readonly movable: Float64Array;
  /** Share of the movable contacts the programme moves (1 when the target is out of reach). */
  scale: number;
  /** Contacts a year the programme is designed to move (base year, full take-up): it sizes the programme. */
  capacity: number;
  /** Base-year contacts, all channels, and web contacts. */
  contacts0: number;
  web0: number;
  /** Workload a moved contact takes with it, by channel: 1 ÷ (1 + s·(h − 1)) where the excluded contact, else 1. */
  readonly workloadPerMove: Float64Array;
}

export function newShiftPlan(): ShiftPlan {
  return {
    excludedFraction: 0,
    excluded0: 0,
    movable: new Float64Array(NA),
    scale: 0,
    capacity: 0,
    contacts0: 0,
    web0: 0,
    workloadPerMove: new Float64Array(NA),
  };
}

export function planShift(
  base: Readonly<Record<Channel, number>>,
  policy: ChannelShiftPolicy,
  a: Assumptions,
  out: ShiftPlan,
): ShiftPlan {
  const total = base.faceToFace + base.telephone + base.email + base.letter + base.web;
  const e = policy.excludedShare;
  const k = a.digitallyExcludedContactIntensity;
  const reach = base.faceToFace + base.telephone;
  const denominator = 1 - e + e * k;
  const wanted = denominator > 0 ? (total * e * k) / denominator : total;
  const excluded = Math.min(wanted, reach);
  const s = reach > 0 ? excluded / reach : 0;
  out.excludedFraction = s;
  out.excluded0 = excluded;
  out.contacts0 = total;
  out.web0 = base.web;
  let movable = 0;
  ASSISTED_CHANNELS.forEach((c, j) => {
    const own = c === 'faceToFace' || c === 'telephone' ? s : 0;
    out.movable[j] = base[c] * (1 - own) * policy.rules[c].shiftable;
    out.workloadPerMove[j] = 1 / (1 + own * (a.digitallyExcludedHandlingFactor - 1));
    movable += out.movable[j]!;
  });
  const need = total > 0 ? Math.max(0, policy.targetDigitalShare - base.web / total) * total : 0;
  out.scale = movable > 0 ? Math.min(1, need / movable) : 0;
  out.capacity = out.scale * movable;
  return out;
}

/** The digital share the authority would reach if every movable contact moved (base year). */
export function bestReachableShare(plan: ShiftPlan): number {
  let movable = 0;
  for (let j = 0; j < NA; j++) movable += plan.movable[j]!;
  return plan.contacts0 > 0 ? (plan.web0 + movable) / plan.contacts0 : 0;
}

/** One authority-year's contacts: as made (reporting) and as handling effort (what the contact service costs). */
export interface ChannelYear {
  readonly volumes: Record<Channel, number>;
  readonly workload: Record<Channel, number>;
  /** Contacts on the web this year that the status quo would have handled on an assisted channel. */
  moved: number;
}

export function newChannelYear(): ChannelYear {
  const zero = () => ({ faceToFace: 0, telephone: 0, email: 0, letter: 0, web: 0 });
  return { volumes: zero(), workload: zero(), moved: 0 };
}

/**
 * Contacts in year t: every channel grows by `growthFactor`; with a plan, channel c moves
 * scale × movable_c × growth × take-up_c(t) to the web. A moved contact leaves its channel's
 * workload by `workloadPerMove` (a face-to-face or telephone contact from an included citizen
 * is shorter than the channel's average, which includes the excluded's longer ones), so the
 * status quo costs exactly what it did and what remains is the harder part.
 */
export function channelYear(
  base: Readonly<Record<Channel, number>>,
  growthFactor: number,
  plan: ShiftPlan | undefined,
  timing: ShiftTiming | undefined,
  t: number,
  years: number,
  out: ChannelYear,
): ChannelYear {
  const g = growthFactor;
  const v = out.volumes;
  const w = out.workload;
  v.faceToFace = w.faceToFace = base.faceToFace * g;
  v.telephone = w.telephone = base.telephone * g;
  v.email = w.email = base.email * g;
  v.letter = w.letter = base.letter * g;
  v.web = w.web = base.web * g;
  out.moved = 0;
  if (!plan || !timing || plan.scale <= 0) return out;
  let moved = 0;
  for (let j = 0; j < NA; j++) {
    const m = plan.scale * plan.movable[j]! * g * timing.ramp[j * years + t]!;
    if (m <= 0) continue;
    const c = ASSISTED_CHANNELS[j]!;
    v[c] -= m;
    w[c] -= m * plan.workloadPerMove[j]!;
    moved += m;
  }
  v.web += moved;
  w.web += moved;
  out.moved = moved;
  return out;
}

/** The programme of one authority, before optimism bias, at base prices. */
export interface Programme {
  /** Capital: building the digital services. */
  build: number;
  /** Not capital: marketing over the take-up ramp. */
  marketing: number;
  /** Running the digital services, a year. */
  running: number;
}

/** An authority's programme, sized by the contacts a year it is designed to move. */
export function programmeOf(capacity: number, a: Assumptions, out: Programme): Programme {
  out.build = capacity > 0 ? Math.max(a.channelShiftBuildFloor, a.channelShiftBuildPerContact * capacity) : 0;
  out.marketing = a.channelShiftMarketingPerContact * capacity;
  out.running = a.channelShiftRunningPerContact * capacity;
  return out;
}

/** Uplifts the programme carries (Green Book optimism bias: capital on the build only; running costs by opex). */
export interface ProgrammeUplift {
  readonly capex: number;
  readonly opex: number;
}

/** The programme's cost lines in year t, after optimism bias (`excluded`: contacts the excluded make that year). */
export function programmeYear(
  p: Programme,
  excluded: number,
  timing: ShiftTiming,
  t: number,
  a: Assumptions,
  px: YearPrices,
  up: ProgrammeUplift,
) {
  const live = timing.live[t]!;
  return {
    build: p.build * (1 + up.capex) * timing.buildShare[t]!,
    marketing: p.marketing * timing.marketingShare[t]!,
    running: p.running * live * px.other * (1 + up.opex),
    assistedDigital: a.assistedDigitalPerContact * excluded * live * px.staff * (1 + up.opex),
  };
}

/** The same, summed (the hot path of compile: no object). */
export function programmeCost(
  p: Programme,
  excluded: number,
  timing: ShiftTiming,
  t: number,
  a: Assumptions,
  px: YearPrices,
  up: ProgrammeUplift,
): number {
  const live = timing.live[t]!;
  return (
    p.build * (1 + up.capex) * timing.buildShare[t]! +
    p.marketing * timing.marketingShare[t]! +
    (p.running * px.other + a.assistedDigitalPerContact * excluded * px.staff) * live * (1 + up.opex)
  );
}
