import { type SimulationResult, simulate } from '../../lambda/engine/simulate';
import { compile } from '../../lambda/engine/model';
import { savingGameTable } from '../../lambda/engine/allocation/coalitions';
import { blockingFromTable } from '../../lambda/engine/allocation/game';
import { ALLOCATION_METHODS } from '../../lambda/engine/schema';
import { closeTo, example, NO_PARTNERSHIP_COSTS, scenario } from '../helpers';
import { scenarioSchema } from '../../lambda/engine/schema';

const NO_SHARE = {
  dataCentre: false,
  storage: false,
  serviceDesk: false,
  specialists: false,
  network: false,
  contactCentre: false,
};

describe('appraisal identities', () => {
  let r: SimulationResult;
  beforeAll(() => {
    r = simulate(scenarioSchema.parse(example('gwent-psn')));
  });

  it('npvSaving equals Σ discountFactor × netSaving, and netSaving = alone − shared', () => {
    let npv = 0;
    for (const y of r.years) {
      npv += y.discountFactor * y.netSaving;
      closeTo(y.netSaving, y.alone.total - y.shared.total);
      closeTo(
        y.shared.total,
        y.shared.dataCentre +
          y.shared.storage +
          y.shared.serviceDesk +
          y.shared.specialists +
          y.shared.network +
          y.shared.contact +
          y.shared.governance +
          y.shared.transition,
      );
    }
    closeTo(r.summary.npvSaving, npv);
    closeTo(r.summary.npvTotalSaving, r.summary.npvPolicySaving + r.summary.npvSaving);
  });

  it('payback is the first year the cumulative discounted net saving turns non-negative', () => {
    let cum = 0;
    let first: number | null = null;
    for (const y of r.years) {
      cum += y.discountFactor * y.netSaving;
      if (first === null && cum >= 0) first = y.year;
    }
    expect(r.summary.paybackYear).toBe(first);
  });

  it('every allocation method shares out exactly npvSaving', () => {
    for (const method of ALLOCATION_METHODS) {
      const x = simulate(scenarioSchema.parse(example('gwent-psn')), { allocation: method });
      closeTo(
        x.authorities.reduce((s, a) => s + a.saving, 0),
        x.summary.npvSaving,
        1e-9,
      );
      for (const a of x.authorities) closeTo(a.pvAllocated, a.pvAlone - a.saving);
    }
  });

  it('reports the optimism bias it applied (Green Book upper bound by default)', () => {
    expect(r.optimismBias).toMatchObject({
      projectType: 'equipment/development',
      point: 1,
      capexUplift: 2,
      durationUplift: 0.54,
      opexUplift: 0,
    });
    closeTo(
      r.optimismBias.transitionBeforeUplift * 3,
      r.years.reduce((s, y) => s + y.transition, 0),
    );
  });
});

describe('a two-authority case by hand: data centre only', () => {
  // The numbers of test/engine/services/dataCentre.test.ts, now through the whole model.
  const s = scenario({
    name: 'two server estates',
    horizonYears: 3,
    authorities: [
      { id: 'a', kind: 'council', staff: 1000, profile: { servers: 100, serverRooms: 1, linkKm: 10 } },
      { id: 'b', kind: 'council', staff: 1000, profile: { servers: 60, serverRooms: 1, linkKm: 10 } },
    ],
    share: { ...NO_SHARE, dataCentre: true },
    assumptions: { ...NO_PARTNERSHIP_COSTS, optimismBias: { projectType: 'none', point: 0 } },
  });
  const r = simulate(s, { allocation: 'equal' });

  it('saves 94,481.664 a year, discounted at 3.5 %', () => {
    for (const y of r.years) closeTo(y.netSaving, 94481.664, 1e-9);
    closeTo(r.summary.npvSaving, 94481.664 * (1 + 1 / 1.035 + 1 / 1.035 ** 2), 1e-9);
  });

  it('carbon: 882,008 kWh alone against 382,636.8 kWh shared, at the grid intensity', () => {
    const y = r.years[0]!;
    closeTo(y.carbon.aloneTonnes, ((551880 + 331128) * 0.177) / 1000, 1e-9);
    closeTo(y.carbon.sharedTonnes, (382636.8 * 0.177) / 1000, 1e-9);
  });

  it('other services cost the same in both worlds', () => {
    for (const y of r.years) {
      expect(y.shared.storage).toBe(y.alone.storage);
      expect(y.shared.contact).toBe(y.alone.contact);
    }
  });
});

