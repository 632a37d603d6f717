import { savingGameTable } from '../../lambda/engine/allocation/coalitions';
import { blockingFromTable } from '../../lambda/engine/allocation/game';
import { carbonValueIn, gridIntensityIn } from '../../lambda/engine/appraisal';
import { DEFAULT_OPTIMISM_POINT } from '../../lambda/engine/defaults';
import { compile } from '../../lambda/engine/model';
import { SERVICES } from '../../lambda/engine/services/registry';
import { type SimulationResult, simulate } from '../../lambda/engine/simulate';
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
  licences: false,
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
      const lines = [...SERVICES, 'otherIt', 'channelShift', 'governance', 'transition'] as const;
      closeTo(
        y.shared.total,
        lines.reduce((sum, k) => sum + y.shared[k], 0),
      );
      closeTo(
        y.alone.total,
        [...SERVICES, 'otherIt' as const, 'channelShift' as const].reduce((sum, k) => sum + y.alone[k], 0),
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

  it('reports the optimism bias it applied (capital +40 % by default) and the NPV at the upper bound', () => {
    expect(r.optimismBias).toMatchObject({ projectType: 'equipment/development', point: DEFAULT_OPTIMISM_POINT });
    expect(r.optimismBias.capexUplift).toBeCloseTo(0.4, 3);
    expect(r.optimismBias.durationUplift).toBeCloseTo(0.1 + DEFAULT_OPTIMISM_POINT * 0.44, 12);
    // only capital is uplifted by the capital uplift
    closeTo(r.transition.capital, r.transition.capitalBeforeUplift * (1 + r.optimismBias.capexUplift));
    closeTo(
      r.transition.total,
      r.years.reduce((s, y) => s + y.transition, 0),
    );
    expect(r.optimismBias.npvSavingAtUpperBound).toBeLessThan(r.summary.npvSaving);
  });

  it('benefits over costs: never negative, and their difference is the NPV plus carbon', () => {
    expect(r.summary.bcr).toBeGreaterThan(0);
    closeTo(r.summary.npsv, r.summary.pvBenefits - r.summary.pvCosts, 1e-9);
    closeTo(r.summary.npsv, r.summary.npvSaving + r.summary.npvCarbonValue, 1e-9);
    closeTo(r.summary.financial.npv, r.summary.npvSaving - r.summary.financial.pvRedundancy, 1e-9);
  });
});

describe('a two-authority case by hand: data centre only, a new facility', () => {
  // The numbers of test/engine/services/dataCentre.test.ts, now through the whole model.
  const s = scenario({
    name: 'two server estates',
    horizonYears: 3,
    authorities: [
      { id: 'a', kind: 'council', staff: 1000, profile: { servers: 100, serverRooms: 1, linkKm: 10 } },
      { id: 'b', kind: 'council', staff: 1000, profile: { servers: 60, serverRooms: 1, linkKm: 10 } },
    ],
    share: { ...NO_SHARE, dataCentre: true },
    delivery: 'newFacility',
    assumptions: {
      ...NO_PARTNERSHIP_COSTS,
      optimismBias: { projectType: 'none', point: 0 },
      ...{ serverRoomCost: 30000, serverPrice: 5000, serverLifeYears: 5, serverWatts: 350, pueAlone: 1.8 },
      ...{ pueShared: 1.3, electricityPrice: 0.22, itStaffCost: 55000, serversPerAdminAlone: 40 },
      ...{ serversPerAdminShared: 150, adminMinFte: 0.5, consolidationRatio: 0.6, serversPerRack: 20 },
      ...{
        rackCost: 12000,
        facilityModuleRacks: 20,
        facilityModuleCost: 150000,
        hubLinkFixed: 6000,
        hubLinkPerKm: 120,
      },
    },
  });
  const r = simulate(s, { allocation: 'equal' });

  it('saves 194,481.664 a year once the old servers are replaced; until then their refresh still runs', () => {
    // 388,913.60 + 245,348.16 − 439,780.096; the hardware part (160,000 alone, 96,000 shared) is
    // sunk until due: a fifth of the old estate is replaced each year
    const full = 194481.664;
    const expected = [0.2, 0.4, 0.6].map((replaced) => full - (1 - replaced) * (160000 - 96000));
    for (const [t, y] of r.years.entries()) closeTo(y.netSaving, expected[t]!, 1e-9);
    closeTo(r.summary.npvSaving, expected[0]! + expected[1]! / 1.035 + expected[2]! / 1.035 ** 2, 1e-9);
  });

  it('carbon: 882,008 kWh alone against 382,636.8 kWh shared, at each year’s grid intensity, valued by year', () => {
    const m = compile(s);
    r.years.forEach((y) => {
      const g = gridIntensityIn(m, y.year) / 1000;
      closeTo(y.carbon.aloneTonnes, (551880 + 331128) * g, 1e-9);
      closeTo(y.carbon.sharedTonnes, 382636.8 * g, 1e-9);
    });
    const value = r.years.reduce(
      (v, y) => v + y.discountFactor * (y.carbon.aloneTonnes - y.carbon.sharedTonnes) * carbonValueIn(m, y.year),
      0,
    );
    closeTo(r.summary.npvCarbonValue, value, 1e-9);
  });

  it('other services cost the same in both worlds', () => {
    for (const y of r.years) {
      expect(y.shared.storage).toBe(y.alone.storage);
      expect(y.shared.contact).toBe(y.alone.contact);
    }
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
