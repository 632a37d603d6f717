import { z } from 'zod';
import type { ApiEvent } from './http';
import { problems } from './problem';
import { fieldErrors } from './validation';
import { decodeCursor, encodeCursor } from './cursor';
import { workspaceParam } from './workspaceQuery';

export const listQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});

/** A list in a workspace (api/workspace.ts): its cursors are bound to the workspace's partition. */
export const workspaceListQuerySchema = listQuerySchema.extend(workspaceParam);

export async function listQuery(
  event: ApiEvent,
  owner: string,
  prefix: string,
): Promise<{ limit: number; afterSk?: string }> {
  const r = listQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!r.success) throw problems.validation(fieldErrors(r.error, ['query']), 'Invalid query');
  return pageFrom(r.data, owner, prefix);
}

/** Where a page starts: a validated list query's cursor checked against the owner it was issued to. */
export async function pageFrom(
  q: { limit: number; cursor?: string | undefined },
  owner: string,
  prefix: string,
): Promise<{ limit: number; afterSk?: string }> {
  return { limit: q.limit, ...(q.cursor ? { afterSk: await decodeCursor(owner, q.cursor, prefix) } : {}) };
}

export async function nextCursor(owner: string, lastSk: string | undefined): Promise<string | null> {
  return lastSk ? encodeCursor(owner, lastSk) : null;
}
