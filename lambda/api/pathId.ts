/** Ids taken from the request path: anything that is not a valid id is simply not found. */
import { idSchema } from '../engine/schema';
import type { ApiEvent } from './http';
import { problems } from './problem';

export function pathId(event: ApiEvent, name: 'id' | 'runId', what: string): string {
  const id = event.pathParameters?.[name] ?? '';
  if (!idSchema.safeParse(id).success) throw problems.notFound(what);
  return id;
}
