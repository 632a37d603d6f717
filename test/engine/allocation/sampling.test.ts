import fs from 'node:fs';
import path from 'node:path';
import { savingGameTable, scenarioGame } from '../../../lambda/engine/allocation/coalitions';
import { shapleyFromTable } from '../../../lambda/engine/allocation/game';
import { maskGame } from '../../../lambda/engine/allocation/incremental';
import { sampledShapley } from '../../../lambda/engine/allocation/sampling';
import { searchBlockingCoalitions } from '../../../lambda/engine/allocation/coreSearch';
import { compile } from '../../../lambda/engine/model';
import { Aggregate, coalitionSaving, partnershipCosts } from '../../../lambda/engine/partnership';
import { scenarioSchema } from '../../../lambda/engine/schema';
import { simulate } from '../../../lambda/engine/simulate';
import { syntheticNation } from '../../../lambda/synthetic/national';
import { airportClosedForm, BIRMINGHAM, maxCost } from './airport';

const gwent = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'examples', 'gwent-psn.json'), 'utf8'));
/** Gwent plus two synthetic bodies: 12 authorities, exact Shapley known from 4,096 coalitions. */
const twelve = compile(
  scenarioSchema.parse({
    ...gwent,
    authorities: [
      ...gwent.authorities,
      ...syntheticNation({ authorities: 400, seed: 3 })
        .authorities.filter((a) => a.kind !== 'school')
        .slice(0, 2),
    ],
  }),
);

/** The same twelve sharing everything, back office included, as merged teams in a new facility. */
const everything = compile(
  scenarioSchema.parse({
    ...gwent,
    membership: 'merged',
    delivery: 'newFacility',
    share: { ...gwent.share, hrAdmin: true, payroll: true, finance: true, procurement: true, revenuesBenefits: true },
    authorities: twelve.scenario.authorities,
  }),
);

describe.each([
  ['IT and contact (Gwent as shipped)', twelve],
  ['every service, back office included', everything],
])('the saving game on the real cost model: %s', (_, model) => {
  it('the fast coalition value equals Σ DF × netSaving of the full costing, for many coalitions', () => {
    for (let mask = 1; mask < 1 << 12; mask += 37) {
      const members = [...Array(12).keys()].filter((i) => mask & (1 << i));
      const agg = Aggregate.of(model, members);
      const pc = partnershipCosts(model, agg);
      const pv = pc.years.reduce((s, y, t) => s + model.discount[t]! * y.netSaving, 0);
      expect(coalitionSaving(model, agg)).toBeCloseTo(pv, 4);
    }
  });

  it('the Gray-code table (lean sums, costs reused across years) matches every coalition costed in full', () => {
    // the table keeps only the sums the game reads and reuses a service's cost across years; the
    // reference is each coalition built from scratch with every sum and costed year by year
    const table = savingGameTable(model);
    const wrong: string[] = [];
    for (let mask = 1; mask < 1 << 12; mask++) {
      const members = [...Array(12).keys()].filter((i) => mask & (1 << i));
      const pc = partnershipCosts(model, Aggregate.of(model, members));
      const pv = pc.years.reduce((s, y, t) => s + model.discount[t]! * y.netSaving, 0);
      if (Math.abs(table[mask]! - pv) > 1e-6 * Math.max(1, Math.abs(pv))) wrong.push(`${mask}: ${table[mask]} ≠ ${pv}`);
    }
    expect(wrong).toEqual([]);
  });

  it('sums stay exact through any adds and removes: a coalition reached by 20,000 steps equals it built afresh', () => {
    // compile puts demands on a grid where sums are exact; in plain floating point a removed
    // member leaves 1e-16 behind, and "no out-of-hours tickets" reads as some
    const agg = new Aggregate(model, false);
    const inside = new Uint8Array(12);
    let seed = 12345;
    for (let step = 0; step < 20_000; step++) {
      seed = (seed * 48271) % 2147483647; // MINSTD: the product stays below 2^53
      const i = seed % 12;
      agg.update(i, inside[i] ? -1 : 1);
      inside[i] ^= 1;
    }
    const fresh = Aggregate.of(
      model,
      [...inside.keys()].filter((i) => inside[i]),
      false,
    );
    expect(agg.demand).toEqual(fresh.demand);
    expect(agg.demandStatic).toEqual(fresh.demandStatic);
    for (let i = 0; i < 12; i++) if (inside[i]) agg.update(i, -1);
    expect(agg.demand.every((x) => x === 0)).toBe(true);
    expect(agg.demandStatic.every((x) => x === 0)).toBe(true);
  });
});

