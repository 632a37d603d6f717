/**
 * The nucleolus and the least core against independent references: the closed form of the
 * airport game's nucleolus (Littlechild, 1974) on the Birmingham data, the bankruptcy games of
 * the Talmud whose nucleoli Aumann and Maschler (1985) published, the glove game, the
 * three-player majority game (empty core), and the axioms as fast-check properties.
 */
import fc from 'fast-check';
import { blockingCoalitions, leastCore, loadLpSolver, LpSolverNotLoadedError, nucleolus } from '../../../lambda/engine';
import { blockingFromTable, tabulate } from '../../../lambda/engine/allocation/game';
import { leastCoreFromTable, nucleolusFromTable } from '../../../lambda/engine/allocation/nucleolus';
import { unloadLpSolverForTests } from '../../../lambda/engine/allocation/solver';
import { scenarioSchema } from '../../../lambda/engine/schema';
import { simulate } from '../../../lambda/engine/simulate';
import { example } from '../../helpers';
import { BIRMINGHAM, maxCost } from './airport';

beforeAll(async () => {
  await loadLpSolver();
});

/**
 * Littlechild (1974), "A simple expression for the nucleolus in a special case", Int. J. Game
 * Theory 3: in the airport cost game (players sorted by need), the nucleolus charges players in
 * blocks: y = min over i of (c_i − paid so far) / (i − k + 1), for the players k+1…i of the block
 * that attains it (the largest player shares every block), and the largest player pays the rest.
 */
function airportNucleolusCost(costs: readonly number[]): number[] {
  const n = costs.length;
  const y: number[] = [];
  let paid = 0;
  while (y.length < n - 1) {
    const k = y.length;
    let best = Infinity,
      at = -1;
    for (let i = k; i < n - 1; i++) {
      const r = (costs[i]! - paid) / (i - k + 2);
      if (r < best - 1e-12) {
        best = r;
        at = i;
      }
    }
    for (let i = k; i <= at; i++) y.push(best);
    paid += best * (at - k + 1);
  }
  y.push(costs[n - 1]! - paid);
  return y;
}

/** Bankruptcy game: v(S) = max(0, E − claims of those outside S). */
const bankruptcy = (estate: number, claims: readonly number[]) => (mask: number) => {
  let outside = 0;
  claims.forEach((d, i) => {
    if (!(mask & (1 << i))) outside += d;
  });
  return Math.max(0, estate - outside);
};

/** The Talmud rule (Aumann and Maschler, 1985): constrained equal awards of half-claims, or losses beyond them. */
function talmud(estate: number, claims: readonly number[]): number[] {
  const half = claims.map((d) => d / 2);
  const total = claims.reduce((s, d) => s + d, 0);
  const cea = (amount: number, caps: readonly number[]) => {
    let lo = 0,
      hi = Math.max(...caps);
    for (let k = 0; k < 200; k++) {
      const mid = (lo + hi) / 2;
      if (caps.reduce((s, c) => s + Math.min(c, mid), 0) < amount) lo = mid;
      else hi = mid;
    }
    return caps.map((c) => Math.min(c, hi));
  };
  if (estate <= total / 2) return cea(estate, half);
  const losses = cea(total - estate, half);
  return claims.map((d, i) => d - losses[i]!);
}

const expectClose = (got: readonly number[], want: readonly number[], rel = 1e-7) => {
  const scale = Math.max(1, ...want.map(Math.abs));
  got.forEach((g, i) => {
    expect(Math.abs(g - want[i]!)).toBeLessThanOrEqual(rel * scale);
  });
};

describe('nucleolus: the airport game (Birmingham, 1968/69)', () => {
  const n = BIRMINGHAM.length;
  // as a saving game: v(S) = Σ_{i∈S} cᵢ − max_{i∈S} cᵢ; a player's saving is its cost alone less its charge
  const saving = (mask: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) if (mask & (1 << i)) s += BIRMINGHAM[i]!;
    return s - maxCost(BIRMINGHAM)(mask);
  };

  it("equals Littlechild's closed form for every aircraft type", () => {
    const charge = airportNucleolusCost(BIRMINGHAM);
    expectClose(
      nucleolus(n, saving),
      BIRMINGHAM.map((c, i) => c - charge[i]!),
    );
  });

  it('the closed form itself: a three-player case worked by hand', () => {
    // costs 1, 2, 10: level one gives player 1 a saving of 0.5, level two players 2 and 3 1.25 each
    expectClose(airportNucleolusCost([1, 2, 10]), [0.5, 0.75, 8.75]);
  });

  it('lies in the core', () => {
    expect(blockingCoalitions(n, saving, nucleolus(n, saving))).toEqual([]);
  });
});

