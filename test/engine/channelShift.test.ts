/**
 * Channel shift as an investment (docs/model.md, channel shift): its own cost in the policy's
 * NPV, which contacts shift and when, the cash the internal bank waits for, the digitally
 * excluded, and the Copenhagen example. Each expectation is computed here from the formula in
 * the docs, taking the model's own inputs (prices, uplifts, discount factors), not its outputs.
 */
import { ASSUMPTIONS } from '../../lambda/engine/defaults';
import { buildCostParts, compile } from '../../lambda/engine/model';
import { type ScenarioInput, scenarioSchema } from '../../lambda/engine/schema';
import { simulate } from '../../lambda/engine/simulate';
import { grandSaving } from '../../lambda/engine/uncertainty/monteCarlo';
import { closeTo, example, scenario } from '../helpers';

const STILL = { contactGrowth: 0, rpeStaff: 0 } as const;

/** One council whose contacts are given, with a channel-shift policy. */
function council(
  contacts: { faceToFace: number; telephone: number; email: number; letter: number; web: number },
  channelShift: NonNullable<ScenarioInput['channelShift']>,
  assumptions: ScenarioInput['assumptions'] = {},
  horizonYears = 6,
): ScenarioInput {
  return {
    name: 'channel shift',
    horizonYears,
    authorities: [{ id: 'c', kind: 'council', staff: 1000, profile: { contacts } }],
    channelShift,
    assumptions: { ...STILL, ...assumptions },
  };
}

const WRITTEN = { faceToFace: 0, telephone: 0, email: 550_000, letter: 200_000, web: 250_000 };
const run = (s: ScenarioInput) => simulate(scenario(s), { sensitivity: false, compareDelivery: false });

describe('the digital programme is an investment in the policy NPV', () => {
  const base = council(WRITTEN, { targetDigitalShare: 0.8, rampYears: 2, oneOffCost: 1_000_000 });
  const withCost = (x: number, ob?: { projectType: 'equipment/development' | 'none'; point: number }) =>
    run({
      ...base,
      channelShift: { ...base.channelShift!, oneOffCost: x },
      assumptions: { ...base.assumptions, ...(ob ? { optimismBias: ob } : {}) },
    });

  it('X more one-off cost lowers the policy NPV by exactly the PV of X, uplifted, on the build schedule', () => {
    const x = 2_500_000;
    const [a, b] = [withCost(1_000_000), withCost(1_000_000 + x)];
    const ob = a.optimismBias;
    // the build lasts channelShiftBuildYears × (1 + duration uplift), paid evenly from year 0
    const B = ASSUMPTIONS.channelShiftBuildYears.value * (1 + ob.durationUplift);
    let pv = 0;
    a.years.forEach((y, t) => {
      const share = (Math.min(t + 1, B) - Math.min(t, B)) / B;
      pv += y.discountFactor * share * x * (1 + ob.capexUplift);
    });
    expect(ob.capexUplift).toBeGreaterThan(0);
    closeTo(a.summary.npvPolicySaving - b.summary.npvPolicySaving, pv, 1e-9);
    closeTo(b.policy.investment.build - a.policy.investment.build, x * (1 + ob.capexUplift), 1e-12);
    expect(b.policy.oneOffCost).toBeCloseTo(1_000_000 + x, 6);
  });

  it('without optimism bias and a one-year build, X more costs exactly X in year 0', () => {
    const none = { projectType: 'none' as const, point: 0 };
    const [a, b] = [withCost(0, none), withCost(750_000, none)];
    closeTo(a.summary.npvPolicySaving - b.summary.npvPolicySaving, 750_000, 1e-12);
    expect(b.years[0]!.policy.build).toBeCloseTo(750_000, 6);
    expect(b.years.slice(1).every((y) => y.policy.build === 0)).toBe(true);
  });

  it('every line of the programme is in the alone world, in the policy NPV, BCR, payback and ROI', () => {
    const r = run(council(WRITTEN, { targetDigitalShare: 0.8, rampYears: 2 }));
    const f = r.summary.funding.policy;
    let npv = 0;
    let costs = 0;
    let benefits = 0;
    for (const y of r.years) {
      const p = y.policy;
      const programme = p.build + p.marketing + p.running + p.assistedDigital;
      closeTo(y.alone.channelShift, programme);
      closeTo(y.statusQuo.total - y.alone.total, p.released - programme);
      npv += y.discountFactor * (p.released - programme);
      costs += y.discountFactor * programme;
      benefits += y.discountFactor * p.released;
    }
    expect(r.policy.investment.build).toBeGreaterThan(0);
    expect(r.policy.investment.marketing).toBeGreaterThan(0);
    closeTo(r.summary.npvPolicySaving, npv);
    closeTo(f.npv, npv);
    closeTo(f.bcr!, benefits / costs);
    closeTo(f.investment, r.policy.investment.build + r.policy.investment.marketing);
    // sized from the contacts a year it is designed to move: 0.8 × 1,000,000 − 250,000
    const capacity = 550_000;
    const up = 1 + r.optimismBias.capexUplift;
    const perContact = ASSUMPTIONS.channelShiftBuildPerContact.value;
    closeTo(r.policy.oneOffCost, Math.max(ASSUMPTIONS.channelShiftBuildFloor.value, perContact * capacity));
    closeTo(r.policy.investment.build, r.policy.oneOffCost * up);
    closeTo(r.policy.investment.marketing, ASSUMPTIONS.channelShiftMarketingPerContact.value * capacity);
    expect(f.annualRoi).toBeCloseTo(f.steadyStateAnnualSaving / f.investment, 12);
  });
});

