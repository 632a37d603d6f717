/**
 * GET /v1/runs/{runId}/report: the run's result as a page a board reads (HTML with charts), or
 * with ?format=csv its per-authority, per-year table in pages of whole authorities, each at
 * most a response's bytes (api/paging.ts; `limit` can make a page smaller, never larger). Only
 * a succeeded run has a report; rendering runs on the pool (api/tasks.ts).
 */
import { compute } from '../compute';
import { getDeps } from '../deps';
import { type ApiEvent, type ApiResult, BASE_HEADERS, HTML_HEADERS, type RawHandler } from '../http';
import { ownerOf } from '../identity';
import { instrument } from '../instrument';
import { pathId } from '../pathId';
import { problems } from '../problem';
import { reportQuerySchema } from '../reportQuery';
import { reportTask } from '../tasks';
import { fieldErrors } from '../validation';

export const run: RawHandler = async (event: ApiEvent): Promise<ApiResult> => {
  const { store } = getDeps();
  const owner = ownerOf(event);
  const runId = pathId(event, 'runId', 'run');
  const q = reportQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!q.success) throw problems.validation(fieldErrors(q.error, ['query']), 'Invalid query');
  const record = await store.getRun(owner, runId);
  if (!record) throw problems.notFound('run');
  if (record.status !== 'succeeded')
    throw problems.conflict(
      record.status === 'failed'
        ? 'the run failed, so it has no report; see GET /v1/runs/{runId} for why'
        : `the run is ${record.status}; its report is ready when it has succeeded`,
    );
  if (record.request.plan)
    throw problems.conflict('a planning run has no report: its result, at GET /v1/runs/{runId}, is the plan');
  const [result, input] = await Promise.all([store.getRunResult(owner, record), store.getRunInput(owner, runId)]);
  const page = await compute(reportTask, {
    result,
    input,
    runId,
    scenarioId: record.scenarioId,
    scenarioVersion: record.scenarioVersion,
    ...(record.finishedAt ? { finishedAt: record.finishedAt } : {}),
    format: q.data.format,
    offset: q.data.offset,
    ...(q.data.limit ? { limit: q.data.limit } : {}),
  });
  if (q.data.format === 'csv') {
    const headers: Record<string, string> = {
      ...BASE_HEADERS,
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="sharesim-${runId}${q.data.offset ? `-from-${q.data.offset}` : ''}.csv"`,
    };
    if (page.next !== null)
      headers.link = `</v1/runs/${runId}/report?format=csv&offset=${page.next}${q.data.limit ? `&limit=${q.data.limit}` : ''}>; rel="next"`;
    return { statusCode: 200, headers, body: page.body };
  }
  return { statusCode: 200, headers: { ...HTML_HEADERS }, body: page.body };
};
export const handler = instrument(run);
