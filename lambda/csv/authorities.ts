/**
 * A planner's own list of authorities as CSV: one row per authority, one column per field.
 *
 * Columns (header row required, any order, names as here; empty cells are absent fields):
 * `id`, `kind`, `staff` (required); `name`, `tier`, `region`; `lat` and `lon` (both or neither:
 * the authority's `location`); and the profile overrides `servers`, `serverRooms`, `storageTb`,
 * `sites`, `ticketsPerYear`, `needs24x7` (true/false, yes/no, 1/0), `fixedCostScale`, `linkKm`,
 * `specialists.<role>` and `contacts.<channel>`. Text written by the export with the
 * formula-injection prefix (a `'` before `=`, `+`, `-`, `@`, tab or carriage return, as the
 * report's CSV does) has the prefix removed on import, so an export imports as it was.
 *
 * Problems point at the authority (`/authorities/17/staff`) and say where in the file it is
 * (`row 19, column staff`: row 1 is the header).
 */
import { parse } from 'csv-parse/sync';
import { CHANNELS, SPECIALIST_ROLES } from '../engine/kinds';
import { LIMITS } from '../engine/schema';
import { csvField } from '../report/csv';

/** Most data rows one CSV may hold (the scenario's own limit on authorities). */
export const MAX_CSV_AUTHORITIES = LIMITS.maxAuthorities;
/** Problems listed in one answer; the count says how many more there were. */
export const MAX_CSV_PROBLEMS = 100;

const NUMERIC_PROFILE = ['servers', 'serverRooms', 'storageTb', 'sites', 'ticketsPerYear', 'fixedCostScale', 'linkKm'];
export const PROFILE_COLUMNS = [
  ...NUMERIC_PROFILE.slice(0, 5),
  'needs24x7',
  ...NUMERIC_PROFILE.slice(5),
  ...SPECIALIST_ROLES.map((r) => `specialists.${r}`),
  ...CHANNELS.map((c) => `contacts.${c}`),
] as const;
export const BASE_COLUMNS = ['id', 'name', 'kind', 'tier', 'staff', 'lat', 'lon', 'region'] as const;
export const AUTHORITY_CSV_COLUMNS: readonly string[] = [...BASE_COLUMNS, ...PROFILE_COLUMNS];
const REQUIRED = ['id', 'kind', 'staff'];
const TEXT = new Set(['id', 'name', 'kind', 'tier', 'region']);

export interface CsvProblem {
  /** JSON Pointer into the scenario the CSV becomes (`/authorities/17/staff`), or `/csv` for the file. */
  readonly path: string;
  readonly message: string;
}

export interface ParsedCsv {
  readonly authorities: Record<string, unknown>[];
  readonly problems: CsvProblem[];
  /** Problems found beyond those listed. */
  readonly moreProblems: number;
}

const FORMULA_PREFIXED = /^'[=+\-@\t\r]/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Where a column's value goes in an authority: `staff`, `location.lat`, `profile.contacts.web`. */
function target(column: string): string[] {
  if (column === 'lat' || column === 'lon') return ['location', column];
  if ((PROFILE_COLUMNS as readonly string[]).includes(column)) return ['profile', ...column.split('.')];
  return [column];
}

/** The CSV column of a JSON Pointer below an authority (`/location/lat` → lat), or undefined for the row. */
export function columnOf(subPath: string): string | undefined {
  const parts = subPath.split('/').filter(Boolean);
  if (parts.length === 0) return undefined;
  if (parts[0] === 'location') return parts[1] ?? 'lat';
  if (parts[0] === 'profile') return parts.slice(1).join('.') || undefined;
  return parts[0];
}

/** A problem with an authority, as a CSV reader sees it: `row 19, column staff: …`. */
export function rowColumnMessage(path: string, message: string): string {
  const m = /^\/authorities\/(\d+)(\/.*)?$/.exec(path);
  if (!m) return message;
  const column = columnOf(m[2] ?? '');
  return `row ${Number(m[1]) + 2}${column ? `, column ${column}` : ''}: ${message}`;
}

function set(obj: Record<string, unknown>, keys: readonly string[], value: unknown): void {
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    o[k] ??= {};
    o = o[k] as Record<string, unknown>;
  }
  o[keys[keys.length - 1]!] = value;
}

function boolean(v: string): boolean | undefined {
  const s = v.toLowerCase();
  if (['true', 'yes', 'y', '1'].includes(s)) return true;
  if (['false', 'no', 'n', '0'].includes(s)) return false;
  return undefined;
}

