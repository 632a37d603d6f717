/**
 * POST /v1/partnerships/plan: which partnerships to form. Inline authorities (up to 2,000) are
 * planned within the request (200, the plan); a stored scenario's are planned as a run (202,
 * through the same machinery as Monte Carlo runs: progress, result, Idempotency-Key), whose
 * result at GET /v1/runs/{runId} is the plan.
 */
import { constraintIndices, planPartnerships, PlanInputError } from '../../planner/plan';
import { planRequestSchema } from '../../planner/schema';
import { getDeps } from '../deps';
import { type ApiEvent, type ApiResult, json, type RawHandler, readJson, validated } from '../http';
import { idempotent } from '../idempotency';
import { ownerOf } from '../identity';
import { instrument } from '../instrument';
import { problems } from '../problem';
import { scenarioSchema } from '../../engine/schema';
import { launchRun } from '../../jobs/launch';
import { runAccepted } from '../runView';
import { planBody } from '../planInput';

export const run: RawHandler = async (event: ApiEvent): Promise<ApiResult> => {
  const { store, now } = getDeps();
  const owner = ownerOf(event);
  const req = validated(planRequestSchema, planBody(readJson(event)), 'Invalid plan request');
  try {
    if (req.scenario) return json(200, await planPartnerships(req.scenario, req.constraints));
    return await idempotent(store, owner, event, now(), async () => {
      const stored = await store.getScenario(owner, req.scenarioId!);
      if (!stored) throw problems.notFound('scenario');
      const scenario = scenarioSchema.parse(stored.body);
      if (scenario.authorities.length === 0)
        throw problems.unprocessable('the scenario has no authority to plan', '/scenarioId');
      constraintIndices(scenario, req.constraints); // unknown ids are a 400 now, not a failed job
      const run = await launchRun(getDeps(), {
        owner,
        scenarioId: req.scenarioId!,
        version: stored.version,
        body: stored.body,
        authorities: scenario.authorities.length,
        request: {
          iterations: 0,
          seed: scenario.uncertainty.seed,
          allocation: scenario.allocation,
          plan: req.constraints,
        },
      });
      return runAccepted(run);
    });
  } catch (e) {
    if (e instanceof PlanInputError)
      throw problems.validation([{ path: e.path, message: e.message }], 'Invalid plan request');
    throw e;
  }
};
export const handler = instrument(run);
