/**
 * Every response body is bounded by bytes: at most RESPONSE_BODY_LIMIT (6,291,456, Lambda's
 * limit on a synchronous answer, applied locally too so both behave alike). This module is the
 * one place that decides what fits in an answer and how a larger one is paged; whatever later
 * serves large answers another way (a signed download, deployed) decides here too.
 *
 * - `fitsInOneResponse`: whether a whole body may be sent as it is;
 * - `unitPage`: whole units (one authority's CSV rows) from an offset, as many as fit a byte
 *   budget, never more than a count the client asked for: `?limit=` can lower a page, never
 *   raise it past the bytes;
 * - `textPage`: a large document (a run's result) in byte ranges cut at character boundaries.
 */

/** The most bytes any response body may hold. */
export const RESPONSE_BODY_LIMIT = 6_291_456;
/** Bytes a page may hold: the limit less room for what wraps it (headers, a JSON envelope). */
export const PAGE_BYTES = RESPONSE_BODY_LIMIT - 64 * 1024;
/**
 * Bytes of a page of a JSON document sent as text (a run's result in ranges): Lambda counts the
 * body JSON-escaped, and escaping JSON text at most doubles it (every `"` and `\` gains a
 * backslash; JSON text holds no raw control characters), so half a response is a page.
 */
export const TEXT_PAGE_BYTES = Math.floor(PAGE_BYTES / 2);

/** Bytes of `text` once JSON-escaped in a Lambda answer (without the quotes). */
export function escapedBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text), 'utf8') - 2;
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
const byteLengthOf = byteLength;

/** May this body be answered whole? */
export function fitsInOneResponse(text: string, budget = RESPONSE_BODY_LIMIT): boolean {
  // a UTF-8 byte is at most three per UTF-16 unit: most answers are decided without counting
  return text.length * 3 <= budget || byteLength(text) <= budget;
}

export interface UnitPage {
  readonly text: string;
  /** Units in this page. */
  readonly count: number;
  /** The offset of the next page, or null when this one ends the units. */
  readonly next: number | null;
  readonly bytes: number;
}

/**
 * `header` then whole units `unit(offset)`, `unit(offset + 1)`, … while they fit `budget` bytes,
 * at most `maxUnits` of them. A page holds at least one unit; one unit larger than the whole
 * budget is an error (the caller's units must be bounded: an authority's rows are).
 */
export function unitPage(
  header: string,
  unit: (index: number) => string,
  offset: number,
  total: number,
  opts: { maxUnits?: number; budget?: number; measure?: (text: string) => number } = {},
): UnitPage {
  const budget = opts.budget ?? PAGE_BYTES;
  const byteLength = opts.measure ?? byteLengthOf;
  const max = Math.min(total - offset, opts.maxUnits ?? Number.POSITIVE_INFINITY);
  const parts = [header];
  let bytes = byteLength(header);
  let count = 0;
  while (count < max) {
    const u = unit(offset + count);
    const b = byteLength(u);
    if (bytes + b > budget) {
      if (count === 0) throw new RangeError(`one unit of ${b} bytes is larger than a page of ${budget}`);
      break;
    }
    parts.push(u);
    bytes += b;
    count++;
  }
  const end = offset + count;
  return { text: parts.join(''), count, next: end < total ? end : null, bytes };
}

export interface TextPage {
  readonly text: string;
  /** Byte offset of this page and of the next (null at the end), and the document's size. */
  readonly offset: number;
  readonly next: number | null;
  readonly total: number;
}

/** Bytes [offset, offset + budget) of a document, cut back to a character boundary. */
export function textPage(document: Buffer, offset: number, budget = PAGE_BYTES): TextPage {
  const total = document.length;
  const start = Math.min(Math.max(0, offset), total);
  let end = Math.min(total, start + budget);
  // never end inside a UTF-8 sequence: back up over continuation bytes (10xxxxxx)
  while (end < total && end > start && (document[end]! & 0xc0) === 0x80) end--;
  // a budget smaller than one character still moves on: that character (at most 4 bytes) is the page
  if (end === start && start < total) for (end = start + 1; end < total && (document[end]! & 0xc0) === 0x80; ) end++;
  return {
    text: document.subarray(start, end).toString('utf8'),
    offset: start,
    next: end < total ? end : null,
    total,
  };
}
