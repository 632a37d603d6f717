/**
 * Scenario CRUD: POST /v1/scenarios, GET /v1/scenarios, GET|PUT|DELETE /v1/scenarios/{id}.
 * Bodies (JSON, a register selection, or a CSV of authorities) are validated by the scenario
 * schema (a large one on the worker pool) and stored as canonical JSON, a CSV or selection
 * spelled out as the scenario it becomes; versions give ETags. GET with ?format=csv gives the
 * authorities back as CSV. A delete stops the work of the scenario's runs.
 */
import type { ScenarioHead } from '../../store/store';
import { JsonText } from '../../store/store';
import { compute, MAIN_THREAD_BODY_CHARS } from '../compute';
import { currentTransfers, getDeps } from '../deps';
import { etagOf, versionFromIfMatch } from '../etag';
import {
  type ApiEvent,
  type ApiResult,
  BASE_HEADERS,
  byRoute,
  header,
  json,
  jsonText,
  parseJson,
  type RawHandler,
  validated,
} from '../http';
import { idempotent } from '../idempotency';
import { ownerOf } from '../identity';
import { instrument } from '../instrument';
import { nextCursor, pageFrom, workspaceListQuerySchema } from '../pagination';
import { problems } from '../problem';
import { SCENARIO_PREFIX } from '../../store/keys';
import { pathId } from '../pathId';
import { authoritiesCsv } from '../../csv/authorities';
import { jsonOrCsvBodyText } from '../body';
import { looksLikeUploadRef, scenarioQuerySchema, uploadRefSchema } from '../scenarioInput';
import { scenarioTask, type ValidScenario } from '../tasks';
import { inWorkspace, scoped, scopedLoose, type Workspace } from '../workspace';
import { workspaceQuerySchema } from '../workspaceQuery';

function summary(h: ScenarioHead, ws: Workspace) {
  return {
    id: h.id,
    name: h.name,
    version: h.version,
    authorities: h.authorities,
    createdAt: h.createdAt,
    updatedAt: h.updatedAt,
    links: {
      self: inWorkspace(`/v1/scenarios/${h.id}`, ws),
      runs: inWorkspace(`/v1/scenarios/${h.id}/runs`, ws),
    },
  };
}

/**
 * Validate a body as a scenario; keep its JSON, or the CSV or selection spelled out (what GET
 * returns). An upload is the caller's own, whichever workspace the scenario goes to.
 */
async function scenarioBody(
  event: ApiEvent,
  caller: string,
  query: Record<string, string | undefined>,
): Promise<ValidScenario> {
  const { text, csv } = jsonOrCsvBodyText(event);
  if (!csv && looksLikeUploadRef(text)) return uploadedScenario(caller, text);
  if (csv) return compute(scenarioTask, { body: text, csv, query });
  const trivial = text.length <= MAIN_THREAD_BODY_CHARS && !text.includes('"register"');
  return compute(scenarioTask, { body: text }, trivial);
}

