/**
 * Erlang B and C queueing formulas for staffing a desk or contact centre.
 * Erlang C is computed through the Erlang B recursion B(n) = A·B(n-1) / (n + A·B(n-1)),
 * which is numerically stable for traffic in the thousands (no factorials, no powers).
 */

export function erlangB(agents: number, traffic: number): number {
  let b = 1;
  for (let n = 1; n <= agents; n++) b = (traffic * b) / (n + traffic * b);
  return b;
}

/** Probability that a contact waits, with `agents` serving `traffic` Erlangs (1 when agents <= traffic). */
export function erlangC(agents: number, traffic: number): number {
  if (agents <= traffic) return 1;
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
 * precision. Large pooled traffic (thousands of Erlangs) costs O(√A) steps, not O(A).
 */
export function searchAgents(a: number, level: number, answerOverAht: number): number {
  if (!(a > 0)) return 0;
  const start = Math.max(0, Math.floor(a - 10 * Math.sqrt(a) - 5));
  let invB = start === 0 ? 1 : a / (a - start);
  for (let n = start + 1; ; n++) {
    invB = 1 + (n / a) * invB;
    if (n <= a) continue;
    const b = 1 / invB;
    const pWait = (n * b) / (n - a * (1 - b));
    if (1 - pWait * Math.exp(-(n - a) * answerOverAht) >= level) return n;
  }
}

/**
 * The staffing step function of one target, memoized: maxTraffic[N] is the most traffic N
 * agents serve at the target (found once by bisection; the service level falls as traffic
 * rises), so N(A) is the least N with A ≤ maxTraffic[N]: a binary search, no exp. The saving
 * game asks for staffing millions of times; the table is built once per target, up to
 * TABLE_MAX_AGENTS, beyond which the direct search (cheap there, O(√A)) answers.
 */
const TABLE_MAX_AGENTS = 600;
/** Lookups of a target answered by direct search before its table is built. */
const DIRECT_LOOKUPS = 2000;

class StaffingTable {
  private readonly maxTraffic: number[] = [0];

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
    }
    return true;
  }

  /** Lookups so far: a table pays for itself only over many (the saving game), not a Monte Carlo draw's few. */
  private uses = 0;

  agents(a: number): number {
    if (!(a > 0)) return 0;
    if (++this.uses <= DIRECT_LOOKUPS || !this.extendTo(a)) return searchAgents(a, this.level, this.answerOverAht);
    const m = this.maxTraffic;
    let lo = 1,
      hi = m.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (m[mid]! >= a) hi = mid;
      else lo = mid + 1;
    }
    return lo;
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

function tableFor(level: number, answerOverAht: number): StaffingTable {
  for (const t of tables) if (t.level === level && t.answerOverAht === answerOverAht) return t;
  if (tables.length >= 64) tables.length = 0; // many distinct targets only when the target itself is varied
  const t = new StaffingTable(level, answerOverAht);
  tables.unshift(t);
  return t;
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
