import { simulate } from '../../../lambda/engine/simulate';
import { scenarioSchema, type ScenarioInput } from '../../../lambda/engine/schema';
import { allocationRule, attachUncertainty } from '../../../lambda/engine/uncertainty/attach';
import {
  chunkRanges,
  grandSaving,
  histogram,
  runChunk,
  sortedQuantile,
  summarize,
} from '../../../lambda/engine/uncertainty/monteCarlo';
import { compile } from '../../../lambda/engine/model';
import { ThreadPoolChunkRunner } from '../../../lambda/local/pool';
import { InProcessChunkRunner, encodePartial, decodePartial } from '../../../lambda/jobs/chunks';

const uncertainMinimal: ScenarioInput = {
  name: 'uncertain minimal',
  authorities: [
    { id: 'council-north', kind: 'council', staff: 3000 },
    { id: 'council-south', kind: 'council', staff: 2500 },
    { id: 'police', kind: 'police', staff: 2000 },
  ],
  delivery: 'newFacility',
  assumptions: {
    pueShared: { dist: 'triangular', min: 1.15, mode: 1.3, max: 1.6 },
    onboardingPerUser: { dist: 'pert', min: 20, mode: 40, max: 150 },
    serverWatts: { dist: 'normal', mean: 350, sd: 60 },
    governanceCost: { dist: 'lognormal', mean: 80000, sd: 30000 },
  },
  // the mechanics of the scenario's own distributions; default ranges are tested below
  uncertainty: { iterations: 10000, seed: 42, defaultRanges: false },
  allocation: 'proportionalAlone',
};
const s = scenarioSchema.parse(uncertainMinimal);
const central = simulate(s);
const rule = allocationRule(central).rule;
const run = (chunk: number, seed = 42, iterations = 10000) =>
  summarize(
    s,
    seed,
    chunkRanges(iterations, chunk).map((c) => runChunk(s, seed, c.from, c.to, rule)),
    'x',
  );

describe('reproducible Monte Carlo', () => {
  const base = run(1000);

  it.each([3333, 10000])('same seed, chunk size %i: identical uncertainty', (size) => {
    expect(run(size)).toEqual(base);
  });

  it('the same with 1 and with 2 worker threads', async () => {
    const work = { scenario: s, seed: 42, rule, chunks: chunkRanges(10000, 2500) };
    const pool1 = new ThreadPoolChunkRunner(1);
    const pool2 = new ThreadPoolChunkRunner(2);
    try {
      const one = summarize(s, 42, await pool1.run(work, () => undefined), 'x');
      const two = summarize(s, 42, await pool2.run(work, () => undefined), 'x');
      const again = summarize(s, 42, await pool2.run(work, () => undefined), 'x'); // the pool is reused
      expect(one).toEqual(base);
      expect(two).toEqual(base);
      expect(again).toEqual(base);
    } finally {
      await pool1.close();
      await pool2.close();
    }
  }, 60_000);

  it('a different seed gives different draws', () => {
    expect(run(1000, 43).npvSaving.mean).not.toBe(base.npvSaving.mean);
  });

  it('reports mean, sd, quantiles, probability positive and per-authority probabilities that hold together', () => {
    const n = base.npvSaving;
    expect(n.p5).toBeLessThanOrEqual(n.p10);
    expect(n.p10).toBeLessThanOrEqual(n.p50);
    expect(n.p50).toBeLessThanOrEqual(n.p90);
    expect(n.p90).toBeLessThanOrEqual(n.p95);
    expect(n.sd).toBeGreaterThan(0);
    expect(base.standardErrorOfMean).toBeCloseTo(n.sd / 100, 6);
    expect(base.probabilityPositive).toBeGreaterThan(0);
    // proportional allocation: every authority saves exactly when the partnership does
    for (const a of base.authorities) expect(a.probabilitySaving).toBeCloseTo(base.probabilityPositive, 12);
  });

  it('partials survive their binary encoding exactly', () => {
    const p = runChunk(s, 42, 100, 350, rule);
    expect(decodePartial(encodePartial(p))).toEqual(p);
  });
});

describe('histogram', () => {
  it('bins by hand: equal widths from min to max, the maximum in the last bin', () => {
    const h = histogram(Float64Array.from([0, 1, 2, 2.5, 9.99, 10]), 4);
    expect(h.edges).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(h.counts).toEqual([3, 1, 0, 2]); // [0, 2.5): 0, 1, 2; [2.5, 5): 2.5; [7.5, 10]: 9.99, 10
  });

  it('one bin when every value is the same', () => {
    expect(histogram(Float64Array.from([3, 3, 3]))).toEqual({ edges: [3, 3], counts: [3] });
  });

  it("a run's histogram counts every iteration once", () => {
    const run = summarize(s, 42, [runChunk(s, 42, 0, 3000, rule)], 'x');
    expect(run.histogram.counts.reduce((a, b) => a + b, 0)).toBe(3000);
    expect(run.histogram.edges[0]).toBe(run.npvSaving.min);
    expect(run.histogram.edges[run.histogram.edges.length - 1]).toBe(run.npvSaving.max);
  });
});

