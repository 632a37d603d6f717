/**
 * The `?workspace=` parameter every scenario, run, plan and report route takes (api/workspace.ts
 * resolves it), as a zod shape the routes' query schemas extend: declared once, so the OpenAPI
 * document lists it wherever a handler accepts it. Zod only: contracts.ts and the pool load it.
 */
import { z } from 'zod';
import { LIMITS } from '../engine/schema';

export const workspaceParam = {
  workspace: z
    .string()
    .regex(LIMITS.idPattern, { message: 'must be a workspace id (GET /v1/workspaces lists yours)' })
    .optional()
    .describe(
      'The workspace to act in (GET /v1/workspaces lists yours); default: your personal workspace. ' +
        'One you are not a member of is a 404',
    ),
};

/** The query of a route that takes nothing but the workspace. */
export const workspaceQuerySchema = z.strictObject(workspaceParam);
