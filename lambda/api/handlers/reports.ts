/**
 * GET /v1/runs/{runId}/report: the run's result as a page a board reads (HTML with charts), or
 * with ?format=csv its per-authority, per-year table in pages of whole authorities, each at
 * most a response's bytes (api/paging.ts; `limit` can make a page smaller, never larger). Only
 * a succeeded run has a report; rendering runs on the pool (api/tasks.ts).
 *
 * POST /v1/runs/{runId}/report-links makes a signed link to the page that opens with no
 * credentials until it expires (api/reportLinks.ts); GET /v1/report-links/{token} serves it.
 */
import { compute } from '../compute';
import { getDeps } from '../deps';
import {
  type ApiEvent,
  type ApiResult,
  BASE_HEADERS,
  byRoute,
  HTML_HEADERS,
  json,
  parseBody,
  type RawHandler,
} from '../http';
import { instrument } from '../instrument';
import { pathId } from '../pathId';
import { HttpProblem, problems } from '../problem';
import { parseToken, reportLinkRequestSchema, reportLinkToken, validSignature } from '../reportLinks';
import { type ReportQuery, reportQuerySchema } from '../reportQuery';
import { reportTask } from '../tasks';
import type { RunRecord } from '../../jobs/run';
import { inWorkspace, type LinkQuery, scoped } from '../workspace';
import { workspaceQuerySchema } from '../workspaceQuery';

/** The run, if it has a report: succeeded, and a simulation (a plan's result is the plan). */
async function reportableRun(owner: string, runId: string): Promise<RunRecord> {
  const record = await getDeps().store.getRun(owner, runId);
  if (!record) throw problems.notFound('run');
  if (record.status !== 'succeeded')
    throw problems.conflict(
      record.status === 'failed'
        ? 'the run failed, so it has no report; see GET /v1/runs/{runId} for why'
        : `the run is ${record.status}; its report is ready when it has succeeded`,
    );
  if (record.request.plan)
    throw problems.conflict('a planning run has no report: its result, at GET /v1/runs/{runId}, is the plan');
  return record;
}

/** `ws`: what the CSV's next-page link carries (the run's workspace). */
async function render(owner: string, record: RunRecord, q: ReportQuery, ws: LinkQuery): Promise<ApiResult> {
  const { store } = getDeps();
  const runId = record.runId;
  const [result, input] = await Promise.all([store.getRunResult(owner, record), store.getRunInput(owner, runId)]);
  const page = await compute(reportTask, {
    result,
    input,
    runId,
    scenarioId: record.scenarioId,
    scenarioVersion: record.scenarioVersion,
    ...(record.finishedAt ? { finishedAt: record.finishedAt } : {}),
    format: q.format,
    offset: q.offset,
    ...(q.limit ? { limit: q.limit } : {}),
  });
  if (q.format === 'csv') {
    const headers: Record<string, string> = {
      ...BASE_HEADERS,
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="sharesim-${runId}${q.offset ? `-from-${q.offset}` : ''}.csv"`,
    };
    if (page.next !== null)
      headers.link = `<${inWorkspace(
        `/v1/runs/${runId}/report?format=csv&offset=${page.next}${q.limit ? `&limit=${q.limit}` : ''}`,
        ws,
      )}>; rel="next"`;
    return { statusCode: 200, headers, body: page.body };
  }
  return { statusCode: 200, headers: { ...HTML_HEADERS }, body: page.body };
}

async function report(event: ApiEvent): Promise<ApiResult> {
  const { ws, query } = await scoped(event, reportQuerySchema, 'read');
  const runId = pathId(event, 'runId', 'run');
  return render(ws.owner, await reportableRun(ws.owner, runId), query, ws);
}

/** The link's origin: the API's own (deployed, HTTPS; locally, the server the caller reached). */
function origin(event: ApiEvent): string {
  const host = event.requestContext.domainName;
  return event.requestContext.apiId === 'local' ? `http://${host}` : `https://${host}`;
}

/** A viewer may mint a link: it shows what a viewer reads, to whoever the viewer gives it. */
async function createLink(event: ApiEvent): Promise<ApiResult> {
  const owner = (await scoped(event, workspaceQuerySchema, 'read')).ws.owner;
  const runId = pathId(event, 'runId', 'run');
  const req = parseBody(event, reportLinkRequestSchema, { optional: true, title: 'Invalid report link request' });
  await reportableRun(owner, runId);
  const expires = Math.floor(getDeps().now().getTime() / 1000) + req.expiresInSeconds;
  const path = `/v1/report-links/${await reportLinkToken(runId, owner, expires)}`;
  return json(
    201,
    { url: `${origin(event)}${path}`, path, expiresAt: new Date(expires * 1000).toISOString(), runId },
    { location: path },
  );
}

const linkNotValid = () => new HttpProblem(404, 'urn:sharesim:problem:not-found', 'Not found', 'no such report link');

/** Public: the report page, for whoever holds an unexpired link. */
async function openLink(event: ApiEvent): Promise<ApiResult> {
  const token = parseToken(event.pathParameters?.token ?? '');
  if (!token) throw linkNotValid();
  const owner = await getDeps().store.getRunOwner(token.runId);
  // a forged token, a deleted run and a rotated key look alike: 404
  if (!owner || !(await validSignature(token.runId, owner, token.expires, token.sig))) throw linkNotValid();
  if (token.expires * 1000 <= getDeps().now().getTime())
    throw new HttpProblem(
      410,
      'urn:sharesim:problem:link-expired',
      'Link expired',
      `this report link expired at ${new Date(token.expires * 1000).toISOString()}; ask for a new one`,
    );
  const record = await reportableRun(owner, token.runId);
  const page = await render(owner, record, { format: 'html', offset: 0 }, { query: '' });
  // the link is the credential: keep it out of caches and referrers (HTML_HEADERS already say no-store, no-referrer)
  return page;
}

export const run: RawHandler = byRoute({
  'GET /v1/runs/{runId}/report': report,
  'POST /v1/runs/{runId}/report-links': createLink,
  'GET /v1/report-links/{token}': openLink,
});
export const handler = instrument(run);
