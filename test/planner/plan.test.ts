/**
 * The partnership planner against independent references: its value of a partnership against
 * `simulate` of a scenario of just those members; its plans on small inputs against the best of
 * every partition (exhaustive.ts, Bell(n) partitions), with and without constraints; and the
 * promises of its output (everyone once, individually rational, constraints kept, deterministic).
 */
import { compile } from '../../lambda/engine/model';
import { type Scenario, scenarioSchema } from '../../lambda/engine/schema';
import { simulate } from '../../lambda/engine/simulate';
import { distanceKm } from '../../lambda/engine/geo';
import { blockTable, optimalPartition, shapleyOfBlock } from '../../lambda/planner/exhaustive';
import { PlanGame } from '../../lambda/planner/game';
import { constraintIndices, feasibility, type PartnershipPlan, planPartnerships } from '../../lambda/planner/plan';
import { type PlanConstraints, planConstraintsSchema } from '../../lambda/planner/schema';
import { example } from '../helpers';
import { smallInstance } from './instances';

const constraints = (c: Partial<PlanConstraints> = {}) => planConstraintsSchema.parse(c);

function gameOf(s: Scenario): PlanGame {
  const { hub: _hub, ...rest } = s;
  return new PlanGame(compile(rest as Scenario));
}

function reference(s: Scenario, c: PlanConstraints, admission: boolean) {
  const game = gameOf(s);
  const apartOf: number[][] = s.authorities.map(() => []);
  constraintIndices(s, c).apart.forEach((g, k) => {
    for (const i of g) apartOf[i]!.push(k);
  });
  return optimalPartition(
    game,
    feasibility(
      game,
      c,
      apartOf,
      s.authorities.map((a) => a.region),
    ),
    admission,
  );
}

function checkPromises(s: Scenario, c: PlanConstraints, plan: PartnershipPlan): void {
  const ids = s.authorities.map((a) => a.id).sort();
  const placed = [...plan.partnerships.flatMap((p) => p.members), ...plan.alone].sort();
  expect(placed).toEqual(ids); // everyone exactly once
  expect(plan.aloneReasons.map((r) => r.id).sort()).toEqual([...plan.alone].sort());
  const byId = new Map(s.authorities.map((a) => [a.id, a]));
  for (const p of plan.partnerships) {
    expect(p.members.length).toBeGreaterThanOrEqual(2);
    expect(p.members.length).toBeLessThanOrEqual(c.maxSize);
    if (!p.forcedByConstraints) for (const a of p.authorities) expect(a.saving).toBeGreaterThanOrEqual(-1e-6);
    expect(p.npvSaving).toBeGreaterThan(0);
    if (c.maxDistanceKm !== undefined)
      for (const x of p.members)
        for (const y of p.members) {
          const lx = byId.get(x)!.location,
            ly = byId.get(y)!.location;
          if (lx && ly) expect(distanceKm(lx, ly)).toBeLessThanOrEqual(c.maxDistanceKm + 1e-9);
        }
    if (c.sameRegion) expect(new Set(p.members.map((m) => byId.get(m)!.region)).size).toBe(1);
    for (const g of c.apart) expect(p.members.filter((m) => g.includes(m)).length).toBeLessThanOrEqual(1);
  }
  for (const g of c.together) {
    const home = plan.partnerships.find((p) => p.members.includes(g[0]!));
    expect(home).toBeDefined();
    for (const id of g) expect(home!.members).toContain(id);
  }
  expect(plan.totalSaving).toBeCloseTo(
    plan.partnerships.reduce((x, p) => x + p.npvSaving, 0),
    6,
  );
  expect(plan.baselines.allAlone).toBe(0);
}

