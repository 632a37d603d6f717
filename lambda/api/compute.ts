/**
 * Where a handler's heavy half runs: in this thread when it is trivial (or in Lambda, one
 * request per process), else on the deps' offload (the local server's pool) with the request's
 * signal and deadline. Pool pressure becomes a problem the client can act on: busy is a 503
 * with Retry-After, work stopped at the deadline a 422 that points at runs.
 */
import { DeadlineExceededError, inProcess, PoolBusyError, type Task } from '../jobs/offload';
import { currentOffload } from './deps';
import { problems } from './problem';
import { requestContext } from './requestContext';

/**
 * Bodies up to this size are parsed and validated on the event loop (tens of milliseconds at
 * most, a thread hop saved); larger ones, up to the 6 MB limit, on the pool.
 */
export const MAIN_THREAD_BODY_CHARS = 512 * 1024;

export async function compute<I, O>(t: Task<I, O>, input: I, trivial = false): Promise<O> {
  const offload = currentOffload();
  if (trivial || offload === inProcess) return inProcess.run(t, input);
  const { signal, deadline } = requestContext();
  try {
    return await offload.run(t, input, {
      priority: 'interactive',
      ...(signal ? { signal } : {}),
      ...(deadline !== undefined ? { deadline } : {}),
    });
  } catch (e) {
    if (e instanceof DeadlineExceededError)
      throw problems.tooMuchWork(
        `${e.message}: a request may compute for at most that long; store the scenario and start a run, which has no ` +
          `such limit`,
        '',
      );
    if (e instanceof PoolBusyError)
      throw problems.busy(
        e.retryAfterSeconds,
        'every worker is busy computing (or the request waited past its deadline); retry shortly',
      );
    throw e;
  }
}
