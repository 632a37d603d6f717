/** A member's role in a shared workspace (api/workspace.ts says what each may do). Pure: the API's schemas load it. */
export const WORKSPACE_ROLES = ['owner', 'editor', 'viewer'] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];
