/**
 * The transition and the realisation of benefits as a business case costs them: capital alone
 * carries the capital uplift, dual running only on what runs twice, redundancy only in the
 * financial case, benefits realised in part, and relative prices moving each line its own way.
 */
import { type ScenarioInput, scenarioSchema } from '../../lambda/engine/schema';
import { simulate } from '../../lambda/engine/simulate';
import { closeTo } from '../helpers';

const base: ScenarioInput = {
  name: 'two councils',
  authorities: [
    { id: 'a', kind: 'council', tier: 'unitary', staff: 3000 },
    { id: 'b', kind: 'council', tier: 'unitary', staff: 2500 },
  ],
  share: { contactCentre: false },
};
const run = (over: Partial<ScenarioInput> = {}) =>
  simulate(scenarioSchema.parse({ ...base, ...over }), { compareDelivery: false });
const at = (assumptions: Record<string, unknown>, over: Partial<ScenarioInput> = {}) =>
  run({ ...over, assumptions: assumptions as ScenarioInput['assumptions'] });

describe('transition', () => {
  it('the capital uplift moves capital only, by exactly its change', () => {
    const lo = at({ optimismBias: { projectType: 'equipment/development', point: 0 } });
    const hi = at({ optimismBias: { projectType: 'equipment/development', point: 1 } });
    closeTo(lo.transition.capitalBeforeUplift, hi.transition.capitalBeforeUplift);
    closeTo(lo.transition.capital, lo.transition.capitalBeforeUplift * 1.1);
    closeTo(hi.transition.capital, hi.transition.capitalBeforeUplift * 3);
    closeTo(lo.transition.other, hi.transition.other);
    // dual running lengthens with the duration uplift (+10 % against +54 %), nothing else moves it
    closeTo(hi.transition.dualRunning / lo.transition.dualRunning, 1.54 / 1.1);
  });

  it('dual running only for services that run twice: a network alone has none', () => {
    const net = run({
      share: {
        dataCentre: false,
        storage: false,
        serviceDesk: false,
        specialists: false,
        contactCentre: false,
        licences: false,
      },
    });
    expect(net.transition.dualRunning).toBe(0);
    expect(run().transition.dualRunning).toBeGreaterThan(0);
  });

  it('redundancy is a transfer: in the financial case, not in the economic NPV', () => {
    const none = at({ redundancyMultiple: 0 });
    const some = at({ redundancyMultiple: 1.5 });
    closeTo(none.summary.npvSaving, some.summary.npvSaving, 1e-12);
    expect(some.transition.redundancy).toBeGreaterThan(0);
    closeTo(some.summary.financial.npv, some.summary.npvSaving - some.summary.financial.pvRedundancy, 1e-12);
    expect(some.summary.financial.npv).toBeLessThan(none.summary.financial.npv);
    expect(some.summary.oneOffInvestment).toBeGreaterThan(none.summary.oneOffInvestment);
  });
});

describe('benefits', () => {
  it('are realised in part: the realised share scales every saving, never a loss', () => {
    const full = at({ benefitsRealisation: 1, benefitsRampYears: 0 });
    const half = at({ benefitsRealisation: 0.5, benefitsRampYears: 0 });
    for (const [t, y] of full.years.entries()) {
      const h = half.years[t]!;
      for (const k of ['dataCentre', 'storage', 'serviceDesk', 'network'] as const) {
        const saving = y.alone[k] - y.shared[k];
        if (saving > 0) closeTo(h.alone[k] - h.shared[k], saving / 2, 1e-9);
        else closeTo(h.alone[k] - h.shared[k], saving, 1e-9);
      }
    }
  });

  it('ramp up after go-live: a slower ramp never saves more', () => {
    expect(at({ benefitsRampYears: 4 }).summary.npvSaving).toBeLessThan(at({ benefitsRampYears: 1 }).summary.npvSaving);
  });
});

describe('relative prices', () => {
  it('storage follows its own price path: falling prices lower its cost year by year', () => {
    const flat = at({ rpeStorage: 0, storageGrowth: 0 });
    const falling = at({ rpeStorage: -0.1, storageGrowth: 0 });
    const y = flat.years.length - 1;
    expect(falling.years[y]!.alone.storage).toBeLessThan(flat.years[y]!.alone.storage);
    closeTo(falling.years[0]!.alone.storage, flat.years[0]!.alone.storage);
  });

  it('staff costs rise with real earnings (specialists are all staff)', () => {
    const r = at({ rpeStaff: 0.02 });
    const first = r.years[0]!.alone.specialists;
    const last = r.years[r.years.length - 1]!.alone.specialists;
    closeTo(last, first * 1.02 ** (r.years.length - 1), 1e-9);
  });
});

describe('membership and delivery', () => {
  it('a member that only buys together keeps its estate: its data centre costs the same in both worlds', () => {
    const r = simulate(
      scenarioSchema.parse({
        ...base,
        authorities: [...base.authorities, { id: 'c', kind: 'council', staff: 2000, membership: 'procurement' }],
      }),
      { compareDelivery: false },
    );
    const two = run();
    // the procurement member adds its data centre to both worlds and nothing to the saving there
    for (const [t, y] of r.years.entries()) {
      const dc = y.alone.dataCentre - y.shared.dataCentre;
      closeTo(dc, two.years[t]!.alone.dataCentre - two.years[t]!.shared.dataCentre, 1e-9);
    }
  });

  it('a commercial provider needs no facility built; a new facility does', () => {
    const commercial = run({ delivery: 'commercial' });
    const facility = run({ delivery: 'newFacility' });
    expect(facility.transition.capitalBeforeUplift).toBeGreaterThan(commercial.transition.capitalBeforeUplift);
  });

  it('every result prices the other delivery models beside the chosen one', () => {
    const r = simulate(scenarioSchema.parse(base));
    expect(r.delivery.model).toBe('leadHost');
    expect(r.delivery.comparison.map((c) => c.delivery)).toEqual(['leadHost', 'newFacility', 'commercial']);
    closeTo(r.delivery.comparison[0]!.npvSaving, r.summary.npvSaving);
    closeTo(r.delivery.comparison[1]!.npvSaving, run({ delivery: 'newFacility' }).summary.npvSaving);
  });
});
