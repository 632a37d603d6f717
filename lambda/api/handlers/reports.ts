/**
 * GET /v1/runs/{runId}/report: the run's result as a page a board reads (HTML with charts), or
 * with ?format=csv its per-authority, per-year table. Only a succeeded run has a report.
 */
import { idSchema, scenarioSchema } from '../../engine/schema';
import type { SimulationResult } from '../../engine/simulate';
import type { RunInput } from '../../jobs/runJob';
import { authoritiesPerPage, resultCsv } from '../../report/csv';
import { reportHtml } from '../../report/html';
import { getDeps } from '../deps';
import { type ApiEvent, type ApiResult, BASE_HEADERS, HTML_HEADERS, type RawHandler } from '../http';
import { ownerOf } from '../identity';
import { instrument } from '../instrument';
import { problems } from '../problem';
import { reportQuerySchema } from '../reportQuery';
import { fieldErrors } from '../validation';

export const run: RawHandler = async (event: ApiEvent): Promise<ApiResult> => {
  const { store } = getDeps();
  const owner = ownerOf(event);
  const runId = event.pathParameters?.runId ?? '';
  if (!idSchema.safeParse(runId).success) throw problems.notFound('run');
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
  const [resultText, inputText] = await Promise.all([
    store.getRunResult(owner, record),
    store.getRunInput(owner, runId),
  ]);
  const result = JSON.parse(resultText) as SimulationResult;
  const input = JSON.parse(inputText) as RunInput;
  if (input.request.plan)
    throw problems.conflict('a planning run has no report: its result, at GET /v1/runs/{runId}, is the plan');
  const scenario = scenarioSchema.parse(input.scenario);
  if (q.data.format === 'csv') {
    const page = resultCsv(result, scenario, q.data.offset, q.data.limit ?? authoritiesPerPage(result.years.length));
    const headers: Record<string, string> = {
      ...BASE_HEADERS,
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="sharesim-${runId}${q.data.offset ? `-from-${q.data.offset}` : ''}.csv"`,
    };
    if (page.nextOffset !== null)
      headers.link = `</v1/runs/${runId}/report?format=csv&offset=${page.nextOffset}${q.data.limit ? `&limit=${q.data.limit}` : ''}>; rel="next"`;
    return { statusCode: 200, headers, body: page.text };
  }
  const body = await reportHtml(result, scenario, {
    runId,
    scenarioId: record.scenarioId,
    scenarioVersion: record.scenarioVersion,
    ...(record.finishedAt ? { finishedAt: record.finishedAt } : {}),
  });
  return { statusCode: 200, headers: { ...HTML_HEADERS }, body };
};
export const handler = instrument(run);
