/**
 * POST /v1/simulate: stateless; the body is a scenario (JSON, a register selection, or CSV), the
 * answer its result. The work runs on the local server's pool (in Lambda, in the function),
 * unless it is trivial; a scenario that asks for more than a request may compute is a 422
 * pointing at runs (api/tasks.ts).
 */
import { scenarioSchema } from '../../engine/schema';
import { simulateWorkMs, TRIVIAL_WORK_MS } from '../../jobs/estimate';
import { jsonOrCsvBodyText } from '../body';
import { compute } from '../compute';
import { currentTransfers } from '../deps';
import { jsonText, type RawHandler } from '../http';
import { instrument } from '../instrument';
import { simulateTask } from '../tasks';

export { MAX_INLINE_ITERATIONS } from '../tasks';

/** Bodies at most this long are looked at here to see whether their work is trivial. */
const TRIVIAL_BODY_CHARS = 16 * 1024;

/** Cheap to tell and cheap to do: small, and either invalid (the 400 costs nothing) or trivial work. */
function trivial(body: string): boolean {
  if (body.length > TRIVIAL_BODY_CHARS) return false;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return true;
  }
  // a register selection becomes its bodies: not known to be small until it is expanded
  if (value && typeof value === 'object' && 'register' in value) return false;
  const r = scenarioSchema.safeParse(value);
  return !r.success || simulateWorkMs(r.data) <= TRIVIAL_WORK_MS;
}

export const run: RawHandler = async (event) => {
  const { text, csv } = jsonOrCsvBodyText(event);
  // a result larger than a response goes by download when there is a store for it (api/delivery.ts)
  const bounded = currentTransfers() === undefined;
  const input = csv ? { body: text, csv, query: event.queryStringParameters ?? {}, bounded } : { body: text, bounded };
  return jsonText(200, await compute(simulateTask, input, !csv && trivial(text)));
};
export const handler = instrument(run);
