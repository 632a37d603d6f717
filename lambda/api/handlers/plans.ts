/**
 * POST /v1/partnerships/plan: which partnerships to form. Inline authorities (up to 2,000, and
 * no more work than a request may do) are planned within the request on the worker pool (200,
 * the plan); a stored scenario's are planned as a run (202, through the same machinery as Monte
 * Carlo runs: progress, result, Idempotency-Key), whose result at GET /v1/runs/{runId} is the plan.
 */
import { currentTransfers, getDeps } from '../deps';
import { type ApiEvent, type ApiResult, jsonBodyText, jsonText, type RawHandler } from '../http';
import { idempotent } from '../idempotency';
import { instrument } from '../instrument';
import { problems } from '../problem';
import { launchRun } from '../../jobs/launch';
import { locatedInWorkspace, runAccepted } from '../runView';
import { compute, MAIN_THREAD_BODY_CHARS } from '../compute';
import { planTask, runFactsTask } from '../tasks';
import { requireRole, scoped } from '../workspace';
import { workspaceQuerySchema } from '../workspaceQuery';

export const run: RawHandler = async (event: ApiEvent): Promise<ApiResult> => {
  // a member of the workspace named may plan inline (nothing is stored); planning its scenario starts a run: editors
  const { ws } = await scoped(event, workspaceQuerySchema, 'read');
  const body = jsonBodyText(event)!;
  // an inline scenario or a register selection is planned on the pool; a stored scenario's id is trivial
  const trivial = body.length <= MAIN_THREAD_BODY_CHARS && !body.includes('"scenario"') && !body.includes('"register"');
  const outcome = await compute(planTask, { body, bounded: currentTransfers() === undefined }, trivial);
  if ('plan' in outcome) return jsonText(200, outcome.plan);
  const { scenarioId, constraints } = outcome;
  const { store, now } = getDeps();
  const owner = requireRole(ws, 'write').owner;
  return idempotent(store, ws.caller, event, now(), async () => {
    const stored = await store.getScenarioText(owner, scenarioId);
    if (!stored) throw problems.notFound('scenario');
    const facts = await compute(
      runFactsTask,
      { text: stored.text, constraints, emptyPath: '/scenarioId' },
      stored.text.length <= MAIN_THREAD_BODY_CHARS,
    );
    const started = await launchRun(getDeps(), {
      owner,
      scenarioId,
      version: stored.version,
      bodyText: stored.text,
      facts,
      request: { iterations: 0, seed: facts.seed, allocation: facts.allocation, plan: constraints },
    }).catch(locatedInWorkspace(ws));
    return runAccepted(started, ws);
  });
};
export const handler = instrument(run);
