/**
 * The planner at scale: partnerships valued incrementally against the same partnerships valued
 * from scratch, the incremental constraint check against the full one, the grid index against
 * brute force, and a 2,000-body synthetic nation planned with the default size limit.
 */
import { distanceKm } from '../../lambda/engine/geo';
import { compile } from '../../lambda/engine/model';
import { type Scenario, scenarioSchema } from '../../lambda/engine/schema';
import { simulate } from '../../lambda/engine/simulate';
import { feasibility, joinFeasibility } from '../../lambda/planner/constraints';
import { PlanGame } from '../../lambda/planner/game';
import { PLANNER_EXACT_MEMBERS } from '../../lambda/planner/membership';
import { planPartnerships } from '../../lambda/planner/plan';
import { DEFAULT_PARTNERSHIP_SIZE, type PlanConstraints, planConstraintsSchema } from '../../lambda/planner/schema';
import { SpatialGrid } from '../../lambda/planner/spatial';
import { syntheticNation } from '../../lambda/synthetic/national';

/** A seeded generator of numbers in [0, 1). */
function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x ^ (x >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    return x / 2 ** 32;
  };
}

function sample<T>(xs: readonly T[], k: number, r: () => number): T[] {
  const pool = [...xs];
  const out: T[] = [];
  while (out.length < k && pool.length > 0) out.push(pool.splice(Math.floor(r() * pool.length), 1)[0]!);
  return out;
}

/** A slice of the synthetic nation, with a fixed link length and a body without a location, as the planner sees it. */
function slice(n: number): Scenario {
  const a = syntheticNation({ authorities: n, seed: 7 }).authorities.map((x) => ({ ...x }));
  a[3] = { ...a[3]!, profile: { linkKm: 250 } };
  const { location: _l, ...unlocated } = a[5]!;
  a[5] = unlocated;
  return scenarioSchema.parse({ name: 'slice', authorities: a, uncertainty: { iterations: 0, seed: 1 } });
}

describe('partnerships valued incrementally', () => {
  const s = slice(120);
  const game = new PlanGame(compile(s));
  const n = s.authorities.length;

  it('with, without, in exchange and merged: the value of the same members from scratch', () => {
    const r = rng(3);
    const everyone = Array.from({ length: n }, (_, i) => i);
    for (let trial = 0; trial < 60; trial++) {
      const size = 1 + Math.floor(r() * 70);
      const base = sample(everyone, size, r);
      const outside = everyone.filter((i) => !base.includes(i));
      const add = sample(outside, Math.floor(r() * 4), r);
      const drop = sample(base, Math.min(base.length, Math.floor(r() * 3)), r);
      const members = [...base.filter((i) => !drop.includes(i)), ...add];
      // a game of its own: nothing memoised, every member linked to the hub of exactly these members
      const fresh = new PlanGame(compile(s));
      const expected = fresh.valueAt(members, fresh.hubOf(members));
      const co = game.coalition(base);
      const tol = 1e-7 * Math.max(1, Math.abs(expected));
      expect(Math.abs(game.valueChanged(co, add, drop, false) - expected)).toBeLessThan(tol);
      expect(Math.abs(game.valueChanged(co, add, drop) - expected)).toBeLessThan(tol);
      expect(game.keyChanged(co, add, drop)).toBe(game.keyOf([...members].reverse()));
      const other = game.coalition(add);
      const union = [...base, ...add];
      const u = fresh.valueAt(union, fresh.hubOf(union));
      expect(Math.abs(game.valueUnion(co, other) - u)).toBeLessThan(1e-7 * Math.max(1, Math.abs(u)));
    }
  });

  it('a coalition built member by member is worth what simulate finds for a scenario of those members', () => {
    const members = [0, 1, 2, 3, 4, 5, 8, 13, 21, 34, 55, 89];
    const sub = scenarioSchema.parse({ name: 'sub', authorities: members.map((i) => s.authorities[i]) });
    const expected = simulate(sub, { sensitivity: false, allocation: 'proportionalAlone' }).summary.npvSaving;
    let co = game.coalition([members[0]!]);
    for (const i of members.slice(1)) co = game.coalition([...co.members, i]);
    expect(co.value).toBeCloseTo(expected, 3);
  });
});

describe('the incremental constraint check', () => {
  const s = slice(60);
  const game = new PlanGame(compile(s));
  const n = s.authorities.length;
  const region = s.authorities.map((a) => a.region);
  const apartOf: number[][] = s.authorities.map(() => []);
  [
    [1, 2, 7],
    [4, 9],
  ].forEach((g, k) => {
    for (const i of g) apartOf[i]!.push(k);
  });
  const cases: Partial<PlanConstraints>[] = [
    { maxSize: 9 },
    { maxDistanceKm: 150 },
    { maxHubDistanceKm: 90 },
    { sameRegion: true },
    {},
    { maxSize: 12, maxDistanceKm: 300, maxHubDistanceKm: 200 },
  ];

  it.each(cases)('agrees with the full check on the union of two allowed sets (%j)', (partial) => {
    const c = planConstraintsSchema.parse(partial);
    const full = feasibility(game, c, apartOf, region);
    const join = joinFeasibility(game, c, apartOf, region);
    const r = rng(11);
    const everyone = Array.from({ length: n }, (_, i) => i);
    let yes = 0,
      no = 0;
    for (let trial = 0; trial < 400; trial++) {
      // half the time from one region, so that one-region unions occur
      const home = region[Math.floor(r() * n)];
      const pool = r() < 0.5 ? everyone.filter((i) => region[i] === home) : everyone;
      const a = sample(pool, 1 + Math.floor(r() * 6), r);
      const b = sample(
        pool.filter((i) => !a.includes(i)),
        1 + Math.floor(r() * 6),
        r,
      );
      if (!full(a) || !full(b)) continue;
      const expected = full([...a, ...b]);
      expect(join(a, b)).toBe(expected);
      if (expected) yes++;
      else no++;
    }
    // both answers occur, so the agreement means something
    if (Object.keys(partial).length > 0) expect(no).toBeGreaterThan(0);
    expect(yes).toBeGreaterThan(0);
  });
});

