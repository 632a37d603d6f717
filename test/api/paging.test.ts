/** Issue 19, item 4: the one place that decides a page bounds every page by bytes. */
import fc from 'fast-check';
import { byteLength, fitsInOneResponse, RESPONSE_BODY_LIMIT, textPage, unitPage } from '../../lambda/api/paging';

describe('unit pages', () => {
  const units = (i: number) => `${'é'.repeat(i % 7)}row ${i}\r\n`;

  it('hold whole units up to the byte budget, never more, and chain to the end', () => {
    fc.assert(
      fc.property(fc.integer({ min: 40, max: 400 }), fc.option(fc.integer({ min: 1, max: 50 })), (budget, maxUnits) => {
        let offset: number | null = 0;
        let all = '';
        while (offset !== null) {
          const p = unitPage('h\r\n', units, offset, 200, { budget, ...(maxUnits ? { maxUnits } : {}) });
          expect(byteLength(p.text)).toBeLessThanOrEqual(budget);
          expect(p.bytes).toBe(byteLength(p.text));
          if (maxUnits) expect(p.count).toBeLessThanOrEqual(maxUnits);
          expect(p.count).toBeGreaterThan(0);
          all += p.text.slice(3);
          offset = p.next;
        }
        expect(all).toBe(Array.from({ length: 200 }, (_, i) => units(i)).join(''));
      }),
      { numRuns: 100, seed: 19 },
    );
  });

  it('a limit asks for fewer units, never for more bytes', () => {
    const p = unitPage('', () => 'x'.repeat(1000), 0, 1_000_000, { maxUnits: 1_000_000 });
    expect(byteLength(p.text)).toBeLessThanOrEqual(RESPONSE_BODY_LIMIT);
    expect(p.next).toBe(p.count);
  });

  it('a unit larger than a whole page is an error, not an oversized answer', () => {
    expect(() => unitPage('', () => 'x'.repeat(101), 0, 3, { budget: 100 })).toThrow(RangeError);
  });
});

describe('text pages', () => {
  it('cut at character boundaries: the pages, concatenated, are the document', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.integer({ min: 4, max: 50 }), (text, budget) => {
        const doc = Buffer.from(text, 'utf8');
        let offset: number | null = 0;
        let all = '';
        while (offset !== null) {
          const p = textPage(doc, offset, budget);
          expect(byteLength(p.text)).toBeLessThanOrEqual(budget);
          all += p.text;
          offset = p.next;
          if (offset !== null) expect(offset).toBeGreaterThan(p.offset);
        }
        expect(all).toBe(text);
      }),
      { numRuns: 200, seed: 19 },
    );
  });

  it('fitsInOneResponse counts bytes, not characters', () => {
    expect(fitsInOneResponse('x'.repeat(RESPONSE_BODY_LIMIT))).toBe(true);
    expect(fitsInOneResponse('é'.repeat(RESPONSE_BODY_LIMIT / 2 + 1))).toBe(false);
  });
});
