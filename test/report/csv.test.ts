/** Issue 19, item 12: text a spreadsheet would run as a formula is neutralised in every form it can take. */
import { CSV_HEADER, csvAuthorityRows, csvField, resultCsv } from '../../lambda/report/csv';
import { scenarioSchema } from '../../lambda/engine/schema';
import { simulate } from '../../lambda/engine/simulate';
import { syntheticNation } from '../../lambda/synthetic/national';

describe('CSV formula injection', () => {
  it.each([
    ['=1+1', "'=1+1"],
    [' =1+1', "' =1+1"],
    ['  +SUM(A1)', "'  +SUM(A1)"],
    ['\u3000=1', "'\u3000=1"],
    ['\uFF1D1+1', "'\uFF1D1+1"],
    ['\uFF0B1', "'\uFF0B1"],
    ['\uFF0D1', "'\uFF0D1"],
    ['\uFF20SUM(A1)', "'\uFF20SUM(A1)"],
    ['@cmd', "'@cmd"],
    ['-2+3', "'-2+3"],
    ['\tx', "'\tx"],
  ])('%j is prefixed with an apostrophe', (text, want) => {
    expect(csvField(text)).toBe(want);
  });

  it('quotes where RFC 4180 needs it, after neutralising', () => {
    expect(csvField(' =HYPERLINK("x")')).toBe(`"' =HYPERLINK(""x"")"`);
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(csvField('Blaenau Gwent')).toBe('Blaenau Gwent');
    expect(csvField('a = b')).toBe('a = b');
    expect(csvField(-1.5)).toBe('-1.5');
  });
});

describe('CSV rows compiled by block', () => {
  it('rows built a block at a time equal the whole scenario compiled at once, hub and all', () => {
    const s = scenarioSchema.parse({ ...syntheticNation({ authorities: 1200, seed: 5 }), horizonYears: 3 });
    const r = simulate(s, { sensitivity: false });
    const whole = resultCsv(r, s, 0, 1200).text;
    const { total, unit } = csvAuthorityRows(r, s);
    let paged = CSV_HEADER;
    for (let i = 0; i < total; i++) paged += unit(i);
    expect(paged).toBe(whole);
    // a later block on its own (a page that starts at authority 1,100) agrees with the whole
    const late = csvAuthorityRows(r, s).unit(1100);
    expect(whole).toContain(late);
  });
});
