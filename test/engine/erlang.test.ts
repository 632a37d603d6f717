import {
  ASYMPTOTE_ERLANGS,
  CALLS_BEFORE_TABLE,
  agentFte,
  agentsRequired,
  asymptoticAgents,
  averageSpeedOfAnswer,
  erlangB,
  erlangC,
  normalCdf,
  searchAgents,
  serviceLevel,
} from '../../lambda/engine/erlang';

/** Reference Erlang C straight from the textbook formula with factorial sums (small A only). */
function naiveErlangC(n: number, a: number): number {
  let sum = 0;
  let term = 1; // a^k / k!
  for (let k = 0; k < n; k++) {
    sum += term;
    term = (term * a) / (k + 1);
  }
  const top = term * (n / (n - a)); // a^n/n! · n/(n−a)
  return top / (sum + top);
}

describe('Erlang C against textbook values', () => {
  // 360 calls per half hour, AHT 4 min (240 s): traffic 48 Erlangs; target 80 % in 15 s.
  const target = { arrivalsPerHour: 720, ahtSeconds: 240, serviceLevel: 0.8, answerSeconds: 15 };

  it('needs 55 agents, with the published service level, P(wait) and ASA', () => {
    expect(agentsRequired(target)).toBe(55);
    expect(serviceLevel(55, 48, 240, 15)).toBeCloseTo(0.846, 3);
    expect(erlangC(55, 48)).toBeCloseTo(0.2387, 4);
    expect(averageSpeedOfAnswer(55, 48, 240)).toBeCloseTo(8.2, 1);
  });

  it('54 agents reach only 79.3 %', () => {
    expect(serviceLevel(54, 48, 240, 15)).toBeCloseTo(0.793, 3);
  });

  it('pooling: three bodies with 60 calls/h, AHT 6 min, 80 % in 20 s need 9 agents each but 23 pooled', () => {
    const each = agentsRequired({ arrivalsPerHour: 60, ahtSeconds: 360, serviceLevel: 0.8, answerSeconds: 20 });
    const pooled = agentsRequired({ arrivalsPerHour: 180, ahtSeconds: 360, serviceLevel: 0.8, answerSeconds: 20 });
    expect(each).toBe(9);
    expect(3 * each).toBe(27);
    expect(pooled).toBe(23);
  });

  it('matches the factorial formula for small traffic', () => {
    for (const [n, a] of [
      [3, 1.5],
      [9, 6],
      [23, 18],
      [12, 11.2],
      [40, 30],
    ] as const) {
      expect(erlangC(n, a)).toBeCloseTo(naiveErlangC(n, a), 12);
    }
  });

  it('is stable for traffic in the thousands (no overflow, sensible staffing)', () => {
    const a = 4000;
    const n = agentsRequired({ arrivalsPerHour: a * 12, ahtSeconds: 300, serviceLevel: 0.8, answerSeconds: 20 });
    // square-root staffing: N ≈ A + β√A with β around 0–2 for an 80 % level
    expect(n).toBeGreaterThan(a);
    expect(n).toBeLessThan(a + 2 * Math.sqrt(a));
    expect(Number.isFinite(erlangB(n, a))).toBe(true);
    expect(serviceLevel(n, a, 300, 20)).toBeGreaterThanOrEqual(0.8);
    expect(serviceLevel(n - 1, a, 300, 20)).toBeLessThan(0.8);
  });

  it('needs no agents for no traffic, and at least one for any traffic', () => {
    expect(agentsRequired({ ...target, arrivalsPerHour: 0 })).toBe(0);
    expect(agentsRequired({ ...target, arrivalsPerHour: 0.001 })).toBe(1);
  });

  it('converts seats to FTE over opening hours with shrinkage', () => {
    // 10 seats × 2,000 h ÷ (1,600 h × (1 − 0.2)) = 15.625 FTE
    expect(agentFte(10, 2000, 1600, 0.2)).toBeCloseTo(15.625, 12);
  });
});