describe('sampled Shapley', () => {
  it('converges on the airport game', () => {
    const s = sampledShapley(maskGame(11, maxCost(BIRMINGHAM)), {
      seed: 7,
      targetRelativeSe: 0.01,
      maxEvaluations: 2_000_000,
    });
    const exact = airportClosedForm(BIRMINGHAM);
    expect(s.converged).toBe(true);
    for (let i = 0; i < 11; i++)
      expect(Math.abs(s.values[i]! - exact[i]!)).toBeLessThan(4 * s.standardErrors[i]! + 1e-6);
    expect(s.values.reduce((a, b) => a + b, 0)).toBeCloseTo(Math.max(...BIRMINGHAM), 6); // efficiency, exactly
  });

  it('reports an honest standard error: exact within 2 SE about 95 % of the time (n = 12, real model)', () => {
    const exact = shapleyFromTable(12, savingGameTable(twelve));
    let inside = 0,
      total = 0;
    for (let seed = 1; seed <= 40; seed++) {
      // a fixed 30 pairs per run: targetRelativeSe 0 never stops early
      const s = sampledShapley(scenarioGame(twelve), {
        seed,
        targetRelativeSe: 0,
        maxEvaluations: 30 * 24,
        minPairs: 30,
      });
      expect(s.pairs).toBe(30);
      for (let i = 0; i < 12; i++) {
        total++;
        if (Math.abs(s.values[i]! - exact[i]!) <= 2 * s.standardErrors[i]!) inside++;
      }
    }
    const coverage = inside / total;
    expect(coverage).toBeGreaterThan(0.88);
    expect(coverage).toBeLessThan(0.995);
  });

  it('is reproducible for a seed and differs between seeds', () => {
    const a = sampledShapley(scenarioGame(twelve), { seed: 5, maxEvaluations: 2000 });
    const b = sampledShapley(scenarioGame(twelve), { seed: 5, maxEvaluations: 2000 });
    const c = sampledShapley(scenarioGame(twelve), { seed: 6, maxEvaluations: 2000 });
    expect(a.values).toEqual(b.values);
    expect(a.values).not.toEqual(c.values);
  });
});

describe('heuristic core search', () => {
  it('finds a planted blocking pair among 30 players', () => {
    // additive game plus a synergy of 10 between players 5 and 17, allocated as if additive
    const n = 30;
    const base = Array.from({ length: n }, (_, i) => i + 1);
    const value = (members: Set<number>) =>
      [...members].reduce((s, i) => s + base[i]!, 0) +
      (members.has(5) && members.has(17) ? 10 : 0) -
      (members.size >= n ? 10 : 0);
    const current = new Set<number>();
    const game = {
      n,
      add: (i: number) => void current.add(i),
      remove: (i: number) => void current.delete(i),
      value: () => value(current),
    };
    const r = searchBlockingCoalitions(game, base, { tolerance: 1e-9 });
    expect(r.blocking[0]?.members).toEqual([5, 17]);
    expect(r.blocking[0]?.excess).toBeCloseTo(10, 9);
  });

  it('finds nothing when the allocation is in the core (airport saving game)', () => {
    const n = BIRMINGHAM.length;
    const phi = airportClosedForm(BIRMINGHAM);
    const saving = (mask: number) => {
      let s = 0;
      for (let i = 0; i < n; i++) if (mask & (1 << i)) s += BIRMINGHAM[i]!;
      return s - maxCost(BIRMINGHAM)(mask);
    };
    const r = searchBlockingCoalitions(
      maskGame(n, saving),
      BIRMINGHAM.map((c, i) => c - phi[i]!),
      { tolerance: 1e-6 },
    );
    expect(r.blocking).toEqual([]);
  });
});

describe('scenarios above 20 authorities', () => {
  const s = scenarioSchema.parse({ ...syntheticNation({ authorities: 60, seed: 4 }), allocation: 'shapley' });
  const r = simulate(s);

  it('allocate by sampled Shapley with a standard error per authority, sharing out exactly npvSaving', () => {
    expect(r.allocation).toMatchObject({ method: 'shapley', exact: false });
    expect(r.allocation.standardError).toBeGreaterThan(0);
    for (const a of r.authorities) expect(a.standardError).toEqual(expect.any(Number));
    expect(r.authorities.reduce((t, a) => t + a.saving, 0)).toBeCloseTo(r.summary.npvSaving, 2);
  });

  it('check stability heuristically and say so', () => {
    expect(r.stability.checked).toBe('heuristic');
    expect(r.stability.coalitionsChecked).toBeGreaterThan(60);
    if (r.stability.blockingCoalitions.length === 0) expect(r.stability.inCore).toBeNull();
    else expect(r.stability.inCore).toBe(false);
  });
});
