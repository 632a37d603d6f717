/** How a run is shown over HTTP: its links, its public fields, and the 202 that starts it. */
import { RunNotStartedError } from '../jobs/errors';
import type { QueuePosition } from '../jobs/executor';
import type { RunRecord } from '../jobs/run';
import { type ApiResult, json } from './http';
import { problems } from './problem';
import { inWorkspace as scoped, type LinkQuery as LinkScope } from './workspace';

/** Links of a run in the personal workspace carry no `?workspace=`. */
const PERSONAL: LinkScope = { query: '' };

export function runLinks(r: RunRecord, ws: LinkScope = PERSONAL) {
  return {
    self: scoped(`/v1/runs/${r.runId}`, ws),
    result: scoped(`/v1/runs/${r.runId}/result`, ws),
    report: scoped(`/v1/runs/${r.runId}/report`, ws),
    scenario: scoped(`/v1/scenarios/${r.scenarioId}`, ws),
  };
}

/** A run as shown; a queued run with its place in the local run queue (1 is next). */
export function runView(r: RunRecord, queue?: QueuePosition, ws: LinkScope = PERSONAL) {
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
    links: runLinks(r, ws),
  };
}

/**
 * A run Step Functions refused to start is marked failed; the 503 says where it is, in its
 * workspace (a `.catch` on launching a run).
 */
export function locatedInWorkspace(ws: LinkScope): (err: unknown) => never {
  return (err) => {
    if (err instanceof RunNotStartedError && ws.query)
      throw problems.runNotStarted(err.message, err.runId, err.retryAfterSeconds, scoped(`/v1/runs/${err.runId}`, ws));
    throw err;
  };
}

/** 202 Accepted for a run just launched, with its location. */
export function runAccepted(r: RunRecord, ws: LinkScope = PERSONAL): ApiResult {
  const links = runLinks(r, ws);
  return json(202, { runId: r.runId, status: r.status, links }, { location: links.self });
}
