/**
 * A scenario from a request, in any of the three forms a planner sends one:
 *
 * - JSON with `authorities` (the scenario itself);
 * - JSON with `register` (a selection from the register of UK public bodies) in place of
 *   `authorities`: the selected bodies become the authorities;
 * - `text/csv` of authorities (lambda/csv/authorities.ts), the scenario's other fields from the
 *   query string (`name`, `description`, `currency`, `startYear`, `horizonYears`, `allocation`,
 *   `iterations`, `seed`), with defaults.
 *
 * The body kept (what a stored scenario returns) is the scenario with its authorities spelled out,
 * so it means the same thing when the register or the file changes.
 *
 * It works on the body's text (api/tasks.ts runs it on the worker pool for large bodies), and
 * imports api/body.ts, not api/http.ts, so a pool thread does not load the report renderer.
 */
import { z } from 'zod';
import { scenarioFromCsv } from '../csv/scenario';
import { ALLOCATION_METHODS, type Scenario, scenarioSchema } from '../engine/schema';
import { SelectionError, selectBodies, selectionSchema, toAuthority } from '../register';
import { parseJson, validated } from './body';
import { problems } from './problem';
import { jsonPointer } from './validation';
import { workspaceParam } from './workspaceQuery';

/** The scenario fields a CSV request takes from its query string. */
export const csvQuerySchema = z.strictObject({
  name: z.string().min(1).max(200).default('CSV import').describe("The scenario's name"),
  description: z.string().max(5000).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  startYear: z.coerce.number().int().min(1990).max(2200).optional(),
  horizonYears: z.coerce.number().int().min(1).max(60).optional(),
  allocation: z.enum(ALLOCATION_METHODS).optional(),
  iterations: z.coerce.number().int().min(0).max(1_000_000).optional().describe('Monte Carlo iterations'),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
});

/** The query of GET /v1/scenarios/{id}. */
export const scenarioQuerySchema = z.strictObject({
  format: z
    .enum(['json', 'csv'])
    .default('json')
    .describe('csv: the authorities as CSV (the columns a CSV import takes)'),
  ...workspaceParam,
});

/** The query of a scenario stored or replaced in a workspace: a CSV's fields and the workspace. */
export const workspaceCsvQuerySchema = csvQuerySchema.extend(workspaceParam);

export interface ScenarioInput {
  /** The scenario as kept: JSON as sent, or built from the CSV or the selection. */
  readonly body: Record<string, unknown>;
  readonly scenario: Scenario;
}

/** A request body's text and what it is (api/body.ts jsonOrCsvBodyText), with the query a CSV takes. */
export interface ScenarioText {
  readonly body: string;
  readonly csv?: boolean;
  readonly query?: Readonly<Record<string, string | undefined>>;
}

function fromCsv(text: string, query: Readonly<Record<string, string | undefined>>): ScenarioInput {
  const q = validated(csvQuerySchema, query, 'Invalid query', ['query']);
  const { iterations, seed, ...fields } = q;
  const r = scenarioFromCsv(text, {
    ...fields,
    ...(iterations !== undefined || seed !== undefined
      ? {
          uncertainty: { ...(iterations !== undefined ? { iterations } : {}), ...(seed !== undefined ? { seed } : {}) },
        }
      : {}),
  });
  if (!r.ok) throw problems.validation(r.problems, 'Invalid CSV of authorities');
  return { body: r.body, scenario: r.scenario };
}

/** The authorities a `register` selection names, or a 400 pointing into `prefix`. */
export function selectedAuthorities(selection: unknown, prefix: readonly PropertyKey[]): Record<string, unknown>[] {
  const sel = validated(selectionSchema, selection, 'Invalid register selection', prefix);
  try {
    const bodies = selectBodies(sel);
    if (bodies.length === 0)
      throw problems.validation([{ path: jsonPointer(prefix), message: 'selects no body of the register' }]);
    return bodies.map((b) => toAuthority(b) as unknown as Record<string, unknown>);
  } catch (e) {
    if (e instanceof SelectionError)
      throw problems.validation(
        e.problems.map((p) => ({ path: jsonPointer([...prefix, ...p.path]), message: p.message })),
        'Invalid register selection',
      );
    throw e;
  }
}

/**
 * A JSON scenario whose `register` selection is replaced by the bodies it selects; other values
 * are returned unchanged. `at` is where the scenario sits in the request (for error paths).
 */
export function expandRegister(value: unknown, at: readonly PropertyKey[] = []): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value) || !('register' in value)) return value;
  const { register, ...rest } = value as Record<string, unknown>;
  if ('authorities' in rest)
    throw problems.validation(
      [{ path: jsonPointer([...at, 'authorities']), message: 'give register or authorities, not both' }],
      'Invalid scenario',
    );
  return { ...rest, authorities: selectedAuthorities(register, [...at, 'register']) };
}

/** The scenario of a POST /v1/simulate or /v1/scenarios (or PUT) body, in any accepted form. */
export function scenarioInput(input: ScenarioText): ScenarioInput {
  if (input.csv) return fromCsv(input.body, input.query ?? {});
  const value = expandRegister(parseJson(input.body));
  const scenario = validated(scenarioSchema, value, 'Invalid scenario');
  return { body: value as Record<string, unknown>, scenario };
}

/**
 * A scenario by upload (issue 17): the body of POST /v1/scenarios that names a document PUT to
 * the URL POST /v1/uploads gave. The document is then validated as if it were the body (the
 * same schema; errors point into it).
 */
export const uploadRefSchema = z.strictObject({
  uploadId: z
    .string()
    .regex(/^[a-f0-9]{32}$/)
    .describe('The id POST /v1/uploads answered, after the document was PUT to its URL'),
});
export type UploadRef = z.infer<typeof uploadRefSchema>;

/** A body this short that mentions an upload is an upload reference, not a scenario. */
export function looksLikeUploadRef(text: string): boolean {
  return text.length <= 256 && text.includes('"uploadId"');
}