/** A stored scenario's authorities as CSV: what GET /v1/scenarios/{id}?format=csv answers. */
function scenarioCsv(id: string, text: string, etag: string): ApiResult {
  const body = JSON.parse(text) as { authorities?: Parameters<typeof authoritiesCsv>[0] };
  return {
    statusCode: 200,
    headers: {
      ...BASE_HEADERS,
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="sharesim-scenario-${id}.csv"`,
      etag,
    },
    body: authoritiesCsv(body.authorities ?? []),
  };
}

const scenarioId = (event: ApiEvent): string => pathId(event, 'id', 'scenario');

/** The document an upload reference names, validated as a scenario body (errors point into it). */
async function uploadedScenario(owner: string, text: string): Promise<ValidScenario> {
  const { uploadId } = validated(uploadRefSchema, parseJson(text), 'Invalid upload reference');
  const transfers = currentTransfers();
  if (!transfers) throw problems.notFound('upload');
  const doc = await transfers.readUpload(owner, uploadId);
  if (!doc)
    throw problems.validation(
      [{ path: '/uploadId', message: 'names no upload of yours: PUT the document to its URL first (it expires)' }],
      'Invalid upload reference',
    );
  const body = doc.toString('utf8');
  return compute(scenarioTask, { body }, body.length <= MAIN_THREAD_BODY_CHARS && !body.includes('"register"'));
}

/** POST /v1/uploads: where to PUT a document too large for a request (api docs: uploads). */
async function upload(event: ApiEvent): Promise<ApiResult> {
  const owner = ownerOf(event);
  const transfers = currentTransfers();
  if (!transfers) throw problems.notFound('route');
  const t = await transfers.upload(owner);
  return json(201, {
    uploadId: t.uploadId,
    uploadUrl: t.url,
    method: t.method,
    headers: t.headers,
    maxBytes: t.maxBytes,
    expiresAt: t.expiresAt,
    next: 'PUT the scenario (JSON) to uploadUrl with these headers, then POST /v1/scenarios {"uploadId": …}',
  });
}

async function create(event: ApiEvent): Promise<ApiResult> {
  const { store, now } = getDeps();
  const { ws, rest } = await scopedLoose(event, 'write');
  const owner = ws.owner;
  // keys are the caller's own (another member's key is not a collision); the workspace is in the fingerprint
  return idempotent(store, ws.caller, event, now(), async () => {
    const { text, name, authorities } = await scenarioBody(event, ws.caller, rest);
    const head = await store.createScenario(owner, new JsonText(text), { name, authorities }, now());
    return json(201, summary(head, ws), {
      location: inWorkspace(`/v1/scenarios/${head.id}`, ws),
      etag: etagOf(head.version),
    });
  });
}

async function list(event: ApiEvent): Promise<ApiResult> {
  const { store } = getDeps();
  const { ws, query } = await scoped(event, workspaceListQuerySchema, 'read');
  const owner = ws.owner;
  const q = await pageFrom(query, owner, SCENARIO_PREFIX);
  const page = await store.listScenarios(owner, q.limit, q.afterSk);
  return json(200, {
    items: page.items.map((h) => summary(h, ws)),
    nextCursor: await nextCursor(owner, page.lastSk),
  });
}

async function get(event: ApiEvent): Promise<ApiResult> {
  const { store } = getDeps();
  const { ws, query: q } = await scoped(event, scenarioQuerySchema, 'read');
  const s = await store.getScenarioText(ws.owner, scenarioId(event));
  if (!s) throw problems.notFound('scenario');
  if (q.format === 'csv') return scenarioCsv(s.id, s.text, etagOf(s.version));
  // the body as stored, spliced in: a 6 MB scenario is not parsed and serialised again
  const head = JSON.stringify(summary(s, ws));
  return jsonText(200, `${head.slice(0, -1)},"scenario":${s.text}}`, { etag: etagOf(s.version) });
}

async function replace(event: ApiEvent): Promise<ApiResult> {
  const { store, now } = getDeps();
  const { ws, rest } = await scopedLoose(event, 'write');
  const owner = ws.owner;
  const id = scenarioId(event);
  const ifMatch = header(event, 'if-match');
  if (ifMatch === undefined) {
    if (!(await store.getScenarioHead(owner, id))) throw problems.notFound('scenario');
    throw problems.preconditionRequired();
  }
  const { text, name, authorities } = await scenarioBody(event, ws.caller, rest);
  const expected = versionFromIfMatch(ifMatch);
  if (expected === undefined) {
    const head = await store.getScenarioHead(owner, id);
    if (!head) throw problems.notFound('scenario');
    throw problems.preconditionFailed(etagOf(head.version));
  }
  const head = await store.replaceScenario(owner, id, new JsonText(text), { name, authorities }, expected, now());
  return json(200, summary(head, ws), { etag: etagOf(head.version) });
}

async function remove(event: ApiEvent): Promise<ApiResult> {
  const { store, executor } = getDeps();
  const owner = (await scoped(event, workspaceQuerySchema, 'write')).ws.owner;
  const runIds = await store.deleteScenario(owner, scenarioId(event));
  executor.cancel?.(owner, runIds);
  return jsonText(204, '');
}

export const run: RawHandler = byRoute({
  'POST /v1/scenarios': create,
  'POST /v1/uploads': upload,
  'GET /v1/scenarios': list,
  'GET /v1/scenarios/{id}': get,
  'PUT /v1/scenarios/{id}': replace,
  'DELETE /v1/scenarios/{id}': remove,
});
export const handler = instrument(run);