describe("the scenario's own build cost, shared out", () => {
  // three councils of different sizes and one whose contacts cannot move (its part is zero)
  const s = scenario({
    name: 'parts',
    horizonYears: 5,
    authorities: [
      { id: 'a', kind: 'council', staff: 800 },
      { id: 'b', kind: 'council', staff: 3000 },
      { id: 'c', kind: 'police', staff: 1200 },
      {
        id: 'd',
        kind: 'council',
        staff: 500,
        profile: { contacts: { faceToFace: 0, telephone: 0, email: 0, letter: 0, web: 10_000 } },
      },
    ],
    channelShift: { targetDigitalShare: 0.7, channels: ['email', 'letter'], oneOffCost: 4_000_000 },
    assumptions: STILL,
  });

  it('adds up to oneOffCost, and a block compiled alone with its parts costs what the whole model does', () => {
    const parts = buildCostParts(s)!;
    closeTo(
      parts.reduce((x, y) => x + y, 0),
      4_000_000,
    );
    expect(parts[3]).toBe(0);
    const whole = compile(s);
    for (const [from, to] of [
      [0, 1],
      [1, 3],
      [3, 4],
    ] as const) {
      const own = parts.slice(from, to).reduce((x, y) => x + y, 0);
      const block = compile({
        ...s,
        authorities: s.authorities.slice(from, to),
        channelShift: { ...s.channelShift!, oneOffCost: own },
      });
      for (let i = from; i < to; i++)
        for (let t = 0; t < s.horizonYears; t++) {
          closeTo(block.arrays.programme[(i - from) * 5 + t]!, whole.arrays.programme[i * 5 + t]!, 1e-12);
          closeTo(block.arrays.aloneTotal[(i - from) * 5 + t]!, whole.arrays.aloneTotal[i * 5 + t]!, 1e-12);
        }
    }
    const { oneOffCost: _, ...sized } = s.channelShift!;
    expect(buildCostParts({ ...s, channelShift: sized })).toBeUndefined();
  });
});

