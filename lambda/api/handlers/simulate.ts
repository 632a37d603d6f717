import { loadLpSolver } from '../../engine/allocation/solver';
import { simulate } from '../../engine/simulate';
import { monteCarloInProcess } from '../../engine/uncertainty/attach';
import { jsonText, type RawHandler } from '../http';
import { instrument } from '../instrument';
import { problems } from '../problem';
import { scenarioInput } from '../scenarioInput';

/** Monte Carlo iterations the stateless route runs in the request; more belong in a run. */
export const MAX_INLINE_ITERATIONS = 20_000;

/** Lambda's limit on a synchronous response; the local server has none. */
export const LAMBDA_RESPONSE_LIMIT_BYTES = 6 * 1024 * 1024 - 1024;

/** POST /v1/simulate: stateless; the body is a scenario (JSON, a register selection, or CSV), the answer its result. */
export const run: RawHandler = async (event) => {
  const { scenario } = scenarioInput(event);
  const { iterations, seed } = scenario.uncertainty;
  if (iterations > MAX_INLINE_ITERATIONS)
    throw problems.unprocessable(
      `${iterations} Monte Carlo iterations are more than a synchronous answer runs (${MAX_INLINE_ITERATIONS}); store the scenario and start a run (POST /v1/scenarios, then /v1/scenarios/{id}/runs), which fans out and reports progress`,
      '/uncertainty/iterations',
    );
  await loadLpSolver(); // core allocations (once per process)
  const central = simulate(scenario);
  const body = JSON.stringify(iterations > 0 ? monteCarloInProcess(central, scenario, iterations, seed) : central);
  // Deployed, a larger answer would fail inside Lambda and reach the caller as a gateway 5xx.
  if (process.env.AWS_LAMBDA_FUNCTION_NAME && Buffer.byteLength(body, 'utf8') > LAMBDA_RESPONSE_LIMIT_BYTES)
    throw problems.unprocessable(
      `the result of ${scenario.authorities.length} authorities is larger than a synchronous response can carry (6 MB); simulate fewer authorities, or store the scenario and run it`,
      '/authorities',
    );
  return jsonText(200, body);
};
export const handler = instrument(run);
