import { simulate } from '../../engine/simulate';
import { scenarioSchema } from '../../engine/schema';
import { BASE_HEADERS, parseBody, RawHandler } from '../http';
import { instrument } from '../instrument';
import { problems } from '../problem';

/** Lambda's limit on a synchronous response; the local server has none. */
export const LAMBDA_RESPONSE_LIMIT_BYTES = 6 * 1024 * 1024 - 1024;

/** POST /v1/simulate: stateless; the body is a scenario, the answer its result. */
export const run: RawHandler = async (event) => {
  const scenario = parseBody(event, scenarioSchema, { title: 'Invalid scenario' });
  const body = JSON.stringify(simulate(scenario));
  // Deployed, a larger answer would fail inside Lambda and reach the caller as a gateway 5xx.
  if (process.env.AWS_LAMBDA_FUNCTION_NAME && Buffer.byteLength(body, 'utf8') > LAMBDA_RESPONSE_LIMIT_BYTES)
    throw problems.unprocessable(
      `the result of ${scenario.authorities.length} authorities is larger than a synchronous response can carry (6 MB); simulate fewer authorities, or store the scenario and run it`,
      '/authorities',
    );
  return { statusCode: 200, headers: { ...BASE_HEADERS, 'content-type': 'application/json; charset=utf-8' }, body };
};
export const handler = instrument(run);
