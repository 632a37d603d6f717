/**
 * Runs: POST /v1/scenarios/{id}/runs (202), GET /v1/scenarios/{id}/runs, GET /v1/runs/{runId}.
 * A run freezes the stored scenario version it was started on.
 */
import { randomBytes } from 'node:crypto';
import { idSchema, scenarioSchema } from '../../engine/schema';
import { runRequestSchema } from '../runRequest';
import type { RunInput } from '../../jobs/runJob';
import { newId, scenarioRunsPrefix } from '../../store/keys';
import type { RunRecord, RunRequest } from '../../store/store';
import type { PlanConstraints } from '../../planner/schema';
import { getDeps } from '../deps';
import { ApiEvent, ApiResult, byRoute, json, jsonText, parseBody, RawHandler } from '../http';
import { idempotent } from '../idempotency';
import { ownerOf } from '../identity';
import { instrument } from '../instrument';
import { listQuery, nextCursor } from '../pagination';
import { problems } from '../problem';


const links = (r: RunRecord) => ({ self: `/v1/runs/${r.runId}`, report: `/v1/runs/${r.runId}/report`, scenario: `/v1/scenarios/${r.scenarioId}` });

function view(r: RunRecord) {
  return {
    runId: r.runId,
    scenarioId: r.scenarioId,
    scenarioVersion: r.scenarioVersion,
    status: r.status,
    progress: r.progress,
    request: r.request,
    createdAt: r.createdAt,
    ...(r.startedAt ? { startedAt: r.startedAt } : {}),
    ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
    ...(r.error ? { error: { ...r.error, status: 500 } } : {}),
    links: links(r),
  };
}

function pathId(event: ApiEvent, name: 'id' | 'runId', what: string): string {
  const id = event.pathParameters?.[name] ?? '';
  if (!idSchema.safeParse(id).success) throw problems.notFound(what);
  return id;
}

async function start(event: ApiEvent): Promise<ApiResult> {
  const { store, now } = getDeps();
  const owner = ownerOf(event);
  const scenarioId = pathId(event, 'id', 'scenario');
  return idempotent(store, owner, event, now(), async () => {
    const req = parseBody(event, runRequestSchema, { optional: true, title: 'Invalid run request' });
    const stored = await store.getScenario(owner, scenarioId);
    if (!stored) throw problems.notFound('scenario');
    const scenario = scenarioSchema.parse(stored.body);
    if (scenario.authorities.length === 0) throw problems.unprocessable('the scenario has no authority to simulate', '/authorities');
    const request = {
      iterations: req.iterations ?? scenario.uncertainty.iterations,
      seed: req.seed ?? scenario.uncertainty.seed,
      allocation: req.allocation ?? scenario.allocation,
    };
    return launchRun(owner, scenarioId, stored.version, stored.body, scenario.authorities.length, request);
  });
}

/**
 * Store a run of a scenario version and hand it to the executor: 202 with its links. A
 * planning run (`plan`) goes through the same machinery; its result is the plan.
 */
export async function launchRun(owner: string, scenarioId: string, version: number, body: unknown, authorities: number, request: RunRequest, plan?: PlanConstraints): Promise<ApiResult> {
  const { store, executor, now } = getDeps();
  const at = now();
  const runId = newId(at.getTime(), () => randomBytes(5).toString('hex'));
  const recorded: RunRequest = plan ? { ...request, plan } : request;
  const input: RunInput = { scenarioVersion: version, scenario: body, request: recorded, ...(plan ? { plan } : {}) };
  await store.createRun(owner, {
    runId,
    scenarioId,
    scenarioVersion: version,
    status: 'queued',
    progress: { done: 0, total: plan ? 1000 : Math.max(1, request.iterations) },
    request: recorded,
    executor: executor.name,
    createdAt: at.toISOString(),
  }, JSON.stringify(input));
  await executor.submit({ owner, runId, authorities, iterations: request.iterations });
  const run = (await store.getRun(owner, runId))!;
  return json(202, { runId, status: run.status, links: links(run) }, { location: `/v1/runs/${runId}` });
}

async function list(event: ApiEvent): Promise<ApiResult> {
  const { store } = getDeps();
  const owner = ownerOf(event);
  const scenarioId = pathId(event, 'id', 'scenario');
  if (!(await store.getScenarioHead(owner, scenarioId))) throw problems.notFound('scenario');
  const q = listQuery(event, owner, scenarioRunsPrefix(scenarioId));
  const page = await store.listRuns(owner, scenarioId, q.limit, q.afterSk);
  return json(200, { items: page.items.map(view), nextCursor: nextCursor(owner, page.lastSk) });
}

async function get(event: ApiEvent): Promise<ApiResult> {
  const { store } = getDeps();
  const owner = ownerOf(event);
  const run = await store.getRun(owner, pathId(event, 'runId', 'run'));
  if (!run) throw problems.notFound('run');
  if (run.status !== 'succeeded') return json(200, { ...view(run), result: null });
  // The result is sent as stored, without parsing it again: it may be megabytes.
  const head = JSON.stringify(view(run));
  const result = await store.getRunResult(owner, run);
  return jsonText(200, `${head.slice(0, -1)},"result":${result}}`);
}

export const run: RawHandler = byRoute({
  'POST /v1/scenarios/{id}/runs': start,
  'GET /v1/scenarios/{id}/runs': list,
  'GET /v1/runs/{runId}': get,
});
export const handler = instrument(run);
