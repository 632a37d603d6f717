/**
 * The report and the CSV of a channel-shift policy: the same three answers to "would the
 * internal bank fund it?" as the summary, and a headline that states what the Copenhagen
 * account states (docs/model.md, channel shift).
 */
import { parse } from 'csv-parse/sync';
import { scenarioSchema } from '../../lambda/engine/schema';
import { simulate } from '../../lambda/engine/simulate';
import { resultCsv } from '../../lambda/report/csv';
import { reportHtml } from '../../lambda/report/html';
import { example, scenario } from '../helpers';

const meta = { runId: 'r', scenarioId: 's', scenarioVersion: 1 };

describe('the three funding answers are the same in the summary, the CSV and the report', () => {
  const gwent = scenarioSchema.parse(example('gwent-psn'));
  const r = simulate(gwent, { sensitivity: false, compareDelivery: false });
  const f = r.summary.funding;

  it('the CSV repeats summary.funding on every row', () => {
    const rows = parse(resultCsv(r, gwent).text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(r.authorities.length * r.years.length);
    for (const row of rows)
      for (const [name, c] of [
        ['policy', f.policy],
        ['sharing', f.sharing],
        ['combined', f.combined],
      ] as const) {
        expect(Number(row[`${name}_annual_roi`])).toBe(c.annualRoi);
        expect(row[`${name}_fundable`]).toBe(String(c.fundable));
      }
  });

  it("the CSV's policy columns add up to the result's yearly policy lines", () => {
    const rows = parse(resultCsv(r, gwent).text, { columns: true }) as Record<string, string>[];
    for (const y of r.years) {
      const inYear = rows.filter((row) => Number(row.year) === y.year);
      const sum = (c: string) => inYear.reduce((s, row) => s + Number(row[c]), 0);
      const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));
      expect(rel(sum('alone_channelShift'), y.alone.channelShift)).toBeLessThan(1e-9);
      expect(rel(sum('policy_released'), y.policy.released)).toBeLessThan(1e-9);
      expect(rel(sum('policy_cash_saving'), y.policy.cashSaving)).toBeLessThan(1e-9);
      expect(rel(sum('policy_assisted_digital'), y.policy.assistedDigital)).toBeLessThan(1e-9);
    }
  });

  it('the report has one table of the three, as the summary gives them', async () => {
    const html = await reportHtml(r, gwent, meta);
    const table = html.slice(html.indexOf('Would the internal bank fund it?'));
    for (const [label, c] of [
      ['Sharing', f.sharing],
      ['Channel shift', f.policy],
      ['Both together', f.combined],
    ] as const) {
      const at = table.indexOf(`<td>${label}</td>`);
      const row = table.slice(at, table.indexOf('</tr>', at));
      expect(at).toBeGreaterThan(0);
      expect(row).toContain(`${(100 * c.annualRoi!).toFixed(1)} %`);
      expect(row).toContain(c.fundable ? '<td>yes</td>' : '<td>no</td>');
    }
    expect(html).toContain('what sharing and channel shift save');
  });

  it('a case that does not apply says so, in the CSV and the report', async () => {
    const s = scenario({
      name: 'one council',
      authorities: [{ id: 'c', kind: 'council', staff: 2000 }],
      channelShift: { targetDigitalShare: 0.8 },
    });
    const one = simulate(s, { sensitivity: false, compareDelivery: false });
    const rows = parse(resultCsv(one, s).text, { columns: true }) as Record<string, string>[];
    expect(rows[0]!.sharing_fundable).toBe('n/a');
    expect(rows[0]!.sharing_annual_roi).toBe('');
    expect(rows[0]!.policy_fundable).toBe(String(one.summary.funding.policy.fundable));
    const html = await reportHtml(one, s, meta);
    expect(html).toContain('<td>does not apply</td>');
    expect(html).toContain('what channel shift saves');
    expect(html).not.toContain('NPV saving from sharing');
  });
});

describe('the Copenhagen report', () => {
  const s = scenarioSchema.parse(example('copenhagen-channel-shift'));
  const r = simulate(s);

  it('states in its headline the written shares, the ROI against the hurdle, target, reinvestment', async () => {
    const b = r.policy.baseline!;
    const f = r.summary.funding.policy;
    const html = await reportHtml(r, s, meta);
    const headline = html.slice(html.indexOf('id="headline"'), html.indexOf('Would the internal bank fund it?'));
    const written = Math.round(100 * b.writtenShareOfContacts);
    const resources = Math.round(100 * b.writtenShareOfResources);
    expect(headline).toContain(`${written} % of contacts, ${resources} % of contact resources`);
    expect(headline).toContain(`ROI ${(100 * f.annualRoi!).toFixed(0)} % a year against a 16 % hurdle`);
    expect(headline).toContain('Reinvested in the digitally excluded');
    expect(headline).toContain(`out of reach: at most ${(100 * r.policy.target!.bestReachableShare).toFixed(1)} %`);
    const section = html.slice(html.indexOf('id="channel-shift"'), html.indexOf('id="fairness"'));
    expect(section).toMatch(/Nobody left behind/);
    expect(section).toMatch(/Cashable or not/);
    expect(section).toContain('US$21.2 (email)');
  });
});
