/**
 * GET /v1/health: liveness, answered at once from what the process already knows (never a
 * computation or a store request): `ok`, or `degraded` with the checks that say why (the local
 * server's store cannot write, its worker pool is saturated). Still 200 when degraded: the
 * process is alive and serves what it can; the body says what is wrong.
 */
import { ENGINE_VERSION } from '../../engine/simulate';
import { healthReport } from '../deps';
import { json, type RawHandler } from '../http';
import { instrument } from '../instrument';

export const run: RawHandler = async () => {
  const h = healthReport();
  return json(200, { status: h?.status ?? 'ok', version: ENGINE_VERSION, ...(h ? { checks: h.checks } : {}) });
};
export const handler = instrument(run);
