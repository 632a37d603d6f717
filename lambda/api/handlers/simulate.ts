import { simulate } from '../../engine/simulate';
import { scenarioSchema } from '../../engine/schema';
import { json, parseBody, RawHandler } from '../http';
import { instrument } from '../instrument';

/** POST /v1/simulate: stateless; the body is a scenario, the answer its result. */
export const run: RawHandler = async (event) => {
  const scenario = parseBody(event, scenarioSchema, { title: 'Invalid scenario' });
  return json(200, simulate(scenario));
};
export const handler = instrument(run);