describe('which contacts shift', () => {
  it('moving N written contacts saves exactly N × the unit-cost gap, year by year', () => {
    const s = council(
      WRITTEN,
      { targetDigitalShare: 0.8, rampYears: 0, channels: ['email', 'letter'] },
      { costPerContact: { email: 21.5, letter: 21.5, web: 0.3 }, rpeStaff: 0.01 },
    );
    const r = run(s);
    const px = compile(scenario(s)).prices;
    let moved = 0;
    r.years.forEach((y, t) => {
      const n = y.channel.contactsMoved;
      moved += n;
      closeTo(y.policy.released, n * 21.2 * px[t]!.staff, 1e-12);
    });
    // the build takes the first year; then every written contact moves: 550,000 of 750,000
    expect(r.years[0]!.channel.contactsMoved).toBe(0);
    expect(r.years[2]!.channel.contactsMoved).toBeCloseTo(550_000, 6);
    expect(r.years[2]!.channel.digitalShare).toBeCloseTo(0.8, 12);
    expect(moved).toBeGreaterThan(0);
    expect(r.policy.baseline!.savingPerContactMoved.email).toBe(21.2);
  });

  it('each channel shifts its own share on its own ramp, after the build (stretched by optimism)', () => {
    const contacts = { faceToFace: 100_000, telephone: 0, email: 200_000, letter: 100_000, web: 600_000 };
    const s = council(contacts, {
      targetDigitalShare: 1,
      rampYears: 4,
      excludedShare: 0,
      channels: { email: { shiftable: 0.5, rampYears: 2 }, letter: { shiftable: 1, delayYears: 1, rampYears: 0 } },
    });
    const r = run(s);
    const B = ASSUMPTIONS.channelShiftBuildYears.value * (1 + r.optimismBias.durationUplift);
    const clamp = (x: number) => Math.min(1, Math.max(0, x));
    r.years.forEach((y, t) => {
      const email = 100_000 * clamp((t + 1 - B) / 2);
      const letter = t + 1 - B - 1 > 0 ? 100_000 : 0;
      expect(y.channel.contactsMoved).toBeCloseTo(email + letter, 6);
    });
    // face to face was not listed: it never shifts, so 80 % is the most it can reach
    expect(r.policy.target).toMatchObject({ reachable: false, authoritiesShort: ['c'] });
    closeTo(r.policy.target!.bestReachableShare, 0.8);
  });

  it('a target out of reach is reported with the best reachable share, and in a warning', () => {
    const r = run(council(WRITTEN, { targetDigitalShare: 0.8, rampYears: 1, channels: { email: { shiftable: 0.5 } } }));
    const best = (250_000 + 0.5 * 550_000) / 1_000_000;
    const t = r.policy.target!;
    expect(t.reachable).toBe(false);
    closeTo(t.bestReachableShare, best);
    closeTo(t.reachedShare, best);
    expect(t.reachedYear).toBeNull();
    expect(r.warnings.join(' ')).toMatch(/out of reach.*52\.5 %/);
    const reachable = run(council(WRITTEN, { targetDigitalShare: 0.5, rampYears: 1 }));
    expect(reachable.policy.target).toMatchObject({ reachable: true, authoritiesShortCount: 0 });
    // built in 1.17 years, a one-year ramp: complete by the end of year 2
    expect(reachable.policy.target!.reachedYear).toBe(2028);
    expect(reachable.warnings.join(' ')).not.toMatch(/out of reach/);
  });

  it('a list of channels still means those channels, fully shiftable, on the policy ramp', () => {
    const listed = run(council(WRITTEN, { targetDigitalShare: 0.8, rampYears: 2, channels: ['email'] }));
    const rules = run(
      council(WRITTEN, { targetDigitalShare: 0.8, rampYears: 2, channels: { email: { shiftable: 1 } } }),
    );
    expect(listed.years.map((y) => y.channel.contactsMoved)).toEqual(rules.years.map((y) => y.channel.contactsMoved));
  });
});

