import { z } from 'zod';
import type { ApiEvent } from './http';
import { problems } from './problem';
import { fieldErrors } from './validation';
import { decodeCursor, encodeCursor } from './cursor';

export const listQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});

export async function listQuery(
  event: ApiEvent,
  owner: string,
  prefix: string,
): Promise<{ limit: number; afterSk?: string }> {
  const r = listQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!r.success) throw problems.validation(fieldErrors(r.error, ['query']), 'Invalid query');
  return {
    limit: r.data.limit,
    ...(r.data.cursor ? { afterSk: await decodeCursor(owner, r.data.cursor, prefix) } : {}),
  };
}

export async function nextCursor(owner: string, lastSk: string | undefined): Promise<string | null> {
  return lastSk ? encodeCursor(owner, lastSk) : null;
}
