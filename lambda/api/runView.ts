/** How a run is shown over HTTP: its links, its public fields, and the 202 that starts it. */
import type { RunRecord } from '../store/store';
import { type ApiResult, json } from './http';

export function runLinks(r: RunRecord) {
  return {
    self: `/v1/runs/${r.runId}`,
    report: `/v1/runs/${r.runId}/report`,
    scenario: `/v1/scenarios/${r.scenarioId}`,
  };
}

export function runView(r: RunRecord) {
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
    links: runLinks(r),
  };
}

/** 202 Accepted for a run just launched, with its location. */
export function runAccepted(r: RunRecord): ApiResult {
  return json(202, { runId: r.runId, status: r.status, links: runLinks(r) }, { location: `/v1/runs/${r.runId}` });
}