describe('cashable or not', () => {
  const s = council(
    WRITTEN,
    { targetDigitalShare: 0.8, rampYears: 0, channels: ['email', 'letter'], excludedShare: 0 },
    {
      channelShiftStepDownYears: 1.5,
      channelShiftFixedShare: 0.3,
      optimismBias: { projectType: 'none', point: 0 },
    },
  );
  const r = run(s);

  it('capacity becomes cash a step-down lag after contacts move, less the fixed share', () => {
    const moved = r.years.map((y) => y.channel.contactsMoved);
    const at = (tau: number) => {
      if (tau < 0) return 0;
      const lo = Math.floor(tau);
      const hi = Math.min(moved.length - 1, Math.ceil(tau));
      return moved[lo]! + (tau - lo) * (moved[hi]! - moved[lo]!);
    };
    r.years.forEach((y, t) => {
      const expected = moved[t]! > 0 ? 0.7 * y.policy.released * Math.min(1, at(t - 1.5) / moved[t]!) : 0;
      closeTo(y.policy.cashSaving, expected, 1e-12);
    });
    // year 1 moves everything (build in year 0); year 2 is half stepped down; from year 3 all
    expect(r.years[2]!.policy.cashSaving).toBeCloseTo(0.35 * r.years[2]!.policy.released, 6);
    expect(r.years[3]!.policy.cashSaving).toBeCloseTo(0.7 * r.years[3]!.policy.released, 6);
    expect(r.policy.steady!.fromYear).toBe(2029);
  });

  it('the return against the hurdle is the steady cash less running costs, over the investment', () => {
    const st = r.policy.steady!;
    const f = r.summary.funding.policy;
    const last = r.years.slice(3);
    const mean = (g: (y: (typeof r.years)[number]) => number) => last.reduce((a, y) => a + g(y), 0) / last.length;
    closeTo(
      st.cashSaving,
      mean((y) => y.policy.cashSaving),
    );
    closeTo(f.steadyStateAnnualSaving, st.cashSaving - st.running - st.assistedDigital);
    closeTo(f.annualRoi!, f.steadyStateAnnualSaving / f.investment);
    expect(f.fundable).toBe(f.annualRoi! >= r.summary.funding.hurdleRoi);
  });

  it('the business case shows the gap the internal bank bridges', () => {
    let cumulative = 0;
    let trough = 0;
    let uncashed = 0;
    for (const y of r.years) {
      const p = y.policy;
      cumulative += p.cashSaving - (p.build + p.marketing + p.running + p.assistedDigital);
      trough = Math.min(trough, cumulative);
      uncashed += p.released - p.cashSaving;
    }
    closeTo(r.policy.financial!.peakFunding, -trough);
    closeTo(r.policy.financial!.uncashedSaving, uncashed);
    expect(uncashed).toBeGreaterThan(0);
    expect(r.policy.financial!.npv).toBeLessThan(r.summary.npvPolicySaving);
  });
});

describe('nobody left behind', () => {
  const e = 0.1;
  const k = ASSUMPTIONS.digitallyExcludedContactIntensity.value;
  const h = ASSUMPTIONS.digitallyExcludedHandlingFactor.value;
  const contacts = { faceToFace: 200_000, telephone: 0, email: 0, letter: 0, web: 800_000 };
  const s = council(contacts, { targetDigitalShare: 1, rampYears: 0, excludedShare: e }, { rpeStaff: 0 });
  const r = run(s);

  it('the digitally excluded are a group of adults with their own contact pattern: they never move', () => {
    const x = (1_000_000 * e * k) / (1 - e + e * k);
    closeTo(r.policy.excluded!.contacts, x);
    closeTo(r.policy.excluded!.shareOfContacts, x / 1_000_000);
    // everything else moves; what stays on face to face is theirs
    const last = r.years[r.years.length - 1]!;
    closeTo(last.channel.contactsMoved, 200_000 - x);
    expect(r.policy.target!.reachable).toBe(false);
    closeTo(r.policy.target!.bestReachableShare, 1 - x / 1_000_000);
  });

  it('a contact moved saves the included citizen’s shorter handling, not the channel average', () => {
    const c = ASSUMPTIONS['costPerContact.faceToFace'].value;
    const web = ASSUMPTIONS['costPerContact.web'].value;
    const x = (1_000_000 * e * k) / (1 - e + e * k);
    const share = x / 200_000;
    const y = r.years[r.years.length - 1]!;
    closeTo(y.policy.released, y.channel.contactsMoved * (c / (1 + share * (h - 1)) - web));
  });

  it('assisted-digital support is sized from them; the result says what it reinvests and what remains', () => {
    const y = r.years[r.years.length - 1]!;
    closeTo(y.policy.assistedDigital, ASSUMPTIONS.assistedDigitalPerContact.value * y.policy.excludedContacts);
    const st = r.policy.steady!;
    closeTo(st.reinvestedShare!, st.assistedDigital / st.released);
    closeTo(st.remaining, st.released - st.running - st.assistedDigital);
  });
});

