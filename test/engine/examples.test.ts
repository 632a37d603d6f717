/**
 * The examples as shipped run Monte Carlo on the default ranges: honest uncertainty, not a
 * single spike, and a tornado of the real drivers. Fewer iterations than the files ask, for time;
 * the seeds are the files' own.
 */
import { ASSUMPTIONS, type AssumptionKey } from '../../lambda/engine/defaults';
import { scenarioSchema } from '../../lambda/engine/schema';
import { simulate } from '../../lambda/engine/simulate';
import { monteCarloInProcess } from '../../lambda/engine/uncertainty/attach';
import { example } from '../helpers';

function monteCarlo(name: string, iterations: number) {
  const parsed = scenarioSchema.parse(example(name));
  const s = { ...parsed, uncertainty: { ...parsed.uncertainty, iterations } };
  return monteCarloInProcess(simulate(s), s, iterations, s.uncertainty.seed);
}

describe.each([
  ['gwent-psn', 400],
  ['district-ict-share', 600],
])('the %s example', (name, iterations) => {
  const r = monteCarlo(name, iterations);
  const u = r.uncertainty!;

  it('asks for Monte Carlo and draws the assumptions it does not pin from their default ranges', () => {
    expect(scenarioSchema.parse(example(name)).uncertainty.iterations).toBeGreaterThan(0);
    expect(u.iterations).toBe(iterations);
    expect(u.npvSaving.sd).toBeGreaterThan(0.05 * Math.abs(u.npvSaving.mean));
    expect(u.npvSaving.p95).toBeGreaterThan(u.npvSaving.p5);
  });

  it('has a tornado of the real drivers: default-range assumptions, largest swing first', () => {
    expect(r.sensitivity.length).toBeGreaterThan(30);
    const top = r.sensitivity.slice(0, 5);
    for (const e of top) {
      expect(ASSUMPTIONS[e.assumption as AssumptionKey].low).toBeLessThan(
        ASSUMPTIONS[e.assumption as AssumptionKey].high,
      );
      expect(e.swing).toBeGreaterThan(0);
    }
    for (let i = 1; i < r.sensitivity.length; i++)
      expect(r.sensitivity[i - 1]!.swing).toBeGreaterThanOrEqual(r.sensitivity[i]!.swing);
  });
});

it(
  'the two-district example is a case the evidence leaves uncertain: its probability of saving is strictly between ' +
    '0 and 1',
  () => {
    const u = monteCarlo('district-ict-share', 600).uncertainty!;
    expect(u.probabilityPositive).toBeGreaterThan(0.5);
    expect(u.probabilityPositive).toBeLessThan(1);
  },
);
