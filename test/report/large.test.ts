/**
 * A national report stays readable: with 25,000 authorities the per-authority chart draws the
 * top and bottom 15 and says so, and the CSV pages instead of answering with everything.
 */
import { scenarioSchema } from '../../lambda/engine/schema';
import { simulate } from '../../lambda/engine/simulate';
import { syntheticNation } from '../../lambda/synthetic/national';
import { reportHtml } from '../../lambda/report/html';
import { authoritiesShown, MAX_AUTHORITY_BARS } from '../../lambda/report/charts';
import { authoritiesPerPage, resultCsv } from '../../lambda/report/csv';

const nation = scenarioSchema.parse(syntheticNation({ authorities: 25000, seed: 1 }));
const result = simulate(nation, { sensitivity: false });

describe('the report of a 25,000-authority run', () => {
  it('draws the 15 largest and 15 smallest savings, in order, and says the rest are in the CSV', async () => {
    const html = await reportHtml(result, nation, { runId: 'r', scenarioId: 's', scenarioVersion: 1 });
    const chart = html.slice(
      html.indexOf('<figure id="chart-authorities"'),
      html.indexOf('</figure>', html.indexOf('<figure id="chart-authorities"')),
    );
    const group = chart.slice(chart.indexOf('class="mark-rect role-mark'));
    const bars = group.slice(0, group.indexOf('</g>')).match(/<path /g) ?? [];
    expect(bars).toHaveLength(MAX_AUTHORITY_BARS);
    expect(html).toContain(
      'the 15 with the largest and the 15 with the smallest saving; the other 24970 are in the CSV',
    );
    const savings = result.authorities.map((a) => a.saving).sort((a, b) => b - a);
    const shown = authoritiesShown(result.authorities).shown.map((a) => a.saving);
    expect(shown).toEqual([...savings.slice(0, 15), ...savings.slice(-15)]);
    expect(html.length).toBeLessThan(2_000_000);
  });

  it('CSV answers a page of whole authorities and points to the next', () => {
    const per = authoritiesPerPage(result.years.length);
    const first = resultCsv(result, nation);
    expect(first.authorities).toBe(per);
    expect(first.nextOffset).toBe(per);
    expect(first.text.split('\r\n').length - 2).toBe(per * result.years.length);
    const last = resultCsv(result, nation, 25000 - 7);
    expect(last.authorities).toBe(7);
    expect(last.nextOffset).toBeNull();
  });
});