describe('nucleolus: bankruptcy games of the Talmud (Aumann and Maschler, 1985)', () => {
  // Claims 100, 200, 300 (the Mishna's three widows): estates 100, 200 and 300 give
  // (33⅓, 33⅓, 33⅓), (50, 75, 75) and (50, 100, 150), the Talmud's own figures.
  it.each([
    [100, [100 / 3, 100 / 3, 100 / 3]],
    [200, [50, 75, 75]],
    [300, [50, 100, 150]],
  ])('estate %d', (estate, want) => {
    expectClose(nucleolus(3, bankruptcy(estate, [100, 200, 300])), want);
  });

  it.each([60, 150, 240, 330, 420])('four claimants (40, 80, 120, 180), estate %d: the Talmud rule', (estate) => {
    const claims = [40, 80, 120, 180];
    expectClose(nucleolus(4, bankruptcy(estate, claims)), talmud(estate, claims));
  });
});

describe('nucleolus and least core: small textbook games', () => {
  it('the glove game: one left glove, two right gloves; the core is the single point (1, 0, 0)', () => {
    const gloves = (m: number) => (m & 1 && m & 6 ? 1 : 0);
    expectClose(nucleolus(3, gloves), [1, 0, 0]);
    const lc = leastCore(3, gloves);
    expectClose(lc.allocation, [1, 0, 0]);
    expect(lc.coreEmpty).toBe(false);
    expect(lc.margin).toBeCloseTo(0, 9);
  });

  it('the three-player majority game has an empty core: least core (⅓, ⅓, ⅓), deficit ⅓', () => {
    const majority = (m: number) => ((m & 1) + ((m >> 1) & 1) + ((m >> 2) & 1) >= 2 ? 1 : 0);
    const lc = leastCore(3, majority);
    expect(lc.coreEmpty).toBe(true);
    expect(lc.deficit).toBeCloseTo(1 / 3, 9);
    expect(lc.margin).toBeCloseTo(-1 / 3, 9);
    expectClose(lc.allocation, [1 / 3, 1 / 3, 1 / 3]);
    expectClose(nucleolus(3, majority), [1 / 3, 1 / 3, 1 / 3]);
  });

  it('a game whose Shapley value is outside a non-empty core: the least core moves it inside', () => {
    // v(12) = 0.9, v(13) = v(23) = 0.5, v(123) = 1 (game.test.ts: Shapley (0.4, 0.4, 0.2) is blocked by {1, 2})
    const v: Record<number, number> = { 1: 0, 2: 0, 4: 0, 3: 0.9, 5: 0.5, 6: 0.5, 7: 1 };
    const lc = leastCore(3, (m) => v[m]!);
    // max t: x₁ + x₂ ≥ 0.9 + t and x₁, x₂ ≤ 0.5 − t (from x₂ + x₃, x₁ + x₃ ≥ 0.5 + t)
    // give t ≤ 1/30,
    // where x₁ = x₂ = 0.5 − 1/30 = 7/15 and x₃ = 1/15: the least core is that single point
    expect(lc.margin).toBeCloseTo(1 / 30, 9);
    expectClose(lc.allocation, [7 / 15, 7 / 15, 1 / 15]);
    expectClose(
      nucleolus(3, (m) => v[m]!),
      [7 / 15, 7 / 15, 1 / 15],
    );
  });

  it('zero and one player', () => {
    expect(nucleolus(0, () => 0)).toEqual([]);
    expect(nucleolus(1, () => 7)).toEqual([7]);
    expect(() => nucleolus(21, () => 0)).toThrow(RangeError);
  });
});

/** Random games on 2 to 6 players as tables of coalition values. */
const gameArb = fc
  .integer({ min: 2, max: 6 })
  .chain((n) =>
    fc
      .array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1 << n, maxLength: 1 << n })
      .map((vals) => ({ n, v: Float64Array.from(vals, (x, m) => (m === 0 ? 0 : x)) })),
  );