describe('channel shift (Copenhagen)', () => {
  const written = (target: number) =>
    scenario({
      name: 'written to web',
      currency: 'USD',
      startYear: 2013,
      horizonYears: 3,
      authorities: [
        {
          id: 'cph',
          kind: 'council',
          staff: 1000,
          profile: { contacts: { faceToFace: 0, telephone: 0, email: 550000, letter: 200000, web: 250000 } },
        },
      ],
      channelShift: { targetDigitalShare: target, rampYears: 0, excludedShare: 0 },
      assumptions: { contactGrowth: 0, costPerContact: { email: 21.5, letter: 21.5, web: 0.3 } },
    });

  it('moving N written contacts to the web changes cost by exactly N × (21.5 − 0.3) = N × 21.2', () => {
    const r = simulate(written(0.8));
    const y = r.years[1]!;
    const n = y.channel.contactsMoved;
    expect(n).toBeCloseTo(0.8 * 1000000 - 250000, 6); // 550,000 of the 750,000 written contacts
    closeTo(y.statusQuo.total - y.alone.total, n * 21.2, 1e-9);
    expect(y.channel.digitalShare).toBeCloseTo(0.8, 12);
    expect(r.summary.npvSaving).toBe(0); // one authority: nothing shared
    closeTo(r.summary.npvPolicySaving, n * 21.2 * (1 + 1 / 1.035 + 1 / 1.035 ** 2), 1e-9);
  });

  it('ramps linearly over rampYears and never moves the excluded share', () => {
    const s = scenario({
      name: 'ramp',
      horizonYears: 5,
      authorities: [
        {
          id: 'c',
          kind: 'council',
          staff: 1000,
          profile: { contacts: { faceToFace: 100, telephone: 300, email: 100, letter: 0, web: 500 } },
        },
      ],
      channelShift: { targetDigitalShare: 1, rampYears: 4, excludedShare: 0.25 },
      assumptions: { contactGrowth: 0 },
    });
    const r = simulate(s);
    const moved = r.years.map((y) => y.channel.contactsMoved);
    // shiftable 500 × (1 − 0.25) = 375 at full ramp; year t moves 375 × t/4
    expect(moved).toEqual([0, 93.75, 187.5, 281.25, 375].map((x) => expect.closeTo(x, 9)));
  });

  it('the shipped Copenhagen example appraises the policy alone and warns about GBP defaults', () => {
    const r = simulate(scenarioSchema.parse(example('copenhagen-channel-shift')));
    expect(r.summary.npvSaving).toBe(0);
    expect(r.summary.npvPolicySaving).toBeGreaterThan(0);
    expect(r.policy.contactsMoved).toBeGreaterThan(0);
    expect(r.warnings.join(' ')).toMatch(/USD/);
  });
});

describe('the Gwent example', () => {
  let r: SimulationResult;
  beforeAll(() => {
    r = simulate(scenarioSchema.parse(example('gwent-psn')));
  });

  it('allocates by exact Shapley and checks the core exhaustively', () => {
    expect(r.allocation).toMatchObject({ method: 'shapley', exact: true });
    expect(r.stability.checked).toBe('exhaustive');
  });

  it('flags members better off alone, and then the allocation is not in the core', () => {
    const alone = r.authorities.filter((a) => a.betterOffAlone);
    for (const a of alone) expect(a.saving).toBeLessThan(0);
    if (alone.length > 0) {
      expect(r.stability.inCore).toBe(false);
      const singletons = r.stability.blockingCoalitions.filter((b) => b.members.length === 1).map((b) => b.members[0]);
      for (const a of alone) expect(singletons).toContain(a.id);
    }
  });

  it('when the split is not in the core, carries a least-core split, verified against every coalition', () => {
    const gwent = scenarioSchema.parse(example('gwent-psn'));
    const model = compile(gwent);
    const table = savingGameTable(model);
    const n = model.authorities.length;
    expect(r.stability.inCore).toBe(
      blockingFromTable(
        n,
        table,
        r.authorities.map((a) => a.saving),
      ).length === 0,
    );
    if (r.stability.inCore) return;
    const alt = r.stability.coreAllocation!;
    const core = r.stability.core!;
    expect(alt).not.toBeNull();
    const shares = alt.authorities.map((a) => a.saving);
    closeTo(
      shares.reduce((x, y) => x + y, 0),
      r.summary.npvSaving,
      1e-9,
    );
    alt.authorities.forEach((a, i) => {
      expect(a.id).toBe(r.authorities[i]!.id);
      closeTo(a.change, a.saving - r.authorities[i]!.saving, 1e-9);
    });
    // the margin: every coalition gets at least its own saving plus the margin, and some get exactly that
    let least = Infinity;
    for (let m = 1; m < (1 << n) - 1; m++) {
      let x = 0;
      for (let i = 0; i < n; i++) if (m & (1 << i)) x += shares[i]!;
      least = Math.min(least, x - table[m]!);
    }
    expect(least).toBeGreaterThanOrEqual(core.margin - 1e-6 * Math.abs(r.summary.npvSaving));
    expect(alt.inCore).toBe(!core.empty);
    if (!core.empty) {
      expect(blockingFromTable(n, table, shares)).toEqual([]);
      for (const a of alt.authorities) expect(a.saving).toBeGreaterThanOrEqual(-1e-6);
    } else expect(alt.deficit).toBeCloseTo(-core.margin, 6);
  });

  it.each(['nucleolus', 'leastCore'] as const)('%s: in the core whenever the core is not empty', (method) => {
    const x = simulate(scenarioSchema.parse(example('gwent-psn')), { allocation: method, sensitivity: false });
    expect(x.allocation.method).toBe(method);
    expect(x.stability.core).not.toBeNull();
    expect(x.stability.inCore).toBe(!x.stability.core!.empty);
    if (x.stability.inCore) expect(x.stability.coreAllocation).toBeNull();
  });
});