describe("the planner's value of a partnership", () => {
  it('is what simulate finds for a scenario of just those members, each linked to their own hub', () => {
    const s = smallInstance(5, 9);
    const game = gameOf(s);
    for (const members of [
      [0, 1],
      [0, 3, 5],
      [1, 2, 4, 6, 8],
      [0, 1, 2, 3, 4, 5, 6, 7, 8],
    ]) {
      const sub = scenarioSchema.parse({ name: 'sub', authorities: members.map((i) => s.authorities[i]) });
      const expected = simulate(sub, { sensitivity: false }).summary.npvSaving;
      expect(game.value(members)).toBeCloseTo(expected, 4);
    }
  });

  it("the exhaustive reference's Shapley values add up to the block's value (efficiency) and match simulate", () => {
    const s = smallInstance(6, 6);
    const game = gameOf(s);
    const table = blockTable(game, 63);
    const phi = shapleyOfBlock(table, 6, 63);
    expect([...phi.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(table[63]!, 4);
    const r = simulate(scenarioSchema.parse({ name: 'all', authorities: s.authorities, allocation: 'shapley' }), {
      sensitivity: false,
    });
    r.authorities.forEach((a, i) => {
      expect(a.saving).toBeCloseTo(phi.get(i)!, 3);
    });
  });
});

describe('plans of small inputs against the best of every partition', () => {
  const cases = Array.from({ length: 36 }, (_, k) => ({
    seed: k + 1,
    n: 4 + (k % 7),
    c: k % 3 === 0 ? constraints({ maxSize: 3 }) : k % 3 === 1 ? constraints({ maxDistanceKm: 60 }) : constraints(),
  }));
  const tally = { instances: 0, optimal: 0, worst: 1, nonTrivial: 0, costOfRationality: 0 };

  afterAll(() => {
    console.log(
      `planner vs exhaustive optimum (individually rational partitions): optimal on ${tally.optimal} of ` +
        `${tally.instances} (${tally.nonTrivial} with a positive optimum); worst ratio ${tally.worst.toFixed(4)}; ` +
        `rationality costs ${(100 * tally.costOfRationality).toFixed(1)} % of the unconstrained optimum on average`,
    );
  });

  it.each(cases)('instance $seed ($n authorities)', async ({ seed, n, c }) => {
    const s = smallInstance(seed, n);
    const plan = await planPartnerships(s, c);
    checkPromises(s, c, plan);
    const best = reference(s, c, true);
    const unconstrained = reference(s, c, false);
    expect(best.partitions).toBeGreaterThan(0);
    tally.instances++;
    if (best.value > 1) tally.nonTrivial++;
    const ratio = best.value > 1 ? plan.totalSaving / best.value : plan.totalSaving >= best.value - 1e-6 ? 1 : 0;
    if (ratio > 1 - 1e-9) tally.optimal++;
    tally.worst = Math.min(tally.worst, ratio);
    if (unconstrained.value > 1) tally.costOfRationality += (1 - best.value / unconstrained.value) / cases.length;
    // never worse than 5 % of the best individually rational partition, never better than any partition
    expect(ratio).toBeGreaterThanOrEqual(0.95);
    expect(plan.totalSaving).toBeLessThanOrEqual(unconstrained.value + 1e-3);
  });

  it('is optimal on most instances', () => {
    expect(tally.optimal / tally.instances).toBeGreaterThanOrEqual(0.8);
  });
});

describe('constraints and the Gwent example', () => {
  const gwent = scenarioSchema.parse(example('gwent-psn'));

  it('Gwent: every member that adds to the partnership is in it when a stable split exists', async () => {
    const plan = await planPartnerships(gwent, constraints());
    checkPromises(gwent, constraints(), plan);
    const game = gameOf(gwent);
    const all = gwent.authorities.map((_, i) => i);
    const v = game.value(all);
    const marginal = all.map((i) => v - game.value(all.filter((j) => j !== i)));
    const whole = simulate(gwent, { sensitivity: false });
    if (v > 0 && whole.stability.core && !whole.stability.core.empty)
      all.forEach((i, k) => {
        if (marginal[k]! > 1e-6) expect(plan.alone).not.toContain(gwent.authorities[i]!.id);
      });
    expect(plan.aloneReasons.map((r) => r.id).sort()).toEqual([...plan.alone].sort());
    for (const r of plan.aloneReasons) expect(r.reason.length).toBeGreaterThan(20);
    expect(plan.totalSaving).toBeGreaterThan(0);
    expect(plan.baselines.onePartnership).toBeCloseTo(whole.summary.npvSaving, 2);
  });

  it("Gwent: each partnership's split is verified against every group of its members", async () => {
    const plan = await planPartnerships(gwent, constraints());
    const game = gameOf(gwent);
    const index = new Map(gwent.authorities.map((a, i) => [a.id, i]));
    for (const p of plan.partnerships) {
      if (p.forcedByConstraints || p.members.length > 12) continue;
      const members = p.members.map((id) => index.get(id)!);
      const mask = members.reduce((m, i) => m | (1 << i), 0);
      const table = blockTable(game, mask);
      const share = new Map(p.authorities.map((a) => [index.get(a.id)!, a.saving]));
      for (let t = mask; t; t = (t - 1) & mask) {
        let x = 0;
        for (const i of members) if (t & (1 << i)) x += share.get(i)!;
        expect(x).toBeGreaterThanOrEqual(table[t]! - 1e-6 * Math.max(1, p.npvSaving));
      }
      expect(p.stability.inCore).toBe(true);
      expect(p.leastGain.length).toBeGreaterThan(0);
    }
  });

  it('together and apart are kept; a together group that would rather split is kept and flagged', async () => {
    const c = constraints({ together: [['school-a', 'gwent-police']], apart: [['abuhb', 'swfrs']] });
    const plan = await planPartnerships(gwent, c);
    checkPromises(gwent, c, plan);
    const home = plan.partnerships.find((p) => p.members.includes('school-a'))!;
    expect(home.forcedByConstraints).toBe(home.authorities.some((a) => a.betterOffAlone));
  });

  it('an unknown id in a constraint is an input error with its path', async () => {
    await expect(planPartnerships(gwent, constraints({ apart: [['abuhb', 'nobody']] }))).rejects.toMatchObject({
      name: 'PlanInputError',
      path: '/constraints/apart/0/1',
    });
  });

  it('same input, same plan', async () => {
    const s = smallInstance(13, 10);
    const a = await planPartnerships(s, constraints());
    const b = await planPartnerships(s, constraints());
    expect({ ...a, stats: { ...a.stats, milliseconds: 0 } }).toEqual({ ...b, stats: { ...b.stats, milliseconds: 0 } });
  });
});
