/**
 * GET /v1/register: the register of UK public bodies (councils, police, fire, NHS), filtered by
 * the same selection a scenario or plan takes (as query parameters), paged by offset; with
 * ?format=csv the selected bodies as a CSV of authorities, ready to edit and import.
 * GET /v1/register/{id}: one body, with the provenance of each of its fields.
 * Nothing is stored: the register is bundled with this function.
 */
import type { z } from 'zod';
import { authoritiesCsv } from '../../csv/authorities';
import { idSchema } from '../../engine/schema';
import { register, registerBody, toAuthority } from '../../register';
import { type ApiEvent, type ApiResult, BASE_HEADERS, byRoute, json, type RawHandler, validated } from '../http';
import { instrument } from '../instrument';
import { problems } from '../problem';
import { registerQuerySchema } from '../registerQuery';
import { selectedAuthorities } from '../scenarioInput';

/** The query as a selection (the JSON form scenarios and plans take). */
function selectionOf(q: z.output<typeof registerQuerySchema>): Record<string, unknown> {
  if ((q.near === undefined) !== (q.radiusKm === undefined))
    throw problems.validation(
      [{ path: q.near === undefined ? '/query/near' : '/query/radiusKm', message: 'near and radiusKm come together' }],
      'Invalid query',
    );
  const [lat, lon] = (q.near ?? '').split(',').map(Number);
  return {
    ...(q.nation ? { nation: q.nation } : {}),
    ...(q.region ? { region: q.region } : {}),
    ...(q.kinds ? { kinds: q.kinds } : {}),
    ...(q.tiers ? { tiers: q.tiers } : {}),
    ...(q.codes ? { codes: q.codes } : {}),
    ...(q.near ? { near: { lat, lon, radiusKm: q.radiusKm } } : {}),
  };
}

async function listBodies(event: ApiEvent): Promise<ApiResult> {
  const q = validated(registerQuerySchema, event.queryStringParameters ?? {}, 'Invalid query', ['query']);
  const selection = selectionOf(q);
  // one selection path for the API: a query names what a JSON selection names, and fails alike
  const ids = Object.keys(selection).length
    ? new Set(selectedAuthorities(selection, ['query']).map((a) => a.id as string))
    : undefined;
  const bodies = register().bodies.filter((b) => !ids || ids.has(b.id));
  const page = bodies.slice(q.offset, q.offset + q.limit);
  const next = q.offset + q.limit < bodies.length ? q.offset + q.limit : null;
  const params = new URLSearchParams(
    Object.entries(event.queryStringParameters ?? {}).filter(([k, v]) => k !== 'offset' && v !== undefined) as [
      string,
      string,
    ][],
  );
  const nextLink = next === null ? null : `/v1/register?${params.toString() ? `${params}&` : ''}offset=${next}`;
  if (q.format === 'csv')
    return {
      statusCode: 200,
      headers: {
        ...BASE_HEADERS,
        'content-type': 'text/csv; charset=utf-8; header=present',
        'content-disposition': 'attachment; filename="sharesim-register.csv"',
        ...(nextLink ? { link: `<${nextLink}>; rel="next"` } : {}),
      },
      body: authoritiesCsv(page.map(toAuthority)),
    };
  return json(
    200,
    {
      items: page,
      total: bodies.length,
      offset: q.offset,
      limit: q.limit,
      nextOffset: next,
      links: { next: nextLink },
      attribution: register().attribution,
    },
    nextLink ? { link: `<${nextLink}>; rel="next"` } : {},
  );
}

async function oneBody(event: ApiEvent): Promise<ApiResult> {
  const id = event.pathParameters?.id ?? '';
  const body = idSchema.safeParse(id).success ? registerBody(id) : undefined;
  if (!body) throw problems.notFound('body in the register');
  return json(200, { ...body, authority: toAuthority(body), attribution: register().attribution });
}

export const run: RawHandler = byRoute({
  'GET /v1/register': listBodies,
  'GET /v1/register/{id}': oneBody,
});
export const handler = instrument(run);