/** Parse a CSV of authorities into scenario authorities, row by row; every problem has a row and column. */
export function parseAuthoritiesCsv(text: string): ParsedCsv {
  const problems: CsvProblem[] = [];
  let more = 0;
  const add = (path: string, message: string) => {
    if (problems.length < MAX_CSV_PROBLEMS) problems.push({ path, message: rowColumnMessage(path, message) });
    else more++;
  };
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: 64 * 1024,
    }) as string[][];
  } catch (e) {
    const err = e as { message?: string; lines?: number };
    return {
      authorities: [],
      problems: [
        { path: '/csv', message: `not valid CSV${err.lines ? ` (near line ${err.lines})` : ''}: ${err.message}` },
      ],
      moreProblems: 0,
    };
  }
  const header = (records[0] ?? []).map((h) => h.trim());
  if (header.length === 0 || header.every((h) => h === '')) {
    add('/csv', `the first row must name the columns (${REQUIRED.join(', ')} at least)`);
    return { authorities: [], problems, moreProblems: more };
  }
  const known = new Map(AUTHORITY_CSV_COLUMNS.map((c) => [c.toLowerCase(), c]));
  const columns = header.map((h, j) => {
    const c = known.get(h.toLowerCase());
    if (!c) add(`/csv/columns/${j}`, `column ${j + 1} "${h}" is not a recognised column (see the template)`);
    else if (header.slice(0, j).some((x) => known.get(x.toLowerCase()) === c))
      add(`/csv/columns/${j}`, `column ${j + 1} "${h}" repeats an earlier column`);
    return c;
  });
  for (const r of REQUIRED)
    if (!columns.includes(r)) add('/csv/columns', `the header has no ${r} column (required: ${REQUIRED.join(', ')})`);
  if (columns.includes('lat') !== columns.includes('lon'))
    add('/csv/columns', 'lat and lon come together: the header has one without the other');
  const rows = records.length - 1;
  if (rows > MAX_CSV_AUTHORITIES) add('/authorities', `${rows} rows: at most ${MAX_CSV_AUTHORITIES} authorities`);
  if (problems.length > 0) return { authorities: [], problems, moreProblems: more };

  const authorities: Record<string, unknown>[] = [];
  for (let k = 0; k < rows; k++) {
    const fields = records[k + 1]!;
    const a: Record<string, unknown> = {};
    authorities.push(a);
    if (fields.length !== header.length) {
      add(`/authorities/${k}`, `has ${fields.length} fields; the header has ${header.length}`);
      continue;
    }
    fields.forEach((raw, j) => {
      const column = columns[j]!;
      const v = raw.trim();
      if (v === '') return;
      const path = `/authorities/${k}/${target(column).join('/')}`;
      // text is kept as written (an export imports unchanged); numbers and flags may be padded
      if (TEXT.has(column)) set(a, target(column), FORMULA_PREFIXED.test(raw) ? raw.slice(1) : raw);
      else if (column === 'needs24x7') {
        const b = boolean(v);
        if (b === undefined) add(path, `"${v}" is not true or false`);
        else set(a, target(column), b);
      } else if (!NUMBER.test(v)) add(path, `"${v.slice(0, 40)}" is not a number`);
      else set(a, target(column), Number(v));
    });
    const location = a.location as { lat?: number; lon?: number } | undefined;
    if (location && (location.lat === undefined) !== (location.lon === undefined))
      add(
        `/authorities/${k}/location/${location.lat === undefined ? 'lat' : 'lon'}`,
        'lat and lon come together: give both or neither',
      );
  }
  return { authorities, problems, moreProblems: more };
}

type AuthorityLike = {
  id?: unknown;
  name?: unknown;
  kind?: unknown;
  tier?: unknown;
  staff?: unknown;
  location?: { lat?: unknown; lon?: unknown };
  region?: unknown;
  profile?: Record<string, unknown>;
};

function valueAt(a: AuthorityLike, column: string): unknown {
  let v: unknown = a;
  for (const k of target(column)) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/**
 * The authorities as CSV (RFC 4180, CRLF), with the base columns and every profile column that any
 * authority uses; fields escaped as the report's CSV escapes them.
 */
export function authoritiesCsv(authorities: readonly AuthorityLike[]): string {
  const columns = [
    ...BASE_COLUMNS,
    ...PROFILE_COLUMNS.filter((c) => authorities.some((a) => valueAt(a, c) !== undefined)),
  ];
  const cell = (v: unknown) =>
    v === undefined || v === null ? '' : typeof v === 'number' ? csvField(v) : csvField(String(v));
  const lines = [columns.join(','), ...authorities.map((a) => columns.map((c) => cell(valueAt(a, c))).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
