import fc from 'fast-check';
import { blockingCoalitions, shapleyValues } from '../../../lambda/engine';
import { airportClosedForm, BIRMINGHAM, maxCost } from './airport';

describe('shapleyValues: the airport game (Birmingham, 1968/69)', () => {
  const n = BIRMINGHAM.length;
  const phi = shapleyValues(n, maxCost(BIRMINGHAM));

  it('equals the closed form for every aircraft type', () => {
    const closed = airportClosedForm(BIRMINGHAM);
    for (let i = 0; i < n; i++) expect(phi[i]).toBeCloseTo(closed[i]!, 6);
    expect(phi[0]).toBeCloseTo(65899 / 11, 6); // the smallest type pays an equal share of the smallest runway
  });

  it('lies in the core: as a saving game, no coalition of types would do better alone', () => {
    // saving game v(S) = Σ_{i∈S} cᵢ − max_{i∈S} cᵢ; allocation of savings = cᵢ − φᵢ
    const saving = (mask: number) => {
      let s = 0;
      for (let i = 0; i < n; i++) if (mask & (1 << i)) s += BIRMINGHAM[i]!;
      return s - maxCost(BIRMINGHAM)(mask);
    };
    expect(
      blockingCoalitions(
        n,
        saving,
        BIRMINGHAM.map((c, i) => c - phi[i]!),
      ),
    ).toEqual([]);
  });
});

describe('a constructed game whose Shapley value is outside a non-empty core', () => {
  // v(12) = 0.9, v(13) = v(23) = 0.5, v(123) = 1, singletons 0. By hand over the six orders:
  // φ3 = (0.1 + 0.5 + 0.1 + 0.5 + 0 + 0) / 6 = 0.2, φ1 = φ2 = 0.4. The core is not empty
  // (0.45, 0.45, 0.1 satisfies every coalition), but {1, 2} gets 0.8 < 0.9 under Shapley.
  const v: Record<number, number> = { 1: 0, 2: 0, 4: 0, 3: 0.9, 5: 0.5, 6: 0.5, 7: 1 };
  const game = (m: number) => v[m]!;

  it('has the hand-computed Shapley value', () => {
    const phi = shapleyValues(3, game);
    expect(phi[0]).toBeCloseTo(0.4, 12);
    expect(phi[1]).toBeCloseTo(0.4, 12);
    expect(phi[2]).toBeCloseTo(0.2, 12);
  });

  it('finds {1, 2} as the blocking coalition, and nothing blocks a core allocation', () => {
    expect(blockingCoalitions(3, game, shapleyValues(3, game))).toEqual([0b011]);
    expect(blockingCoalitions(3, game, [0.45, 0.45, 0.1])).toEqual([]);
  });
});

/** Random games on up to 7 players as tables of coalition values. */
const gameArb = fc.integer({ min: 1, max: 7 }).chain((n) =>
  fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: 1 << n, maxLength: 1 << n }).map((vals) => {
    vals[0] = 0;
    return { n, v: vals };
  }),
);
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-7 * Math.max(1, Math.abs(a), Math.abs(b));

describe("Shapley's axioms (fast-check)", () => {
  it('efficiency: the values add up to v(N)', () => {
    fc.assert(
      fc.property(gameArb, ({ n, v }) =>
        close(
          shapleyValues(n, (m) => v[m]!).reduce((s, x) => s + x, 0),
          v[(1 << n) - 1]!,
        ),
      ),
    );
  });

  it('symmetry: two players with the same marginal contributions get the same value', () => {
    fc.assert(
      fc.property(
        gameArb.filter((g) => g.n >= 2),
        ({ n, v }) => {
          // make players 0 and 1 symmetric: v(S ∪ {1}) := v(S ∪ {0}) for S without both
          const w = [...v];
          for (let m = 0; m < 1 << n; m++) if ((m & 3) === 1) w[(m & ~1) | 2] = w[m]!;
          const phi = shapleyValues(n, (m) => w[m]!);
          return close(phi[0]!, phi[1]!);
        },
      ),
    );
  });

  it('null player: a player who adds nothing gets nothing', () => {
    fc.assert(
      fc.property(
        gameArb.filter((g) => g.n >= 2),
        ({ n, v }) => {
          const last = 1 << (n - 1);
          const w = v.map((_, m) => (m & last ? v[m & ~last]! : v[m]!));
          return close(shapleyValues(n, (m) => w[m]!)[n - 1]!, 0);
        },
      ),
    );
  });

  it('additivity: the value of a sum of games is the sum of the values', () => {
    fc.assert(
      fc.property(
        gameArb,
        fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: 128, maxLength: 128 }),
        ({ n, v }, other) => {
          const u = v.map((_, m) => (m === 0 ? 0 : other[m]!));
          const a = shapleyValues(n, (m) => v[m]!);
          const b = shapleyValues(n, (m) => u[m]!);
          const sum = shapleyValues(n, (m) => v[m]! + u[m]!);
          return sum.every((x, i) => close(x, a[i]! + b[i]!));
        },
      ),
    );
  });
});
