/**
 * The work estimate that decides where a request runs (inline, the pool, or a 422 that points
 * at runs). It must count what simulate will do: with Monte Carlo, the tornado runs over every
 * default range too (153 assumptions), which the estimate once left out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runFacts } from '../../lambda/api/tasks';
import { scenarioSchema } from '../../lambda/engine/schema';
import { uncertainAssumptions } from '../../lambda/engine/uncertainty/monteCarlo';
import { INLINE_WORK_LIMIT_MS, simulateWorkMs } from '../../lambda/jobs/estimate';
import { syntheticNation } from '../../lambda/synthetic/national';
import { EXAMPLES_DIR } from '../helpers';

const nation = (n: number, uncertainty: Record<string, unknown>) =>
  scenarioSchema.parse({ ...syntheticNation({ authorities: n, seed: 4 }), uncertainty });
const tornadoMs = (s: ReturnType<typeof nation>) => simulateWorkMs(s) - simulateWorkMs(s, { sensitivity: false });

describe('the work estimate', () => {
  it("counts the tornado over the default ranges a Monte Carlo scenario's simulate evaluates", () => {
    const withRanges = nation(200, { iterations: 10 });
    const without = nation(200, { iterations: 10, defaultRanges: false });
    expect(uncertainAssumptions(withRanges, true).length).toBeGreaterThan(100);
    expect(uncertainAssumptions(without, true)).toEqual([]);
    expect(tornadoMs(without)).toBe(0);
    // two compiles per assumption at the least, each at least 1 µs an authority-year (measured)
    const floor = 2 * uncertainAssumptions(withRanges, true).length * 200 * 10 * 0.001;
    expect(tornadoMs(withRanges)).toBeGreaterThan(floor);
  });

  it('and so 2,000 bodies with 10 iterations (about 20 s, mostly the tornado) do not fit in a request', () => {
    // measured here: simulate 19.8 s (the tornado over 153 assumptions most of it), 10 iterations 0.6 s;
    // the estimate without the default ranges was 1.2 s
    expect(simulateWorkMs(nation(2000, { iterations: 10 }))).toBeGreaterThan(INLINE_WORK_LIMIT_MS);
    expect(simulateWorkMs(nation(2000, { iterations: 0 }))).toBeLessThan(INLINE_WORK_LIMIT_MS);
  });

  it('while every example as shipped, its Monte Carlo included, is still answered inline', () => {
    const names = fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json'));
    expect(names.length).toBeGreaterThanOrEqual(7);
    for (const f of names) {
      const s = scenarioSchema.parse(JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, f), 'utf8')));
      expect([f, simulateWorkMs(s) < INLINE_WORK_LIMIT_MS]).toEqual([f, true]);
    }
  });
});

describe("a run's estimate", () => {
  const stored = JSON.stringify({ ...syntheticNation({ authorities: 400, seed: 4 }), uncertainty: { iterations: 50 } });

  it("is the estimate of the scenario the run computes: the run's iteration count decides the tornado", () => {
    const asRun = (iterations: number) => scenarioSchema.parse({ ...JSON.parse(stored), uncertainty: { iterations } });
    // a stored Monte Carlo scenario run deterministically: no default ranges, no tornado
    const deterministic = runFacts({ text: stored, iterations: 0 }, '/scenarioId');
    expect(deterministic.workMs).toBe(simulateWorkMs(asRun(0)));
    expect(deterministic.workMs).toBeLessThan(simulateWorkMs(asRun(50)) / 5);
    // and as stored: the tornado over the default ranges
    expect(runFacts({ text: stored }, '/scenarioId').workMs).toBe(simulateWorkMs(asRun(50)));
  });
});
