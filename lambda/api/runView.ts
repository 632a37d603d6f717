/** How a run is shown over HTTP: its links, its public fields, and the 202 that starts it. */
import type { QueuePosition } from '../jobs/executor';
import type { RunRecord } from '../jobs/run';
import { type ApiResult, json } from './http';

export function runLinks(r: RunRecord) {
  return {
    self: `/v1/runs/${r.runId}`,
    result: `/v1/runs/${r.runId}/result`,
    report: `/v1/runs/${r.runId}/report`,
    scenario: `/v1/scenarios/${r.scenarioId}`,
  };
}

/** A run as shown; a queued run with its place in the local run queue (1 is next). */
export function runView(r: RunRecord, queue?: QueuePosition) {
  return {
    runId: r.runId,
    scenarioId: r.scenarioId,
    scenarioVersion: r.scenarioVersion,
    status: r.status,
    progress: r.progress,
    ...(r.status === 'queued' && queue ? { queue } : {}),
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
