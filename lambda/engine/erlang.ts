/**
 * Erlang B and C queueing formulas for staffing a desk or contact centre.
 * Erlang C is computed through the Erlang B recursion B(n) = A·B(n-1) / (n + A·B(n-1)),
 * which is numerically stable for traffic in the thousands (no factorials, no powers).
 *
 * Every loop here is bounded. Above ASYMPTOTE_ERLANGS of traffic the recursions (O(√A) steps
 * and more) give way to the Halfin–Whitt heavy-traffic asymptote, a closed form: with
 * N = A + β√A agents, P(wait) → 1 / (1 + βΦ(β)/φ(β)) and B → φ(β) / (√A·Φ(β)) as A grows. At a
 * million Erlangs it agrees with the exact search to within an agent or two (tested), a
 * relative error under 1e-5; beyond that it only gets better. Infinite traffic needs infinitely
 * many agents (the caller's finite-result check then names the inputs).
 */

/** Traffic (Erlangs) above which staffing is the heavy-traffic asymptote, not the recursion. */
export const ASYMPTOTE_ERLANGS = 1e6;

/** Most agents beyond the traffic any meaningful target needs, in units of √A (plus a constant). */
const HEADROOM_SQRT = 40;
const HEADROOM_CONST = 100;

/** φ(x): the standard normal density. */
function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/** Numerical Recipes' erfc polynomial in t, highest power first. */
const ERFC = [
  0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368,
  -1.26551223,
];

/** Φ(x): the standard normal distribution function, by erfc (Numerical Recipes' erfcc, relative error < 1.2e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  let poly = 0;
  for (const c of ERFC) poly = poly * t + c;
  const erfc = t * Math.exp(-z * z + poly);
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** Heavy traffic: P(wait) with N = A + β√A agents (Halfin–Whitt), β > 0. */
function waitProbabilityHw(beta: number): number {
  if (beta <= 0) return 1;
  return 1 / (1 + (beta * normalCdf(beta)) / normalPdf(beta));
}

export function erlangB(agents: number, traffic: number): number {
  if (!(agents > 0)) return 1;
  if (!(traffic > 0)) return 0;
  if (!Number.isFinite(traffic)) return 1;
  if (traffic > ASYMPTOTE_ERLANGS) {
    const beta = (agents - traffic) / Math.sqrt(traffic);
    const phi = normalCdf(beta);
    return phi > 0 ? Math.min(1, normalPdf(beta) / (Math.sqrt(traffic) * phi)) : Math.min(1, 1 - agents / traffic);
  }
  // far beyond the traffic the blocking probability is below the smallest double
  if (agents > traffic + HEADROOM_SQRT * Math.sqrt(traffic) + HEADROOM_CONST) return 0;
  let b = 1;
  for (let n = 1; n <= agents; n++) b = (traffic * b) / (n + traffic * b);
  return b;
}

/** Probability that a contact waits, with `agents` serving `traffic` Erlangs (1 when agents <= traffic). */
export function erlangC(agents: number, traffic: number): number {
  if (agents <= traffic) return 1;
  if (traffic > ASYMPTOTE_ERLANGS && Number.isFinite(traffic))
    return waitProbabilityHw((agents - traffic) / Math.sqrt(traffic));
  const b = erlangB(agents, traffic);
  return (agents * b) / (agents - traffic * (1 - b));
}

/** Share answered within `answerSeconds`: 1 - P(wait)·exp(-(N - A)·T / AHT). */
export function serviceLevel(agents: number, traffic: number, ahtSeconds: number, answerSeconds: number): number {
  return serviceLevelOver(agents, traffic, answerSeconds / ahtSeconds);
}

/** Average speed of answer, seconds: P(wait)·AHT / (N - A). */
export function averageSpeedOfAnswer(agents: number, traffic: number, ahtSeconds: number): number {
  if (agents <= traffic) return Infinity;
  return (erlangC(agents, traffic) * ahtSeconds) / (agents - traffic);
}

export interface StaffingTarget {
  readonly arrivalsPerHour: number;
  readonly ahtSeconds: number;
  readonly serviceLevel: number;
  readonly answerSeconds: number;
}

