/** Every task by name, for the pool's threads: the handlers' heavy halves and the runs' steps. */
import { ALL_TASKS } from '../api/tasks';
import type { Task } from '../jobs/offload';

export const TASKS: ReadonlyMap<string, Task<unknown, unknown>> = new Map(
  ALL_TASKS.map((t) => [t.name, t as unknown as Task<unknown, unknown>]),
);
