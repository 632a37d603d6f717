import {
  BETA_TABLE_CACHE,
  betaQuantile,
  betaTablesBuilt,
  betaQuantileFast,
  incompleteBeta,
  normalQuantile,
  quantile,
} from '../../../lambda/engine/uncertainty/distributions';
import { iterationUniforms, iterationSeed } from '../../../lambda/engine/uncertainty/streams';
import { type Distribution, scenarioSchema } from '../../../lambda/engine/schema';
import { ASSUMPTIONS, ASSUMPTION_KEYS } from '../../../lambda/engine/defaults';
import { runChunk } from '../../../lambda/engine/uncertainty/monteCarlo';

/** 200,000 draws by inversion of one stream per draw, as the Monte Carlo takes them. */
function draws(d: Distribution, n = 200_000): Float64Array {
  const out = new Float64Array(n);
  const u = new Float64Array(1);
  for (let i = 0; i < n; i++) out[i] = quantile(d, iterationUniforms(99, i, 1, u)[0]!);
  return out;
}
function moments(x: Float64Array): { mean: number; variance: number } {
  let m = 0;
  for (const v of x) m += v;
  m /= x.length;
  let s = 0;
  for (const v of x) s += (v - m) ** 2;
  return { mean: m, variance: s / (x.length - 1) };
}

describe('samplers against their analytic mean and variance', () => {
  const cases: [string, Distribution, number, number][] = [
    // [name, distribution, analytic mean, analytic variance]
    [
      'triangular(1.1, 1.3, 1.6)',
      { dist: 'triangular', min: 1.1, mode: 1.3, max: 1.6 },
      (1.1 + 1.3 + 1.6) / 3,
      (1.1 ** 2 + 1.3 ** 2 + 1.6 ** 2 - 1.1 * 1.3 - 1.1 * 1.6 - 1.3 * 1.6) / 18,
    ],
    ['uniform(250, 500)', { dist: 'uniform', min: 250, max: 500 }, 375, 250 ** 2 / 12],
    ['normal(350, 50)', { dist: 'normal', mean: 350, sd: 50 }, 350, 2500],
    ['lognormal(mean 150k, sd 40k)', { dist: 'lognormal', mean: 150000, sd: 40000 }, 150000, 40000 ** 2],
    // PERT: mean (a + 4m + b)/6, variance (μ − a)(b − μ)/7
    [
      'pert(20k, 40k, 90k)',
      { dist: 'pert', min: 20000, mode: 40000, max: 90000 },
      (20000 + 4 * 40000 + 90000) / 6,
      ((45000 - 20000) * (90000 - 45000)) / 7,
    ],
  ];
  it.each(cases)('%s', (_, d, mean, variance) => {
    const m = moments(draws(d));
    const se = Math.sqrt(variance / 200_000);
    expect(Math.abs(m.mean - mean)).toBeLessThan(4 * se);
    expect(Math.abs(m.variance / variance - 1)).toBeLessThan(0.03);
  });
});

describe('quantile functions against closed forms', () => {
  it('normal: 1.959964 at 0.975, symmetric, 0 at the median', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 7);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959963985, 7);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 6);
  });

  it('incomplete beta: I_x(1, b) = 1 − (1 − x)^b and I_x(a, 1) = x^a', () => {
    for (const x of [0.1, 0.37, 0.8]) {
      expect(incompleteBeta(x, 1, 3.5)).toBeCloseTo(1 - (1 - x) ** 3.5, 12);
      expect(incompleteBeta(x, 2.5, 1)).toBeCloseTo(x ** 2.5, 12);
    }
    expect(betaQuantile(0.5, 2, 2)).toBeCloseTo(0.5, 12);
    expect(betaQuantile(0.75, 1, 3)).toBeCloseTo(1 - 0.25 ** (1 / 3), 10);
  });

  it('the tabulated beta quantile agrees with the exact bisection to 1e-12, steep ends included', () => {
    // a table guess (Hermite from the nodes' slopes) and Newton until its step is below 1e-10 of
    // x: the error is of the order of that step's square, within the CDF's own accuracy
    for (const [a, b] of [
      [1.8, 4.2],
      [3, 3],
      [1.2, 1.05],
      [4.6, 1.4],
      [1, 5],
      [5, 1],
      [1, 1],
    ] as const)
      for (let p = 0.00001; p < 1; p += 0.00731)
        expect([a, b, p, Math.abs(betaQuantileFast(p, a, b) - betaQuantile(p, a, b)) < 1e-12]).toEqual([a, b, p, true]);
  });

  it('triangular: the mode sits at F(c) = (c − a)/(b − a)', () => {
    const d: Distribution = { dist: 'triangular', min: 0, mode: 2, max: 10 };
    expect(quantile(d, 0.2)).toBeCloseTo(2, 12);
    expect(quantile(d, 0)).toBe(0);
    expect(quantile(d, 1)).toBe(10);
  });
});

describe('streams', () => {
  it('depend only on (seed, index), and no two iterations of a run share a seed', () => {
    expect(Array.from(iterationUniforms(7, 123, 3))).toEqual(Array.from(iterationUniforms(7, 123, 3)));
    expect(Array.from(iterationUniforms(7, 123, 3))).not.toEqual(Array.from(iterationUniforms(8, 123, 3)));
    const seen = new Set<number>();
    for (let i = 0; i < 100_000; i++) seen.add(iterationSeed(42, i));
    expect(seen.size).toBe(100_000);
  });
});

describe('many distinct PERT shapes (issue 19)', () => {
  /** A PERT for every assumption that admits one, each with its own shape (mode at a different place). */
  function pertEverywhere(): { assumptions: Record<string, unknown>; shapes: number } {
    const assumptions: Record<string, unknown> = {};
    let shapes = 0;
    ASSUMPTION_KEYS.forEach((key, k) => {
      const spec = ASSUMPTIONS[key];
      const hi = spec.max ?? Math.max(1, spec.value) * 2;
      const min = spec.min;
      const max = Math.min(hi, Math.max(spec.value, min) * 1.5 + 1);
      if (!(min < max)) return;
      const mode = min + ((max - min) * (k + 1)) / (ASSUMPTION_KEYS.length + 2);
      const d = { dist: 'pert', min, mode, max };
      const [g, leaf] = key.split('.');
      if (leaf) assumptions[g!] = { ...((assumptions[g!] as object) ?? {}), [leaf]: d };
      else assumptions[g!] = d;
      shapes++;
    });
    return { assumptions, shapes };
  }

  it('each shape is tabulated once, however many a scenario has: later draws build no table', () => {
    const { assumptions, shapes } = pertEverywhere();
    expect(shapes).toBeGreaterThan(64);
    expect(shapes).toBeLessThan(BETA_TABLE_CACHE);
    const s = scenarioSchema.parse({
      name: 'pert everywhere',
      authorities: [
        { id: 'a', kind: 'police', staff: 2000 },
        { id: 'b', kind: 'council', staff: 3000 },
      ],
      assumptions,
    });
    const rule = { method: 'equal' as const };
    runChunk(s, 1, 0, 2, rule); // builds each shape's table
    const before = betaTablesBuilt();
    const p = runChunk(s, 1, 2, 6, rule);
    expect(betaTablesBuilt()).toBe(before);
    expect(p.npv.every(Number.isFinite)).toBe(true);
  });
});
