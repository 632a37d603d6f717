/**
 * Request bodies: the checks before parsing (size, encoding, media type) and parsing against a
 * zod schema. Apart from the rest of api/http.ts, so the worker pool's threads, which parse
 * large bodies, do not load the report renderer (vega) that the HTML headers pull in.
 */
import type { z } from 'zod';
import { LIMITS } from '../engine/schema';
import type { ApiEvent } from './http';
import { problems } from './problem';
import { fieldErrors } from './validation';

export function header(event: ApiEvent, name: string): string | undefined {
  const h = event.headers ?? {};
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(h)) if (k.toLowerCase() === want) return v;
  return undefined;
}

function bodyText(event: ApiEvent): string {
  const raw = event.body ?? '';
  return event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
}

/** The body as text, 413 over the limit. */
export function boundedBodyText(event: ApiEvent): string {
  const text = bodyText(event);
  if (Buffer.byteLength(text, 'utf8') > LIMITS.maxBodyBytes) throw problems.tooLarge(LIMITS.maxBodyBytes);
  return text;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const CSV_TYPE = /^text\/csv\s*(?:;|$)/i;

/** Whether the request declares a CSV body (text/csv). */
export function isCsv(event: ApiEvent): boolean {
  return CSV_TYPE.test((header(event, 'content-type') ?? '').trim());
}

function refuseEncoding(event: ApiEvent): void {
  const encoding = header(event, 'content-encoding')?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') throw problems.unsupportedEncoding(encoding);
}

/**
 * A body that may be JSON or, where `csv` is allowed, CSV: its text and which it is. 413 over
 * the limit, 415 when compressed or neither type.
 */
export function jsonOrCsvBodyText(event: ApiEvent): { text: string; csv: boolean } {
  const text = boundedBodyText(event);
  refuseEncoding(event);
  if (isCsv(event)) return { text, csv: true };
  const type = header(event, 'content-type');
  if (!type || !JSON_TYPE.test(type.trim())) throw problems.unsupportedMediaType(type, 'application/json or text/csv');
  return { text, csv: false };
}

/** Parse JSON text: 400 when malformed. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw problems.malformedJson(e instanceof SyntaxError ? e.message : 'the body is not valid JSON');
  }
}

/**
 * The JSON body as a value: 413 over the limit, 415 unless JSON (or `accepted` names what else is), 400 if malformed.
 */
export function readJson(event: ApiEvent, accepted?: string): unknown {
  const text = boundedBodyText(event);
  refuseEncoding(event);
  const type = header(event, 'content-type');
  if (!type || !JSON_TYPE.test(type.trim())) throw problems.unsupportedMediaType(type, accepted);
  return parseJson(text);
}

/** Validate a value against a schema: 400 with a JSON Pointer per problem (under `prefix`). */
export function validated<S extends z.ZodType>(
  schema: S,
  value: unknown,
  title?: string,
  prefix: readonly PropertyKey[] = [],
): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw problems.validation(fieldErrors(r.error, prefix), title);
  return r.data as z.output<S>;
}

/**
 * The text of a JSON request body: 415 unless the Content-Type is JSON, or if the body is
 * compressed (Content-Encoding: gzip is not accepted: it would otherwise reach the JSON parser
 * as bytes), 413 over the size limit. Undefined for an empty body where one is optional.
 */
export function jsonBodyText(event: ApiEvent, opts: { optional?: boolean } = {}): string | undefined {
  const text = bodyText(event);
  if (Buffer.byteLength(text, 'utf8') > LIMITS.maxBodyBytes) throw problems.tooLarge(LIMITS.maxBodyBytes);
  if (text.trim() === '' && opts.optional) return undefined;
  refuseEncoding(event);
  const type = header(event, 'content-type');
  if (!type || !JSON_TYPE.test(type.trim())) throw problems.unsupportedMediaType(type);
  return text;
}

/** Parse JSON text and validate it against a schema: 400 with a JSON Pointer for each problem. */
export function parseJsonText<S extends z.ZodType>(
  text: string,
  schema: S,
  opts: { title?: string } = {},
): z.output<S> {
  return validated(schema, parseJson(text), opts.title);
}

/** Parse and validate a JSON body: 415 unless JSON, 413 over the limit, 400 with paths otherwise. */
export function parseBody<S extends z.ZodType>(
  event: ApiEvent,
  schema: S,
  opts: { optional?: boolean; title?: string } = {},
): z.output<S> {
  const text = jsonBodyText(event, opts);
  if (text === undefined) return schema.parse({}) as z.output<S>;
  return parseJsonText(text, schema, opts);
}