const sum = (x: readonly number[]) => x.reduce((s, a) => s + a, 0);

describe('nucleolus and least core: properties (fast-check)', () => {
  it('efficiency: both add up to v(N)', () => {
    fc.assert(
      fc.property(gameArb, ({ n, v }) => {
        const full = v[(1 << n) - 1]!;
        expect(sum(nucleolusFromTable(n, v).allocation)).toBeCloseTo(full, 6);
        expect(sum(leastCoreFromTable(n, v).allocation)).toBeCloseTo(full, 6);
      }),
      { numRuns: 60 },
    );
  });

  it('individual rationality: when the imputations exist, nobody gets less than alone', () => {
    fc.assert(
      fc.property(gameArb, ({ n, v }) => {
        let alone = 0;
        for (let i = 0; i < n; i++) alone += v[1 << i]!;
        fc.pre(v[(1 << n) - 1]! >= alone);
        const x = nucleolusFromTable(n, v).allocation;
        for (let i = 0; i < n; i++) expect(x[i]!).toBeGreaterThanOrEqual(v[1 << i]! - 1e-6);
      }),
      { numRuns: 60 },
    );
  });

  it('symmetry: two interchangeable players get the same', () => {
    fc.assert(
      fc.property(gameArb, ({ n, v }) => {
        const w = Float64Array.from(v);
        for (let m = 0; m < 1 << n; m++) if ((m & 3) === 1) w[(m & ~1) | 2] = w[m]!;
        const x = nucleolusFromTable(n, w).allocation;
        expect(x[0]!).toBeCloseTo(x[1]!, 6);
      }),
      { numRuns: 60 },
    );
  });

  it('least core: its smallest excess is the margin, the nucleolus shares it, a non-empty core holds both', () => {
    fc.assert(
      fc.property(gameArb, ({ n, v }) => {
        const lc = leastCoreFromTable(n, v);
        const nu = nucleolusFromTable(n, v);
        const minExcess = (x: readonly number[]) =>
          -Math.max(
            ...blockingFromTable(
              n,
              v,
              x.map((xi) => xi),
              Infinity,
            ).map((b) => b.excess),
            -Infinity,
          );
        const tol = 1e-6 * Math.max(1, ...Array.from(v, Math.abs));
        expect(nu.levels[0]!).toBeCloseTo(lc.margin, 6);
        for (const x of [lc.allocation, nu.allocation]) {
          let least = Infinity;
          for (let m = 1; m < (1 << n) - 1; m++) {
            let s = 0;
            for (let i = 0; i < n; i++) if (m & (1 << i)) s += x[i]!;
            least = Math.min(least, s - v[m]!);
          }
          expect(least).toBeGreaterThanOrEqual(lc.margin - tol);
          if (!lc.coreEmpty) expect(minExcess(x)).toBeGreaterThanOrEqual(-tol);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a table and a value function give the same nucleolus', () => {
    const f = (m: number) => (m * 7919) % 101;
    expect(nucleolus(5, f)).toEqual(nucleolusFromTable(5, tabulate(5, f)).allocation);
  });
});

describe('without a loaded solver', () => {
  it('an LP method says to load it', async () => {
    unloadLpSolverForTests();
    try {
      expect(() => nucleolus(3, () => 1)).toThrow(LpSolverNotLoadedError);
      expect(() => leastCore(3, () => 1)).toThrow(/loadLpSolver/);
    } finally {
      await loadLpSolver();
    }
  });

  it('a simulation still runs: it carries no core allocation unless one is asked for', async () => {
    const s = scenarioSchema.parse(example('gwent-psn'));
    const blocked = {
      ...s,
      authorities: [...s.authorities, { id: 'far', kind: 'school' as const, staff: 25, profile: { linkKm: 2000 } }],
    };
    unloadLpSolverForTests();
    try {
      const r = simulate(blocked, { sensitivity: false, compareDelivery: false });
      expect(r.stability.inCore).toBe(false);
      expect(r.stability.coreAllocation).toBeNull();
      expect(() => simulate(blocked, { sensitivity: false, coreAllocation: true })).toThrow(LpSolverNotLoadedError);
      expect(() => simulate(blocked, { allocation: 'nucleolus' })).toThrow(LpSolverNotLoadedError);
    } finally {
      await loadLpSolver();
    }
  });
});
