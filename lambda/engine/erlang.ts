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
  if (agents <= traffic) return 0;
  return 1 - erlangC(agents, traffic) * Math.exp((-(agents - traffic) * answerSeconds) / ahtSeconds);
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
 * The least number of agents N > A meeting the service level. One upward pass: the Erlang B
 * recursion advances with N, so each candidate costs O(1) and the whole search O(N).
 */
export function agentsRequired(t: StaffingTarget): number {
  const a = (t.arrivalsPerHour * t.ahtSeconds) / 3600;
  if (!(a > 0)) return 0;
  let b = 1;
  for (let n = 1; ; n++) {
    b = (a * b) / (n + a * b);
    if (n <= a) continue;
    const pWait = (n * b) / (n - a * (1 - b));
    const sl = 1 - pWait * Math.exp((-(n - a) * t.answerSeconds) / t.ahtSeconds);
    if (sl >= t.serviceLevel) return n;
  }
}

/** FTE needed to keep `agents` seats staffed for `openHours` a year, allowing for shrinkage. */
export function agentFte(agents: number, openHours: number, annualHoursPerFte: number, shrinkage: number): number {
  return (agents * openHours) / (annualHoursPerFte * (1 - shrinkage));
}
