/**
 * A pool thread (pool.ts): runs the tasks it is sent, one at a time, with the very same
 * functions the handlers and jobs call in process, and answers with the output or the error.
 */
import { parentPort } from 'node:worker_threads';
import { TASKS } from './tasks';
import { serializeError } from './taskErrors';

interface TaskMessage {
  readonly id: number;
  readonly name: string;
  readonly input: unknown;
}

parentPort!.on('message', async (m: TaskMessage) => {
  const t = TASKS.get(m.name);
  try {
    if (!t) throw new Error(`no task named ${m.name}`);
    const output = await t.run(m.input, {
      progress: (done, total) => parentPort!.postMessage({ id: m.id, progress: [done, total] }),
    });
    parentPort!.postMessage({ id: m.id, output }, t.transfer?.(output) ?? []);
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: serializeError(e) });
  }
});