describe('partnerships appraise channel shift the same in both worlds', () => {
  const gwent = scenarioSchema.parse(example('gwent-psn'));
  const r = simulate(gwent, { sensitivity: false, compareDelivery: false });

  it('the programme is the same line alone and shared, so the sharing saving does not include it', () => {
    expect(r.policy.channelShift).toBe(true);
    for (const y of r.years) expect(y.shared.channelShift).toBe(y.alone.channelShift);
    expect(r.years.some((y) => y.alone.channelShift > 0)).toBe(true);
    closeTo(r.summary.npvSaving, grandSaving(compile(gwent)));
    closeTo(r.summary.npvTotalSaving, r.summary.npvSaving + r.summary.npvPolicySaving);
  });

  it('what the programme costs, and how much becomes cash, change the policy NPV and never the sharing saving', () => {
    const variants = [
      { channelShiftBuildPerContact: 9, channelShiftMarketingPerContact: 1.4 },
      { channelShiftRunningPerContact: 1.1, assistedDigitalPerContact: 4.5 },
      { channelShiftStepDownYears: 2, channelShiftFixedShare: 0.5 },
    ];
    for (const v of variants) {
      const x = simulate(
        { ...gwent, assumptions: { ...gwent.assumptions, ...v } },
        { sensitivity: false, compareDelivery: false },
      );
      expect(x.summary.npvSaving).toBe(r.summary.npvSaving);
      expect(x.authorities.map((a) => a.saving)).toEqual(r.authorities.map((a) => a.saving));
    }
    const dearer = simulate(
      { ...gwent, channelShift: { ...gwent.channelShift!, oneOffCost: 50_000_000 } },
      { sensitivity: false, compareDelivery: false },
    );
    expect(dearer.summary.npvSaving).toBe(r.summary.npvSaving);
    expect(dearer.summary.npvPolicySaving).toBeLessThan(r.summary.npvPolicySaving);
  });
});

