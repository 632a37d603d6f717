import fc from 'fast-check';
import type { FundingCase } from '../../lambda/engine/appraisal';
import { simulate } from '../../lambda/engine/simulate';
import { ASSISTED_CHANNELS, KINDS } from '../../lambda/engine/kinds';
import { type ScenarioInput, scenarioSchema, SHARED_SERVICES } from '../../lambda/engine/schema';

const authority = (i: number) =>
  fc.record({
    id: fc.constant(`a${i}`),
    kind: fc.constantFrom(...KINDS),
    staff: fc.double({ min: 5, max: 60000, noNaN: true }),
    location: fc.option(
      fc.record({
        lat: fc.double({ min: 50, max: 58, noNaN: true }),
        lon: fc.double({ min: -6, max: 2, noNaN: true }),
      }),
      { nil: undefined },
    ),
  });

const share = fc.record(
  Object.fromEntries(SHARED_SERVICES.map((s) => [s, fc.boolean()])) as Record<
    (typeof SHARED_SERVICES)[number],
    fc.Arbitrary<boolean>
  >,
);

/** Valid scenarios: 1–6 authorities, any kinds and sizes, any services shared, optional channel shift (any rules). */
const scenarioArb: fc.Arbitrary<ScenarioInput> = fc
  .record({
    n: fc.integer({ min: 1, max: 6 }),
    horizonYears: fc.integer({ min: 1, max: 25 }),
    share,
    shift: fc.option(
      fc.record(
        {
          targetDigitalShare: fc.double({ min: 0, max: 1, noNaN: true }),
          rampYears: fc.integer({ min: 0, max: 6 }),
          excludedShare: fc.double({ min: 0, max: 0.95, noNaN: true }),
          channels: fc.record(
            Object.fromEntries(
              ASSISTED_CHANNELS.map((c) => [
                c,
                fc.record({
                  shiftable: fc.double({ min: 0, max: 1, noNaN: true }),
                  rampYears: fc.double({ min: 0, max: 6, noNaN: true }),
                  delayYears: fc.double({ min: 0, max: 4, noNaN: true }),
                }),
              ]),
            ),
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: ['targetDigitalShare', 'rampYears'] },
      ),
      { nil: undefined },
    ),
    pueShared: fc.double({ min: 1, max: 2.5, noNaN: true }),
    storageGrowth: fc.double({ min: -0.2, max: 0.5, noNaN: true }),
    transitionYears: fc.double({ min: 0, max: 4, noNaN: true }),
    point: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .chain((p) =>
    fc.tuple(...Array.from({ length: p.n }, (_, i) => authority(i))).map((authorities) => ({
      name: 'property',
      horizonYears: p.horizonYears,
      authorities: authorities.map((a) => (a.location ? a : { id: a.id, kind: a.kind, staff: a.staff })),
      share: p.share,
      ...(p.shift ? { channelShift: p.shift } : {}),
      assumptions: {
        pueShared: p.pueShared,
        storageGrowth: p.storageGrowth,
        transitionYears: p.transitionYears,
        optimismBias: { projectType: 'equipment/development' as const, point: p.point },
      },
      allocation: 'proportionalAlone' as const,
    })),
  );

function allFinite(x: unknown): boolean {
  if (typeof x === 'number') return Number.isFinite(x);
  if (Array.isArray(x)) return x.every(allFinite);
  if (x && typeof x === 'object') return Object.values(x).every(allFinite);
  return true;
}

const run = (s: ScenarioInput) => simulate(scenarioSchema.parse(s));
const RUNS = { numRuns: 150 };

describe('engine invariants (fast-check)', () => {
  it('results are finite for every valid input', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => allFinite(run(s))),
      RUNS,
    );
  });

  it('sharing nothing gives exactly zero saving', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = run({ ...s, share: Object.fromEntries(SHARED_SERVICES.map((k) => [k, false])) });
        return (
          r.summary.npvSaving === 0 &&
          r.years.every((y) => y.netSaving === 0) &&
          r.authorities.every((a) => a.saving === 0)
        );
      }),
      RUNS,
    );
  });

  it('a lower shared PUE never lowers the saving', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.double({ min: 1, max: 2.5, noNaN: true }),
        fc.double({ min: 1, max: 2.5, noNaN: true }),
        (s, p, q) => {
          const [lo, hi] = p <= q ? [p, q] : [q, p];
          const at = (pue: number) =>
            run({ ...s, assumptions: { ...s.assumptions, pueShared: pue } }).summary.npvSaving;
          return at(lo) >= at(hi) - 1e-6 * Math.max(1, Math.abs(at(hi)));
        },
      ),
      RUNS,
    );
  });

  it('enough transition cost makes the NPV negative: sharing is not assumed to pay', () => {
    fc.assert(
      fc.property(
        scenarioArb.filter((s) => s.authorities.length >= 2 && Object.values(s.share ?? {}).some(Boolean)),
        (s) => {
          const base = run(s);
          const huge = run({ ...s, assumptions: { ...s.assumptions, onboardingFloor: 10 * base.summary.pvAlone } });
          return huge.summary.npvSaving < 0 && huge.summary.fundable === false;
        },
      ),
      RUNS,
    );
  });

  it('more optimism bias never raises the saving of a partnership that saves on running costs', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (s, p, q) => {
          const [lo, hi] = p <= q ? [p, q] : [q, p];
          const at = (point: number) =>
            run({
              ...s,
              assumptions: { ...s.assumptions, optimismBias: { projectType: 'equipment/development', point } },
            });
          const [a, b] = [at(lo), at(hi)];
          // a longer transition also delays running losses: the claim is for partnerships whose
          // shared services save on running costs in every year
          fc.pre([...a.years, ...b.years].every((y) => y.grossSaving >= 0));
          return b.summary.npvSaving <= a.summary.npvSaving + 1e-6 * Math.max(1, Math.abs(a.summary.npvSaving));
        },
      ),
      RUNS,
    );
  });

  it('the three answers to "would the internal bank fund it?" each follow from their own ROI', () => {
    const consistent = (c: FundingCase, hurdle: number) =>
      c.annualRoi === null
        ? (!c.applies || c.investment <= 0 || !Number.isFinite(c.steadyStateAnnualSaving / c.investment)) &&
          c.fundable === (c.applies && c.steadyStateAnnualSaving > 0)
        : c.applies &&
          c.investment > 0 &&
          Math.abs(c.annualRoi - c.steadyStateAnnualSaving / c.investment) <= 1e-12 * Math.abs(c.annualRoi) &&
          c.fundable === c.annualRoi >= hurdle;
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = run(s);
        const f = r.summary.funding;
        return (
          consistent(f.sharing, f.hurdleRoi) &&
          consistent(f.policy, f.hurdleRoi) &&
          consistent(f.combined, f.hurdleRoi) &&
          f.policy.applies === (s.channelShift !== undefined) &&
          f.combined.applies === (f.sharing.applies || f.policy.applies) &&
          r.summary.fundable === f.sharing.fundable &&
          r.policy.fundable === f.policy.fundable &&
          Math.abs(f.combined.npv - r.summary.npvTotalSaving) <= 1e-9 * Math.max(1, Math.abs(f.combined.npv))
        );
      }),
      RUNS,
    );
  });

  it('a channel-shift programme costs the same alone and shared: its cost never changes the sharing saving', () => {
    fc.assert(
      fc.property(
        scenarioArb.filter((s) => s.channelShift !== undefined),
        fc.double({ min: 0, max: 5e7, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        (s, oneOffCost, perContact) => {
          const base = run(s);
          const dearer = run({
            ...s,
            channelShift: { ...s.channelShift!, oneOffCost },
            assumptions: {
              ...s.assumptions,
              channelShiftRunningPerContact: perContact,
              channelShiftMarketingPerContact: perContact,
              assistedDigitalPerContact: perContact,
            },
          });
          return (
            dearer.summary.npvSaving === base.summary.npvSaving &&
            dearer.years.every((y) => y.alone.channelShift === y.shared.channelShift)
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the shipped defaults do not always predict that sharing pays', () => {
    // Two schools far apart with nothing but a network to share: the PSN core costs more than it saves.
    const r = run({
      name: 'small',
      authorities: [
        { id: 's1', kind: 'school', staff: 40 },
        { id: 's2', kind: 'school', staff: 35 },
      ],
      share: {
        dataCentre: false,
        storage: false,
        serviceDesk: false,
        specialists: false,
        network: true,
        contactCentre: false,
      },
    });
    expect(r.summary.npvSaving).toBeLessThan(0);
    expect(r.summary.fundable).toBe(false);
  });
});
