/** The CSV of authorities: parsing row by row, problems by row and column, and export that imports unchanged. */
import { authoritiesCsv, MAX_CSV_PROBLEMS, parseAuthoritiesCsv, rowColumnMessage } from '../../lambda/csv/authorities';
import { scenarioSchema } from '../../lambda/engine/schema';
import fs from 'node:fs';
import path from 'node:path';
import { awkwardCsv } from './fixtures';

describe('parseAuthoritiesCsv', () => {
  it('turns columns into fields: location from lat and lon, profile from its columns, empty cells absent', () => {
    const p = parseAuthoritiesCsv(
      'id,name,kind,tier,staff,lat,lon,region,servers,needs24x7,contacts.web\r\n' +
        'gp,Gwent Police,police,,2142,51.67,-3.06,Wales,300,yes,\r\n' +
        'nwp,"Newport, City",council,welshPrincipal, 2811 ,,,,,,12000\r\n',
    );
    expect(p.problems).toEqual([]);
    expect(p.authorities).toEqual([
      {
        id: 'gp',
        name: 'Gwent Police',
        kind: 'police',
        staff: 2142,
        location: { lat: 51.67, lon: -3.06 },
        region: 'Wales',
        profile: { servers: 300, needs24x7: true },
      },
      {
        id: 'nwp',
        name: 'Newport, City',
        kind: 'council',
        tier: 'welshPrincipal',
        staff: 2811,
        profile: { contacts: { web: 12000 } },
      },
    ]);
  });

  it('names the row and column of every bad cell, with the JSON Pointer of the field', () => {
    const rows = ['id,kind,staff,lat,lon,needs24x7'];
    for (let i = 0; i < 20; i++) rows.push(`a${i},police,100,51,-3,true`);
    rows[18] = 'a17,police,lots,51,-3,true'; // row 19 of the file, authority 17
    rows[5] = 'a4,police,100,51,,maybe';
    const p = parseAuthoritiesCsv(rows.join('\n'));
    expect(p.problems).toEqual([
      { path: '/authorities/4/profile/needs24x7', message: 'row 6, column needs24x7: "maybe" is not true or false' },
      {
        path: '/authorities/4/location/lon',
        message: 'row 6, column lon: lat and lon come together: give both or neither',
      },
      { path: '/authorities/17/staff', message: 'row 19, column staff: "lots" is not a number' },
    ]);
  });

  it('refuses a header it does not know, a missing required column, and a row of the wrong width', () => {
    expect(parseAuthoritiesCsv('id,kind,colour\na,police,red\n').problems.map((p) => p.path)).toEqual([
      '/csv/columns/2',
      '/csv/columns',
    ]);
    const ragged = parseAuthoritiesCsv('id,kind,staff\na,police,1\nb,police\n');
    expect(ragged.problems).toEqual([{ path: '/authorities/1', message: 'row 3: has 2 fields; the header has 3' }]);
  });

  it('reports CSV that is not CSV (an unclosed quote) as one problem, never a throw', () => {
    const p = parseAuthoritiesCsv('id,kind,staff\n"a,police,1\n');
    expect(p.problems).toHaveLength(1);
    expect(p.problems[0]!.path).toBe('/csv');
    expect(p.problems[0]!.message).toMatch(/not valid CSV/);
  });

  it('lists at most 100 problems and counts the rest', () => {
    const rows = ['id,kind,staff', ...Array.from({ length: 250 }, (_, i) => `a${i},police,x`)];
    const p = parseAuthoritiesCsv(rows.join('\n'));
    expect(p.problems).toHaveLength(MAX_CSV_PROBLEMS);
    expect(p.moreProblems).toBe(150);
  });

  it('maps schema paths back to rows and columns', () => {
    expect(rowColumnMessage('/authorities/17/staff', 'must be a positive number')).toBe(
      'row 19, column staff: must be a positive number',
    );
    expect(rowColumnMessage('/authorities/0/profile/contacts/web', 'x')).toBe('row 2, column contacts.web: x');
    expect(rowColumnMessage('/authorities/3', 'x')).toBe('row 5: x');
    expect(rowColumnMessage('/name', 'x')).toBe('x');
  });
});

describe('authoritiesCsv', () => {
  it('escapes as the report does: quotes, commas, line breaks, and formula starts prefixed', () => {
    const text = authoritiesCsv([{ id: 'a', name: '=1+1, "x"', kind: 'council', staff: 10 }]);
    expect(text).toBe('id,name,kind,tier,staff,lat,lon,region\r\na,"\'=1+1, ""x""",council,,10,,,\r\n');
  });

  it('a 1,000-row file round-trips: import, export, import gives the same authorities', () => {
    const first = parseAuthoritiesCsv(awkwardCsv(1000));
    expect(first.problems).toEqual([]);
    expect(first.authorities).toHaveLength(1000);
    expect(scenarioSchema.safeParse({ name: 'x', authorities: first.authorities }).success).toBe(true);
    const exported = authoritiesCsv(first.authorities);
    const second = parseAuthoritiesCsv(exported);
    expect(second.problems).toEqual([]);
    expect(second.authorities).toEqual(first.authorities);
    expect(authoritiesCsv(second.authorities)).toBe(exported);
    // the awkward text survived: a formula start came back without its prefix
    expect(first.authorities[3]!.name).toBe('=SUM(A1) 3');
    expect(first.authorities[7]!.name).toBe('Line\nbreak 7');
  });
});

it('the template in examples/ imports as a valid scenario', () => {
  const text = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'authorities-template.csv'), 'utf8');
  const p = parseAuthoritiesCsv(text);
  expect(p.problems).toEqual([]);
  expect(scenarioSchema.safeParse({ name: 'template', authorities: p.authorities }).success).toBe(true);
  expect(authoritiesCsv(p.authorities)).toBe(text);
});
