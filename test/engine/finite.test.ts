/**
 * Issue 19, items 1 and 8: valid inputs that used to hang the staffing search or give NaN
 * (answered as `null` and then a report that failed) now give a finite result or a clear
 * UnprocessableScenarioError naming the inputs that can cause it.
 */
import fc from 'fast-check';
import { UnprocessableScenarioError } from '../../lambda/engine/errors';
import { assertFinite, nonFinitePaths, suspectInputs } from '../../lambda/engine/finite';
import { ASSUMPTIONS, ASSUMPTION_KEYS } from '../../lambda/engine/defaults';
import { scenarioSchema } from '../../lambda/engine/schema';
import { simulate } from '../../lambda/engine/simulate';
import { monteCarloInProcess } from '../../lambda/engine/uncertainty/attach';
import { scenario } from '../helpers';

const two = [
  { id: 'a', kind: 'police', staff: 100 },
  { id: 'b', kind: 'council', staff: 1000 },
] as const;

function refusal(fn: () => unknown): UnprocessableScenarioError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UnprocessableScenarioError) return e;
    throw e;
  }
  throw new Error('expected an UnprocessableScenarioError');
}

function allFinite(v: unknown): boolean {
  return nonFinitePaths(v).length === 0;
}

describe('non-finite results are refused, naming the inputs', () => {
  it("an FTE of 0 hours and servers of 1e308 W are refused by the assumptions' bounds, at their paths", () => {
    for (const [assumptions, path] of [
      [{ annualHoursPerFte: 0 }, 'assumptions/annualHoursPerFte'],
      [{ serverWatts: 1e308 }, 'assumptions/serverWatts'],
    ] as const) {
      const r = scenarioSchema.safeParse({ name: 'x', authorities: [...two], assumptions });
      expect(r.success).toBe(false);
      expect(r.error!.issues.map((i) => i.path.join('/'))).toEqual([path]);
    }
  });

  it('a normal with sd 1e308, in the tornado or the Monte Carlo: draws held within the bounds, finite', () => {
    const s = scenario({
      name: 'x',
      authorities: [...two],
      assumptions: { serverWatts: { dist: 'normal', mean: 300, sd: 1e308 } },
    });
    const central = simulate(s);
    expect(allFinite(central)).toBe(true);
    const watts = central.sensitivity.find((e) => e.assumption === 'serverWatts');
    expect(watts).toBeDefined();
    expect(allFinite(monteCarloInProcess(simulate(s, { sensitivity: false }), s, 50, 1))).toBe(true);
  });

  it('profile figures past any public body are refused by the schema with their path', () => {
    const r = scenarioSchema.safeParse({
      name: 'x',
      authorities: [{ id: 'a', kind: 'police', staff: 100, profile: { ticketsPerYear: 1e22, servers: 1e308 } }],
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('/')).sort()).toEqual([
      'authorities/0/profile/servers',
      'authorities/0/profile/ticketsPerYear',
    ]);
  });

  it('nonFinitePaths finds NaN and ±Infinity as JSON Pointers, and nothing in finite values', () => {
    expect(nonFinitePaths({ a: [1, Number.NaN], 'b/c': { d: -Infinity }, e: null, f: 'x' })).toEqual([
      '/a/1',
      '/b~1c/d',
    ]);
    expect(nonFinitePaths({ a: [1, 2, { b: 3 }], c: null })).toEqual([]);
    expect(() => assertFinite({ x: 1 }, scenario({ name: 'x', authorities: [...two] }))).not.toThrow();
  });

  it('with nothing extreme in the inputs, the refusal still names where to look', () => {
    const e = refusal(() => assertFinite({ x: Number.NaN }, scenario({ name: 'x', authorities: [...two] })));
    expect(e.inputs).toEqual([{ path: '/assumptions', message: expect.stringMatching(/extreme values/) }]);
  });
});

describe('inputs that used to hang the staffing search', () => {
  it('60 years of ticket and contact growth at the maximum the schema allows: finite results', () => {
    for (const g of [0.5, ASSUMPTIONS.ticketGrowth.max!]) {
      const r = simulate(
        scenario({
          name: 'x',
          horizonYears: 60,
          authorities: [...two],
          assumptions: { ticketGrowth: g, contactGrowth: g, serverGrowth: g, storageGrowth: g },
        }),
      );
      expect(allFinite(r)).toBe(true);
      expect(r.years).toHaveLength(60);
      // a growth that compounds so far is named should a figure overflow
      expect(
        suspectInputs(
          scenario({ name: 'x', horizonYears: 60, authorities: [...two], assumptions: { ticketGrowth: g } }),
        ).map((s) => s.path),
      ).toEqual(['/assumptions/ticketGrowth']);
    }
  });

  it('the largest valid profile figures, one authority or pooled: finite results', () => {
    const huge = {
      servers: 1e7,
      storageTb: 1e9,
      ticketsPerYear: 1e10,
      sites: 1e6,
      needs24x7: true,
      contacts: { telephone: 1e10, web: 1e10 },
    };
    const r = simulate(
      scenario({ name: 'x', authorities: [{ id: 'big', kind: 'police', staff: 5_000_000, profile: huge }, ...two] }),
    );
    expect(allFinite(r)).toBe(true);
  });
});

describe('property: any scenario the schema accepts gives a finite result or a 422, never a non-finite one', () => {
  /** Extreme but valid values for any assumption: its bounds, huge magnitudes, zero. */
  const extremeAssumption = fc.constantFrom(...ASSUMPTION_KEYS).chain((key) => {
    const spec = ASSUMPTIONS[key];
    const max = spec.max ?? 1e308;
    const values = [spec.min, max, spec.value, Math.min(max, 1e15), Math.min(max, 1e300)].filter((v) => v >= spec.min);
    return fc.tuple(
      fc.constant(key),
      fc.oneof(
        fc.constantFrom(...values),
        fc
          .constantFrom(1e300, 1e15, 1)
          .map((sd) => ({ dist: 'normal', mean: Math.min(max, Math.max(spec.min, spec.value)), sd })),
      ),
    );
  });

  it('60 random combinations of extreme assumptions and growth', () => {
    fc.assert(
      fc.property(
        fc.array(extremeAssumption, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 60 }),
        (pairs, years) => {
          const assumptions: Record<string, unknown> = {};
          for (const [key, v] of pairs) {
            const [g, leaf] = key.split('.');
            if (leaf) assumptions[g!] = { ...((assumptions[g!] as object) ?? {}), [leaf]: v };
            else assumptions[g!] = v;
          }
          const parsed = scenarioSchema.safeParse({
            name: 'x',
            horizonYears: years,
            authorities: [...two],
            assumptions,
          });
          if (!parsed.success) return; // a distribution outside the assumption's own bounds
          try {
            const r = simulate(parsed.data);
            expect(allFinite(r)).toBe(true);
          } catch (e) {
            if (!(e instanceof UnprocessableScenarioError)) throw e;
            expect(e.inputs.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 60, seed: 19 },
    );
  });
});
