/** The bodies of the workspace routes (api/handlers/workspaces.ts). */
import { z } from 'zod';
import { WORKSPACE_ROLES } from '../store/roles';

/** POST /v1/workspaces. */
export const workspaceRequestSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).describe("The workspace's name, e.g. the partnership's"),
});

/** PUT /v1/workspaces/{id}/members/{principal}. */
export const memberRequestSchema = z.strictObject({
  role: z
    .enum(WORKSPACE_ROLES)
    .describe('viewer: reads; editor: also creates, edits, runs and deletes; owner: also manages members'),
});
