/**
 * Runs: POST /v1/scenarios/{id}/runs (202), GET /v1/scenarios/{id}/runs, GET /v1/runs/{runId}.
 * A run freezes the stored scenario version it was started on.
 */
import { scenarioSchema } from '../../engine/schema';
import { launchRun } from '../../jobs/launch';
import { scenarioRunsPrefix } from '../../store/keys';
import { getDeps } from '../deps';
import { type ApiEvent, type ApiResult, byRoute, json, jsonText, parseBody, type RawHandler } from '../http';
import { idempotent } from '../idempotency';
import { ownerOf } from '../identity';
import { instrument } from '../instrument';
import { listQuery, nextCursor } from '../pagination';
import { pathId } from '../pathId';
import { problems } from '../problem';
import { runRequestSchema } from '../runRequest';
import { runAccepted, runView } from '../runView';

async function start(event: ApiEvent): Promise<ApiResult> {
  const { store, now } = getDeps();
  const owner = ownerOf(event);
  const scenarioId = pathId(event, 'id', 'scenario');
  return idempotent(store, owner, event, now(), async () => {
    const req = parseBody(event, runRequestSchema, { optional: true, title: 'Invalid run request' });
    const stored = await store.getScenario(owner, scenarioId);
    if (!stored) throw problems.notFound('scenario');
    const scenario = scenarioSchema.parse(stored.body);
    if (scenario.authorities.length === 0)
      throw problems.unprocessable('the scenario has no authority to simulate', '/authorities');
    const request = {
      iterations: req.iterations ?? scenario.uncertainty.iterations,
      seed: req.seed ?? scenario.uncertainty.seed,
      allocation: req.allocation ?? scenario.allocation,
    };
    const run = await launchRun(getDeps(), {
      owner,
      scenarioId,
      version: stored.version,
      body: stored.body,
      authorities: scenario.authorities.length,
      request,
    });
    return runAccepted(run);
  });
}

async function list(event: ApiEvent): Promise<ApiResult> {
  const { store } = getDeps();
  const owner = ownerOf(event);
  const scenarioId = pathId(event, 'id', 'scenario');
  if (!(await store.getScenarioHead(owner, scenarioId))) throw problems.notFound('scenario');
  const q = listQuery(event, owner, scenarioRunsPrefix(scenarioId));
  const page = await store.listRuns(owner, scenarioId, q.limit, q.afterSk);
  return json(200, { items: page.items.map(runView), nextCursor: nextCursor(owner, page.lastSk) });
}

async function get(event: ApiEvent): Promise<ApiResult> {
  const { store } = getDeps();
  const owner = ownerOf(event);
  const run = await store.getRun(owner, pathId(event, 'runId', 'run'));
  if (!run) throw problems.notFound('run');
  if (run.status !== 'succeeded') return json(200, { ...runView(run), result: null });
  // The result is sent as stored, without parsing it again: it may be megabytes.
  const head = JSON.stringify(runView(run));
  const result = await store.getRunResult(owner, run);
  return jsonText(200, `${head.slice(0, -1)},"result":${result}}`);
}

export const run: RawHandler = byRoute({
  'POST /v1/scenarios/{id}/runs': start,
  'GET /v1/scenarios/{id}/runs': list,
  'GET /v1/runs/{runId}': get,
});
export const handler = instrument(run);
