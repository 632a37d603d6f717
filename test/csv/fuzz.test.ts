/**
 * Hostile CSV: whatever the bytes, a CSV of authorities is a scenario or a list of problems, each
 * pointing at a row (its message says which) or at the file, never a throw; through the
 * simulate handler, a 2xx or a 4xx problem, never a 500.
 */
import fc from 'fast-check';
import { handler as simulate } from '../../lambda/api/handlers/simulate';
import { AUTHORITY_CSV_COLUMNS, MAX_CSV_PROBLEMS } from '../../lambda/csv/authorities';
import { scenarioFromCsv } from '../../lambda/csv/scenario';
import { apiEvent } from '../api/events';

const cell = fc.oneof(
  fc.constantFrom('', ' ', 'police', 'council', 'school', 'district', '12', '-3', '0', '1e309', 'NaN', '51.5', 'yes'),
  fc.constantFrom(
    '"',
    '""',
    '"a,b"',
    '"line\nbreak"',
    "'=cmd",
    '\u0000',
    '\ufeff',
    '１２',
    '__proto__',
    'a'.repeat(70),
  ),
  fc.string({ maxLength: 12 }),
  fc.double().map(String),
);
const header = fc.oneof(
  { weight: 4, arbitrary: fc.shuffledSubarray([...AUTHORITY_CSV_COLUMNS], { minLength: 1, maxLength: 10 }) },
  {
    weight: 1,
    arbitrary: fc.array(fc.oneof(fc.constantFrom(...AUTHORITY_CSV_COLUMNS), fc.string({ maxLength: 8 })), {
      maxLength: 8,
    }),
  },
);
const csvText = header.chain((cols) =>
  fc
    .tuple(
      fc.array(fc.array(cell, { minLength: Math.max(0, cols.length - 1), maxLength: cols.length + 1 }), {
        maxLength: 8,
      }),
      fc.constantFrom('\n', '\r\n', '\r'),
    )
    .map(([rows, eol]) => [cols.join(','), ...rows.map((r) => r.join(','))].join(eol)),
);

it('any CSV-like text becomes a scenario or problems with paths and rows, never a throw', () => {
  fc.assert(
    fc.property(csvText, (text) => {
      const r = scenarioFromCsv(text, { name: 'fuzz' });
      if (r.ok) return;
      expect(r.problems.length).toBeGreaterThan(0);
      expect(r.problems.length).toBeLessThanOrEqual(MAX_CSV_PROBLEMS + 1);
      for (const p of r.problems) {
        expect(p.path).toMatch(/^\/(csv|authorities)(\/|$)/);
        const row = /^\/authorities\/(\d+)/.exec(p.path);
        if (row) expect(p.message.startsWith(`row ${Number(row[1]) + 2}`)).toBe(true);
      }
    }),
    { numRuns: 3000, seed: 16 },
  );
});

it('through POST /v1/simulate: a 2xx or a 4xx problem, never a 500', async () => {
  await fc.assert(
    fc.asyncProperty(csvText, async (text) => {
      const r = await simulate(
        apiEvent('POST', '/v1/simulate', { body: text, headers: { 'content-type': 'text/csv' } }),
      );
      expect(r.statusCode).toBeLessThan(500);
      if (r.statusCode >= 400) expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    }),
    { numRuns: 400, seed: 16 },
  );
});
