/**
 * A scenario from a CSV of authorities and the scenario's other fields: shared by the API
 * (POST /v1/simulate and /v1/scenarios with text/csv) and the command line. Every bad row is
 * listed: the cells that did not parse, then what the scenario schema finds in the rest (a
 * problem with the file itself, such as an unknown column, stops at itself), in file order,
 * capped at MAX_CSV_PROBLEMS with a count of the rest.
 */
import type { z } from 'zod';
import { type Scenario, scenarioSchema } from '../engine/schema';
import { type CsvProblem, MAX_CSV_PROBLEMS, parseAuthoritiesCsv, rowColumnMessage } from './authorities';

export type CsvScenario =
  | { readonly ok: true; readonly body: Record<string, unknown>; readonly scenario: Scenario }
  | { readonly ok: false; readonly problems: CsvProblem[] };

const pointer = (path: readonly PropertyKey[]) =>
  path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

function schemaProblems(error: z.ZodError): CsvProblem[] {
  return error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ path: pointer([...i.path, k]), message: 'is not a recognised field' }))
      : [{ path: pointer(i.path), message: i.message }],
  );
}

const rowOf = (p: CsvProblem) => Number(/^\/authorities\/(\d+)/.exec(p.path)?.[1] ?? -1);

export function scenarioFromCsv(text: string, fields: Record<string, unknown>): CsvScenario {
  const parsed = parseAuthoritiesCsv(text);
  const body: Record<string, unknown> = { ...fields, authorities: parsed.authorities };
  const r = scenarioSchema.safeParse(body);
  if (parsed.problems.length === 0 && r.success) return { ok: true, body, scenario: r.data };
  const flagged = parsed.problems.map((p) => p.path);
  const rowLevel = new Set(flagged.filter((p) => /^\/authorities\/\d+$/.test(p)));
  const fileLevel = flagged.some((p) => !p.startsWith('/authorities/'));
  const more = (r.success || fileLevel ? [] : schemaProblems(r.error))
    .filter(
      (e) =>
        !flagged.some((p) => e.path === p || e.path.startsWith(`${p}/`)) &&
        !rowLevel.has(/^\/authorities\/\d+/.exec(e.path)?.[0] ?? ''),
    )
    .map((e) => ({ path: e.path, message: rowColumnMessage(e.path, e.message) }));
  const all = [...parsed.problems, ...more].sort((a, b) => rowOf(a) - rowOf(b));
  const extra = parsed.moreProblems + Math.max(0, all.length - MAX_CSV_PROBLEMS);
  return {
    ok: false,
    problems: [
      ...all.slice(0, MAX_CSV_PROBLEMS),
      ...(extra > 0 ? [{ path: '/authorities', message: `and ${extra} more problems` }] : []),
    ],
  };
}
