/** The report when the split used is not in the core: the least-core split beside it, with who gains and loses. */
import { scenarioSchema } from '../../lambda/engine/schema';
import { simulate } from '../../lambda/engine/simulate';
import { charts } from '../../lambda/report/charts';
import { reportHtml } from '../../lambda/report/html';
import { example } from '../helpers';

const meta = { scenarioId: 'sc', scenarioVersion: 1, runId: 'run' };

describe('the report shows a split that holds beside one that does not', () => {
  it('Gwent by Shapley: both splits side by side, gainers and losers named', async () => {
    const s = scenarioSchema.parse(example('gwent-psn'));
    const r = simulate(s, { sensitivity: false });
    const alt = r.stability.coreAllocation;
    if (!alt) return; // the cost model put Shapley in the core: nothing to show
    const html = await reportHtml(r, s, meta);
    expect(html).toContain('id="core-split"');
    expect(html).toContain('id="chart-core-split"');
    for (const a of alt.authorities.filter((x) => Math.abs(x.change) > 0.5).slice(0, 8)) expect(html).toContain(a.id);
    const chart = charts(r).find((c) => c.id === 'chart-core-split')!;
    expect(chart.table.rows).toHaveLength(r.authorities.length);
    const gains = chart.table.rows.filter((row) => row[4] === 'gains').length;
    expect(gains).toBe(alt.authorities.filter((a) => a.change > 0.5).length);
  });

  it('a split in the core has no such section', async () => {
    const s = scenarioSchema.parse({ ...(example('gwent-psn') as object), allocation: 'nucleolus' });
    const r = simulate(s, { sensitivity: false });
    const html = await reportHtml(r, s, meta);
    expect(html.includes('id="core-split"')).toBe(r.stability.coreAllocation !== null);
  });
});