describe('one answer to "would the internal bank fund it?"', () => {
  const gwent = scenarioSchema.parse(example('gwent-psn'));
  const r = simulate(gwent, { sensitivity: false, compareDelivery: false });
  const f = r.summary.funding;

  it('for the sharing, the policy and both together, each consistent with its ROI', () => {
    for (const c of [f.sharing, f.policy, f.combined]) {
      expect(c.applies).toBe(true);
      closeTo(c.annualRoi!, c.steadyStateAnnualSaving / c.investment);
      expect(c.fundable).toBe(c.annualRoi! >= f.hurdleRoi);
    }
    closeTo(f.combined.investment, f.sharing.investment + f.policy.investment);
    closeTo(f.combined.steadyStateAnnualSaving, f.sharing.steadyStateAnnualSaving + f.policy.steadyStateAnnualSaving);
    closeTo(f.combined.npv, r.summary.npvTotalSaving);
    expect([r.summary.fundable, r.summary.annualRoi]).toEqual([f.sharing.fundable, f.sharing.annualRoi]);
    expect([r.policy.fundable, r.policy.annualRoi, r.policy.bcr]).toEqual([
      f.policy.fundable,
      f.policy.annualRoi,
      f.policy.bcr,
    ]);
  });

  it('an investment too small for a finite ratio counts as none: no ROI, fundable when it saves', () => {
    const tiny = run(
      council(
        WRITTEN,
        { targetDigitalShare: 0.8, rampYears: 0, oneOffCost: 0 },
        {
          channelShiftMarketingPerContact: 2e-323,
          channelShiftRunningPerContact: 2e-323,
          assistedDigitalPerContact: 2e-323,
          optimismBias: { projectType: 'none', point: 0 },
        },
      ),
    );
    const p = tiny.summary.funding.policy;
    expect(p.investment).toBeGreaterThan(0);
    expect(p.annualRoi).toBeNull();
    expect(p.fundable).toBe(p.steadyStateAnnualSaving > 0);
    expect(tiny.policy.annualRoi).toBeNull();
    // and costs that small give no benefit-cost ratio rather than an infinite one
    expect(tiny.policy.pvCosts).toBeGreaterThan(0);
    expect(p.bcr).toBeNull();
  });

  it('a policy alone: the sharing does not apply, and the answers say so', () => {
    const one = run(council(WRITTEN, { targetDigitalShare: 0.8, rampYears: 2 }));
    const g = one.summary.funding;
    expect(g.sharing).toMatchObject({ applies: false, fundable: false, annualRoi: null });
    expect(g.policy.applies).toBe(true);
    expect(g.combined.fundable).toBe(g.policy.fundable);
    closeTo(g.combined.annualRoi!, g.policy.annualRoi!);
    const none = run({ name: 'no policy', authorities: [{ id: 'a', kind: 'council', staff: 500 }] });
    expect(none.summary.funding.policy).toMatchObject({ applies: false, fundable: false, annualRoi: null });
    expect(none.years.every((y) => y.alone.channelShift === 0 && y.policy.released === 0)).toBe(true);
  });
});

describe('the Copenhagen example', () => {
  const s = scenarioSchema.parse(example('copenhagen-channel-shift'));
  const r = simulate(s);
  const b = r.policy.baseline!;

  it('reproduces the account: 27 % of contacts written, using 51 % of resources (±2 points)', () => {
    expect(Math.abs(b.writtenShareOfContacts - 0.27)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(b.writtenShareOfResources - 0.51)).toBeLessThanOrEqual(0.02);
  });

  it('each written contact moved saves exactly US$21.2', () => {
    expect(b.savingPerContactMoved.email).toBe(21.2);
    expect(b.savingPerContactMoved.letter).toBe(21.2);
    const px = compile(s).prices;
    r.years.forEach((y, t) => {
      closeTo(y.policy.released, y.channel.contactsMoved * 21.2 * px[t]!.staff, 1e-12);
    });
    expect(r.policy.contactsMoved).toBeGreaterThan(0);
  });

  it("its steady state is of the order of Denmark's DKK 900m a year, pro rata (docs/model.md)", () => {
    // 560,000 of 5.6 million people; about DKK 5.62 to the dollar (2013)
    const proRata = (900e6 * (560_000 / 5_600_000)) / 5.62;
    const ratio = r.policy.steady!.released / proRata;
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(1.5);
  });

  it('appraises the ROI against the 16 % hurdle, the unreachable 80 % and the reinvestment in the excluded', () => {
    const f = r.summary.funding.policy;
    expect(r.summary.funding.hurdleRoi).toBe(0.16);
    expect(f.fundable).toBe(f.annualRoi! >= 0.16);
    expect(r.summary.npvSaving).toBe(0);
    expect(r.policy.target).toMatchObject({ digitalShare: 0.8, reachable: false });
    expect(r.policy.steady!.assistedDigital).toBeGreaterThan(0);
    expect(r.warnings.join(' ')).toMatch(/USD/);
  });
});
