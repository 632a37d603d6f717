/**
 * Runs: POST /v1/scenarios/{id}/runs (202), GET /v1/scenarios/{id}/runs, GET /v1/runs/{runId},
 * GET /v1/runs/{runId}/result. A run freezes the stored scenario version it was started on.
 */
import { launchRun } from '../../jobs/launch';
import { scenarioRunsPrefix } from '../../store/keys';
import { compute, MAIN_THREAD_BODY_CHARS } from '../compute';
import { getDeps } from '../deps';
import {
  type ApiEvent,
  type ApiResult,
  BASE_HEADERS,
  byRoute,
  json,
  jsonText,
  parseBody,
  type RawHandler,
} from '../http';
import { idempotent } from '../idempotency';
import { instrument } from '../instrument';
import { fitsInOneResponse, TEXT_PAGE_BYTES, textPage } from '../paging';
import { nextCursor, pageFrom, workspaceListQuerySchema } from '../pagination';
import { pathId } from '../pathId';
import { problems } from '../problem';
import { resultQuerySchema, runRequestSchema } from '../runRequest';
import { locatedInWorkspace, runAccepted, runView } from '../runView';
import { runFactsTask } from '../tasks';
import { inWorkspace, scoped } from '../workspace';
import { workspaceQuerySchema } from '../workspaceQuery';

async function start(event: ApiEvent): Promise<ApiResult> {
  const { store, now } = getDeps();
  const { ws } = await scoped(event, workspaceQuerySchema, 'write');
  const owner = ws.owner;
  const scenarioId = pathId(event, 'id', 'scenario');
  return idempotent(store, ws.caller, event, now(), async () => {
    const req = parseBody(event, runRequestSchema, { optional: true, title: 'Invalid run request' });
    const stored = await store.getScenarioText(owner, scenarioId);
    if (!stored) throw problems.notFound('scenario');
    const facts = await compute(
      runFactsTask,
      { text: stored.text, ...req, emptyPath: '/authorities' },
      stored.text.length <= MAIN_THREAD_BODY_CHARS,
    );
    const run = await launchRun(getDeps(), {
      owner,
      scenarioId,
      version: stored.version,
      bodyText: stored.text,
      facts,
      request: { iterations: facts.iterations, seed: facts.seed, allocation: facts.allocation },
    }).catch(locatedInWorkspace(ws));
    return runAccepted(run, ws);
  });
}

async function list(event: ApiEvent): Promise<ApiResult> {
  const { store, executor } = getDeps();
  const { ws, query } = await scoped(event, workspaceListQuerySchema, 'read');
  const owner = ws.owner;
  const scenarioId = pathId(event, 'id', 'scenario');
  if (!(await store.getScenarioHead(owner, scenarioId))) throw problems.notFound('scenario');
  const q = await pageFrom(query, owner, scenarioRunsPrefix(scenarioId));
  const page = await store.listRuns(owner, scenarioId, q.limit, q.afterSk);
  return json(200, {
    items: page.items.map((r) => runView(r, executor.position?.(owner, r.runId), ws)),
    nextCursor: await nextCursor(owner, page.lastSk),
  });
}

async function get(event: ApiEvent): Promise<ApiResult> {
  const { store, executor, transfers } = getDeps();
  const { ws } = await scoped(event, workspaceQuerySchema, 'read');
  const owner = ws.owner;
  const runId = pathId(event, 'runId', 'run');
  const run = await store.getRun(owner, runId);
  if (!run) throw problems.notFound('run');
  const view = runView(run, executor.position?.(owner, runId), ws);
  if (run.status !== 'succeeded') return json(200, { ...view, result: null });
  // The result is sent as stored, without parsing it again: it may be megabytes.
  const result = await store.getRunResult(owner, run);
  const whole = `${JSON.stringify(view).slice(0, -1)},"result":${result}}`;
  // whole: a download store takes what a response cannot carry (a 303, api/delivery.ts)
  if (transfers || fitsInOneResponse(whole)) return jsonText(200, whole);
  return json(200, {
    ...view,
    result: null,
    resultBytes: Buffer.byteLength(result, 'utf8'),
    note: `the result is larger than one response may carry; read it in pages from ${view.links.result}`,
  });
}

/** The result alone: whole when it fits one response, else in byte ranges (Link rel="next") to concatenate. */
async function result(event: ApiEvent): Promise<ApiResult> {
  const { store } = getDeps();
  const { ws, query } = await scoped(event, resultQuerySchema, 'read');
  const owner = ws.owner;
  const runId = pathId(event, 'runId', 'run');
  const run = await store.getRun(owner, runId);
  if (!run) throw problems.notFound('run');
  if (run.status !== 'succeeded')
    throw problems.conflict(`the run is ${run.status}; its result is ready when it has succeeded`);
  const doc = Buffer.from(await store.getRunResult(owner, run), 'utf8');
  const offset = query.offset;
  if (offset > 0 && (offset >= doc.length || (doc[offset]! & 0xc0) === 0x80))
    throw problems.validation(
      [{ path: '/query/offset', message: 'is not the start of a page: follow the Link headers from offset 0' }],
      'Invalid query',
    );
  if (offset === 0 && doc.length <= TEXT_PAGE_BYTES) return jsonText(200, doc.toString('utf8'));
  const page = textPage(doc, offset, TEXT_PAGE_BYTES);
  const headers: Record<string, string> = {
    ...BASE_HEADERS,
    // a byte range of the JSON document: the pages, concatenated in order, are the result
    'content-type': 'text/plain; charset=utf-8',
    'x-result-bytes': String(page.total),
    'x-result-range': `${page.offset}-${page.offset + Buffer.byteLength(page.text, 'utf8') - 1}`,
  };
  if (page.next !== null)
    headers.link = `<${inWorkspace(`/v1/runs/${runId}/result?offset=${page.next}`, ws)}>; rel="next"`;
  return { statusCode: 200, headers, body: page.text };
}

export const run: RawHandler = byRoute({
  'POST /v1/scenarios/{id}/runs': start,
  'GET /v1/scenarios/{id}/runs': list,
  'GET /v1/runs/{runId}': get,
  'GET /v1/runs/{runId}/result': result,
});
export const handler = instrument(run);
