/**
 * Scenario CRUD: POST /v1/scenarios, GET /v1/scenarios, GET|PUT|DELETE /v1/scenarios/{id}.
 * Bodies are validated by the scenario schema and stored as sent (a CSV of authorities or a
 * register selection is stored as the scenario it becomes); versions give ETags. GET with
 * ?format=csv gives the authorities back as CSV.
 */
import type { ScenarioHead } from '../../store/store';
import { getDeps } from '../deps';
import { etagOf, versionFromIfMatch } from '../etag';
import { type ApiEvent, type ApiResult, byRoute, header, json, jsonText, type RawHandler, validated } from '../http';
import { idempotent } from '../idempotency';
import { ownerOf } from '../identity';
import { instrument } from '../instrument';
import { listQuery, nextCursor } from '../pagination';
import { problems } from '../problem';
import { SCENARIO_PREFIX } from '../../store/keys';
import { pathId } from '../pathId';
import { scenarioCsv, scenarioInput, scenarioQuerySchema } from '../scenarioInput';

function summary(h: ScenarioHead) {
  return {
    id: h.id,
    name: h.name,
    version: h.version,
    authorities: h.authorities,
    createdAt: h.createdAt,
    updatedAt: h.updatedAt,
    links: { self: `/v1/scenarios/${h.id}`, runs: `/v1/scenarios/${h.id}/runs` },
  };
}

/** Validate a body as a scenario; keep it as sent, or as the CSV or selection spelled out (what GET returns). */
function scenarioBody(event: ApiEvent): { body: unknown; name: string; authorities: number } {
  const { body, scenario } = scenarioInput(event);
  return { body, name: scenario.name, authorities: scenario.authorities.length };
}

const scenarioId = (event: ApiEvent): string => pathId(event, 'id', 'scenario');

async function create(event: ApiEvent): Promise<ApiResult> {
  const { store, now } = getDeps();
  const owner = ownerOf(event);
  return idempotent(store, owner, event, now(), async () => {
    const { body, name, authorities } = scenarioBody(event);
    const head = await store.createScenario(owner, body, { name, authorities }, now());
    return json(201, summary(head), { location: `/v1/scenarios/${head.id}`, etag: etagOf(head.version) });
  });
}

async function list(event: ApiEvent): Promise<ApiResult> {
  const { store } = getDeps();
  const owner = ownerOf(event);
  const q = listQuery(event, owner, SCENARIO_PREFIX);
  const page = await store.listScenarios(owner, q.limit, q.afterSk);
  return json(200, { items: page.items.map(summary), nextCursor: nextCursor(owner, page.lastSk) });
}

async function get(event: ApiEvent): Promise<ApiResult> {
  const { store } = getDeps();
  const owner = ownerOf(event);
  const q = validated(scenarioQuerySchema, event.queryStringParameters ?? {}, 'Invalid query', ['query']);
  const s = await store.getScenario(owner, scenarioId(event));
  if (!s) throw problems.notFound('scenario');
  if (q.format === 'csv') {
    const r = scenarioCsv(s.id, s.body);
    r.headers.etag = etagOf(s.version);
    return r;
  }
  return json(200, { ...summary(s), scenario: s.body }, { etag: etagOf(s.version) });
}

async function replace(event: ApiEvent): Promise<ApiResult> {
  const { store, now } = getDeps();
  const owner = ownerOf(event);
  const id = scenarioId(event);
  const ifMatch = header(event, 'if-match');
  if (ifMatch === undefined) {
    if (!(await store.getScenarioHead(owner, id))) throw problems.notFound('scenario');
    throw problems.preconditionRequired();
  }
  const { body, name, authorities } = scenarioBody(event);
  const expected = versionFromIfMatch(ifMatch);
  if (expected === undefined) {
    const head = await store.getScenarioHead(owner, id);
    if (!head) throw problems.notFound('scenario');
    throw problems.preconditionFailed(etagOf(head.version));
  }
  const head = await store.replaceScenario(owner, id, body, { name, authorities }, expected, now());
  return json(200, summary(head), { etag: etagOf(head.version) });
}

async function remove(event: ApiEvent): Promise<ApiResult> {
  const { store } = getDeps();
  await store.deleteScenario(ownerOf(event), scenarioId(event));
  return jsonText(204, '');
}

export const run: RawHandler = byRoute({
  'POST /v1/scenarios': create,
  'GET /v1/scenarios': list,
  'GET /v1/scenarios/{id}': get,
  'PUT /v1/scenarios/{id}': replace,
  'DELETE /v1/scenarios/{id}': remove,
});
export const handler = instrument(run);