describe('the grid index', () => {
  it('finds the nearest authorities, leaving out those it is told to skip', () => {
    const s = syntheticNation({ authorities: 3000, seed: 5 });
    const points = s.authorities.map((a) => a.location);
    const grid = new SpatialGrid(points);
    const r = rng(17);
    let hits = 0,
      wanted = 0;
    for (let q = 0; q < 200; q++) {
      const i = Math.floor(r() * points.length);
      const p = points[i]!;
      const skip = (j: number) => j % 7 === 0 || j === i;
      const got = grid.nearest(p, 10, i, skip);
      expect(got).toHaveLength(10);
      for (const j of got) expect(skip(j)).toBe(false);
      const d = got.map((j) => distanceKm(p, points[j]!));
      // ordered by the grid's flat approximation of distance: the same order up to a fraction of a per cent
      for (let k = 1; k < d.length; k++) expect(d[k]!).toBeGreaterThanOrEqual(d[k - 1]! * 0.99);
      const truth = points
        .map((x, j) => ({ j, d: distanceKm(p, x!) }))
        .filter((x) => !skip(x.j))
        .sort((a, b) => a.d - b.d)
        .slice(0, 10)
        .map((x) => x.j);
      wanted += truth.length;
      hits += got.filter((j) => truth.includes(j)).length;
    }
    // exact up to a cell's width: almost every true neighbour is found
    expect(hits / wanted).toBeGreaterThan(0.95);
  });
});

describe('a 2,000-body synthetic nation', () => {
  const nation = scenarioSchema.parse(syntheticNation({ authorities: 2000, seed: 1 }));
  let plan: Awaited<ReturnType<typeof planPartnerships>>;
  let capped: Awaited<ReturnType<typeof planPartnerships>>;
  beforeAll(async () => {
    plan = await planPartnerships(nation, planConstraintsSchema.parse({}));
    capped = await planPartnerships(nation, planConstraintsSchema.parse({ maxSize: 20 }));
  }, 300_000);

  it('forms partnerships larger than 20 where they save more than partnerships of at most 20', () => {
    expect(DEFAULT_PARTNERSHIP_SIZE).toBeGreaterThan(20);
    expect(Math.max(...plan.partnerships.map((p) => p.members.length))).toBeGreaterThan(20);
    expect(plan.totalSaving).toBeGreaterThan(capped.totalSaving);
    const ids = nation.authorities.map((a) => a.id).sort();
    expect([...plan.partnerships.flatMap((p) => p.members), ...plan.alone].sort()).toEqual(ids);
    for (const p of plan.partnerships) {
      expect(p.npvSaving).toBeGreaterThan(0);
      expect(p.stability.checked).toBe(p.members.length > PLANNER_EXACT_MEMBERS ? 'heuristic' : 'exhaustive');
      for (const a of p.authorities) expect(a.saving).toBeGreaterThanOrEqual(-1e-6 * p.npvSaving);
    }
  });

  it('says why each body left alone is alone, and what it would add is what simulate finds', () => {
    expect(plan.aloneReasons.map((r) => r.id).sort()).toEqual([...plan.alone].sort());
    const byId = new Map(nation.authorities.map((a) => [a.id, a]));
    for (const r of plan.aloneReasons) {
      expect(r.reason.length).toBeGreaterThan(20);
      if (r.partnership !== null) expect(plan.partnerships[r.partnership]).toBeDefined();
    }
    // the figure behind a sample of the reasons, from scenarios of the members as simulate runs them
    const cheap = { sensitivity: false, allocation: 'proportionalAlone', coreSearchMaxEvaluations: 1 } as const;
    const named = plan.aloneReasons.filter((r) => r.partnership !== null);
    expect(named.length).toBeGreaterThan(0);
    for (const r of named.filter((_, k) => k % Math.ceil(named.length / 6) === 0)) {
      const p = plan.partnerships[r.partnership!]!;
      const scenarioOf = (ids: string[]) =>
        scenarioSchema.parse({ name: 'check', authorities: ids.map((id) => byId.get(id)!) });
      const withIt = simulate(scenarioOf([...p.members, r.id]), cheap).summary.npvSaving;
      const without = simulate(scenarioOf(p.members), cheap).summary.npvSaving;
      expect(without).toBeCloseTo(p.npvSaving, 2);
      expect(r.wouldAdd!).toBeCloseTo(withIt - without, 2);
      // alone because it adds nothing there, and the reason says by how much
      expect(r.wouldAdd!).toBeLessThanOrEqual(1e-6);
      expect(r.reason).toContain(String(Math.round(-r.wouldAdd!)));
    }
  });
});