/**
 * The least number of agents N > A meeting the service level, by direct search: one upward
 * pass of the recursion 1/B(n) = 1 + (n/A)·1/B(n−1). Below A that recursion contracts any
 * error in its start by n/A per step, so it starts 10√A + 5 below A from the estimate
 * 1/B ≈ A/(A − n): over those steps the start's error shrinks by about exp(−50), beyond double
 * precision. Large pooled traffic (thousands of Erlangs) costs O(√A) steps, not O(A); above
 * ASYMPTOTE_ERLANGS the heavy-traffic asymptote answers in constant time. A target no number of
 * agents within A + 40√A + 100 meets (a service level of 1, say) needs Infinity agents.
 */
export function searchAgents(a: number, level: number, answerOverAht: number): number {
  if (!(a > 0)) return 0;
  if (!Number.isFinite(a)) return Infinity;
  if (a > ASYMPTOTE_ERLANGS) return asymptoticAgents(a, level, answerOverAht);
  const start = Math.max(0, Math.floor(a - 10 * Math.sqrt(a) - 5));
  const last = a + HEADROOM_SQRT * Math.sqrt(a) + HEADROOM_CONST;
  let invB = start === 0 ? 1 : a / (a - start);
  for (let n = start + 1; n <= last; n++) {
    invB = 1 + (n / a) * invB;
    if (n <= a) continue;
    const b = 1 / invB;
    const pWait = (n * b) / (n - a * (1 - b));
    if (1 - pWait * Math.exp(-(n - a) * answerOverAht) >= level) return n;
  }
  return Infinity;
}

/**
 * Heavy traffic: the least β ≥ 0 with 1 − P(wait)·exp(−β√A·T/AHT) ≥ level (both factors fall as
 * β grows, so bisection: 60 halvings of [0, 40]), then N = ⌈A + β√A⌉.
 */
export function asymptoticAgents(a: number, level: number, answerOverAht: number): number {
  const root = Math.sqrt(a);
  const meets = (beta: number) => 1 - waitProbabilityHw(beta) * Math.exp(-beta * root * answerOverAht) >= level;
  let hi = HEADROOM_SQRT;
  if (!meets(hi)) return Infinity;
  let lo = 0;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (meets(mid)) hi = mid;
    else lo = mid;
  }
  return Math.max(Math.floor(a) + 1, Math.ceil(a + hi * root));
}

/**
 * The staffing step function of one target, memoized: maxTraffic[N] is the most traffic N
 * agents serve at the target (found once by bisection; the service level falls as traffic
 * rises), so N(A) is the least N with A ≤ maxTraffic[N]: an index by whole Erlangs, no exp. The saving
 * game asks for staffing millions of times; the table is built once per target, up to
 * TABLE_MAX_AGENTS, beyond which the direct search (cheap there, O(√A)) answers.
 */
const TABLE_MAX_AGENTS = 600;

/**
 * Calls a target answers by the direct search before its table is built: a target drawn fresh
 * in each Monte Carlo iteration (an uncertain service level or handling time) is asked once per
 * authority-year of a pool, a few thousand times at most, and would pay for a table it never
 * reuses (profiled on the call-centre example: tables were most of its Monte Carlo time); the
 * saving game asks millions.
 */
export const CALLS_BEFORE_TABLE = 2000;

/** The staffing step function of one target: `agents(traffic)` for traffic in Erlangs. */
export interface Staffing {
  agents(trafficErlangs: number): number;
}

class StaffingTable implements Staffing {
  private readonly maxTraffic: number[] = [0];
  /** byUnit[j]: the least N with maxTraffic[N] ≥ j, so N(A) is byUnit[⌊A⌋] or a step or two above. */
  private readonly byUnit: number[] = [1];
  private calls = 0;
  /** The most traffic the table answers (its last maxTraffic), once it is in use. */
  private covered = 0;

  constructor(
    readonly level: number,
    readonly answerOverAht: number,
  ) {}