describe('the fast staffing search', () => {
  /** Reference: the plain Erlang B recursion from n = 1, exact to rounding. */
  function referenceAgents(a: number, aht: number, sl: number, t: number): number {
    for (let n = Math.floor(a) + 1; ; n++) if (serviceLevel(n, a, aht, t) >= sl) return n;
  }

  it('the table lookup and the direct search agree with the plain recursion from 0.01 to 5,000 Erlangs', () => {
    // a target is answered by the search until it has been asked often enough to earn its table
    for (const [sl, t] of [
      [0.8, 20],
      [0.9, 10],
      [0.5, 60],
    ] as const)
      for (let i = 0; i < CALLS_BEFORE_TABLE; i++)
        agentsRequired({ arrivalsPerHour: 1, ahtSeconds: 300, serviceLevel: sl, answerSeconds: t });
    let checked = 0;
    for (let a = 0.01; a < 5000; a *= 1.07) {
      for (const [sl, t] of [
        [0.8, 20],
        [0.9, 10],
        [0.5, 60],
      ] as const) {
        const want = referenceAgents(a, 300, sl, t);
        expect(
          agentsRequired({ arrivalsPerHour: (a * 3600) / 300, ahtSeconds: 300, serviceLevel: sl, answerSeconds: t }),
        ).toBe(want);
        expect(searchAgents(a, sl, t / 300)).toBe(want);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
});

describe('staffing never loops (issue 19)', () => {
  /** Reference: the plain Erlang B recursion from n = 1 (erlangB below the asymptote's threshold). */
  function referenceAgents(a: number, sl: number, r: number): number {
    for (let n = Math.floor(a) + 1; ; n++) if (1 - erlangC(n, a) * Math.exp(-(n - a) * r) >= sl) return n;
  }

  it('the heavy-traffic asymptote agrees with the exact search within two agents from 100,000 Erlangs up', () => {
    const targets = [
      [0.8, 20 / 300],
      [0.95, 0],
      [0.5, 60 / 300],
    ] as const;
    for (const [sl, r] of targets) expect(searchAgents(1e5, sl, r)).toBe(referenceAgents(1e5, sl, r));
    for (const a of [1e5, 4e5, ASYMPTOTE_ERLANGS])
      for (const [sl, r] of targets)
        expect(Math.abs(asymptoticAgents(a, sl, r) - searchAgents(a, sl, r))).toBeLessThanOrEqual(2);
  });

  it('answers for traffic past 2^53 and for 1e22 tickets a year: more agents than Erlangs, and finite', () => {
    for (const arrivals of [1e22 / 2600, 2 ** 60, 1e300]) {
      const n = agentsRequired({ arrivalsPerHour: arrivals, ahtSeconds: 600, serviceLevel: 0.8, answerSeconds: 20 });
      const a = (arrivals * 600) / 3600;
      expect(Number.isFinite(n)).toBe(true);
      // at least the traffic (past 2^53 the few agents above it are below a double's resolution)
      expect(n).toBeGreaterThanOrEqual(a);
      expect(n).toBeLessThan(a * (1 + 1e-6));
    }
  });

  it('infinite traffic, or a target no staffing meets, needs Infinity agents rather than a search without end', () => {
    expect(agentsRequired({ arrivalsPerHour: Infinity, ahtSeconds: 600, serviceLevel: 0.8, answerSeconds: 20 })).toBe(
      Infinity,
    );
    expect(searchAgents(5000, 1.5, 0.1)).toBe(Infinity);
    expect(asymptoticAgents(1e9, 1.5, 0.1)).toBe(Infinity);
  });

  it('Erlang B and C of huge staffing are bounded computations', () => {
    expect(erlangB(1e15, 5)).toBe(0);
    expect(erlangC(1e15, 5)).toBe(0);
    expect(erlangB(1e12, Infinity)).toBe(1);
    // heavy traffic: B = C·(N − A) / (N − A·C), the identity the recursion satisfies, holds for the closed forms
    const n = 2e6 + 3000,
      a = 2e6;
    const c = erlangC(n, a);
    expect(erlangB(n, a)).toBeCloseTo((c * (n - a)) / (n - a * c), 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-3)).toBeCloseTo(0.0013499, 6);
  });
});