describe('quantiles', () => {
  it('type-7 interpolation matches the textbook on 1..10 (numpy, R default)', () => {
    const x = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(sortedQuantile(x, 0.1)).toBeCloseTo(1.9, 12);
    expect(sortedQuantile(x, 0.5)).toBeCloseTo(5.5, 12);
    expect(sortedQuantile(x, 0.95)).toBeCloseTo(9.55, 12);
  });

  it('on a 100,000-iteration run the merged quantiles equal exact sorted quantiles of the draws (within 0.1 % of the ' +
    'range: here exactly)', async () => {
    const small = scenarioSchema.parse({
      ...uncertainMinimal,
      horizonYears: 1,
      authorities: uncertainMinimal.authorities.slice(0, 2),
    });
    const r = allocationRule(simulate(small)).rule;
    const partials = await new InProcessChunkRunner().run(
      { scenario: small, seed: 7, rule: r, chunks: chunkRanges(100_000, 7919) },
      () => undefined,
    );
    const merged = summarize(small, 7, partials, 'x');
    // the exact reference: every iteration's NPV in one piece, sorted
    const all = Float64Array.from(runChunk(small, 7, 0, 100_000, r).npv).sort();
    const range = all[all.length - 1]! - all[0]!;
    for (const [p, got] of [
      [0.05, merged.npvSaving.p5],
      [0.1, merged.npvSaving.p10],
      [0.5, merged.npvSaving.p50],
      [0.9, merged.npvSaving.p90],
      [0.95, merged.npvSaving.p95],
    ] as const)
      expect(Math.abs(got - sortedQuantile(all, p))).toBeLessThanOrEqual(0.001 * range);
  }, 120_000);
});

describe('sensitivity', () => {
  it('the tornado is sorted by swing and evaluates each assumption at its P10 and P90, others central', () => {
    const t = central.sensitivity;
    expect(t.map((x) => x.assumption).sort()).toEqual([
      'governanceCost',
      'onboardingPerUser',
      'pueShared',
      'serverWatts',
    ]);
    for (let i = 1; i < t.length; i++) expect(t[i - 1]!.swing).toBeGreaterThanOrEqual(t[i]!.swing);
    const pue = t.find((x) => x.assumption === 'pueShared')!;
    expect(pue.npvLow).toBeCloseTo(grandSaving(compile(s, { pueShared: pue.low })), 6);
    expect(pue.npvLow).toBeGreaterThan(pue.npvHigh); // a worse shared PUE saves less
  });

  it('a break-even value, where one is in range, makes the NPV zero', () => {
    const found = central.sensitivity.filter((x) => x.breakEven !== null);
    for (const x of found) expect(Math.abs(grandSaving(compile(s, { [x.assumption]: x.breakEven! })))).toBeLessThan(1);
    // with a range wide enough to sink the partnership, the break-even is found
    const wide = scenarioSchema.parse({
      ...uncertainMinimal,
      assumptions: { onboardingPerUser: { dist: 'pert', min: 20, mode: 40, max: 20000 } },
    });
    const b = simulate(wide).sensitivity[0]!;
    expect(b.breakEven).not.toBeNull();
    expect(Math.abs(grandSaving(compile(wide, { onboardingPerUser: b.breakEven! })))).toBeLessThan(1);
    expect(b.breakEven!).toBeGreaterThan(40);
  });

  it('is empty and uncertainty null when nothing is uncertain and no iterations are asked', () => {
    const plain = simulate(
      scenarioSchema.parse({ ...uncertainMinimal, assumptions: {}, uncertainty: { iterations: 0 } }),
    );
    expect(plain.sensitivity).toEqual([]);
    expect(plain.uncertainty).toBeNull();
  });

  it('attaches per-authority probabilities to the result', () => {
    const r = attachUncertainty(
      central,
      s,
      42,
      chunkRanges(500, 250).map((c) => runChunk(s, 42, c.from, c.to, rule)),
    );
    for (const a of r.authorities) expect(a.probabilitySaving).toEqual(expect.any(Number));
  });
});

describe('the allocation rule of each iteration', () => {
  type R = Parameters<typeof allocationRule>[0];
  const result = (method: string, npv: number, savings: number[]) =>
    ({
      allocation: { method },
      summary: { npvSaving: npv },
      authorities: savings.map((saving, i) => ({ id: `a${i}`, saving })),
    }) as unknown as R;

  it('a simple key is recomputed in every iteration', () => {
    expect(allocationRule(result('proportionalUsage', 10, [4, 6])).rule).toEqual({ method: 'proportionalUsage' });
  });

  it("a game-based method keeps each authority's central fraction", () => {
    const { rule } = allocationRule(result('nucleolus', 10, [4, 6]));
    expect(rule).toEqual({ method: 'nucleolus', centralFractions: [0.4, 0.6] });
  });

  it('a game-based method with no central saving says it falls back to equal shares', () => {
    const { rule, name } = allocationRule(result('shapley', 0, [1, -1]));
    expect(rule).toEqual({ method: 'equal' });
    expect(name).toMatch(/central saving is 0.*equal shares/);
  });
});