  private extendTo(a: number): boolean {
    while (this.maxTraffic[this.maxTraffic.length - 1]! < a) {
      const n = this.maxTraffic.length;
      if (n > TABLE_MAX_AGENTS) return false;
      let lo = this.maxTraffic[n - 1]!;
      let hi = n;
      for (;;) {
        const mid = (lo + hi) / 2;
        if (mid <= lo || mid >= hi) break;
        if (serviceLevelOver(n, mid, this.answerOverAht) >= this.level) lo = mid;
        else hi = mid;
      }
      this.maxTraffic.push(lo);
      // traffic in (maxTraffic[n - 1], lo] needs n agents: index its whole units
      for (let j = this.byUnit.length; j <= lo; j++) this.byUnit.push(n);
    }
    return true;
  }

  agents(a: number): number {
    // the saving game's case first: traffic the table already covers (`covered` is 0 until it is built)
    if (a > 0 && a <= this.covered) {
      // maxTraffic rises by about one Erlang per agent: from the unit's first N, a step or two up
      const m = this.maxTraffic;
      let n = this.byUnit[Math.floor(a)]!;
      while (m[n]! < a) n++;
      return n;
    }
    if (!(a > 0)) return 0;
    if (this.calls < CALLS_BEFORE_TABLE) {
      this.calls++;
      return searchAgents(a, this.level, this.answerOverAht);
    }
    // N > A: traffic the table's largest staffing cannot serve goes straight to the search
    if (a >= TABLE_MAX_AGENTS || !this.extendTo(a)) return searchAgents(a, this.level, this.answerOverAht);
    this.covered = this.maxTraffic[this.maxTraffic.length - 1]!;
    return this.agents(a);
  }
}

/** The service level with the answer time given as a share of the handling time. */
function serviceLevelOver(n: number, a: number, answerOverAht: number): number {
  if (n <= a) return 0;
  return 1 - erlangC(n, a) * Math.exp(-(n - a) * answerOverAht);
}

// A handful of targets in practice (desk, contact centre); compared as numbers, because
// formatting doubles into a string key cost more than the staffing lookup itself.
const tables: StaffingTable[] = [];

let lastTable: StaffingTable | undefined;

function tableFor(level: number, answerOverAht: number): StaffingTable {
  const last = lastTable;
  if (last !== undefined && last.level === level && last.answerOverAht === answerOverAht) return last;
  for (let i = 0; i < tables.length; i++) {
    const t = tables[i]!;
    if (t.level === level && t.answerOverAht === answerOverAht) {
      lastTable = t;
      return t;
    }
  }
  if (tables.length >= 64) tables.length = 0; // many distinct targets only when the target itself is varied
  const t = new StaffingTable(level, answerOverAht);
  tables.unshift(t);
  lastTable = t;
  return t;
}

/**
 * The staffing table of a target, for a caller that staffs one target many times (the saving
 * game's desk and contact centre hold it per assumptions object): the same answers as
 * `agentsFor` without finding the table on every call. A held table keeps answering from its
 * table after `tableFor` has started its list afresh (past 64 targets), where `agentsFor` would
 * start a new table by direct search: the two agree except for traffic within about 1e-13 of a
 * staffing step.
 */
export function staffing(serviceLevel: number, answerSeconds: number, ahtSeconds: number): Staffing {
  return tableFor(serviceLevel, answerSeconds / ahtSeconds);
}

/** The least number of agents N > A meeting the service level (0 for no traffic). */
export function agentsRequired(t: StaffingTarget): number {
  return agentsFor(t.arrivalsPerHour, t.ahtSeconds, t.serviceLevel, t.answerSeconds);
}

/** The same, positionally: the saving game calls it millions of times, without building objects. */
export function agentsFor(
  arrivalsPerHour: number,
  ahtSeconds: number,
  serviceLevel: number,
  answerSeconds: number,
): number {
  return tableFor(serviceLevel, answerSeconds / ahtSeconds).agents((arrivalsPerHour * ahtSeconds) / 3600);
}

/** FTE needed to keep `agents` seats staffed for `openHours` a year, allowing for shrinkage. */
export function agentFte(agents: number, openHours: number, annualHoursPerFte: number, shrinkage: number): number {
  return (agents * openHours) / (annualHoursPerFte * (1 - shrinkage));
}
