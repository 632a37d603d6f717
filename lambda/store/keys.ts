/**
 * Item keys. Everything an owner has lives in the partition `O#<owner>`: every read and write
 * names that partition, so one owner's items cannot be reached through another (tenant
 * isolation by key design, not by filtering).
 */
export const pk = (owner: string) => `O#${owner}`;
export const scenarioSk = (id: string) => `SC#${id}`;
export const scenarioBodyPrefix = (id: string, version: number) => `SB#${id}#${pad(version, 8)}#`;
export const scenarioBodiesOf = (id: string) => `SB#${id}#`;
/**
 * A run lives in a partition of its own, `RUN#<runId>` (issue 17): its record (with its owner, which
 * every read and write of it checks), its input, its result and its Monte Carlo partials. Fifty
 * chunks writing at once then share the run's partition, not the owner's, and one owner's runs
 * spread over as many partitions as there are runs. The owner's partition keeps a pointer
 * (`SR#<scenario>#<run>`) from the scenario to each of its runs.
 */
export const runPk = (runId: string) => `RUN#${runId}`;
export const RUN_PK_PREFIX = 'RUN#';
export const RUN_RECORD_SK = 'RN';
export const RUN_INPUT_PREFIX = 'RI#';
export const runResultPrefix = (token: string) => `RR#${token}#`;
export const RUN_RESULT_PREFIX = 'RR#';
export const RUN_PARTIAL_PREFIX = 'RP#';
export const scenarioRunSk = (scenarioId: string, runId: string) => `SR#${scenarioId}#${runId}`;
export const scenarioRunsPrefix = (scenarioId: string) => `SR#${scenarioId}#`;
export const idempotencySk = (key: string) => `IK#${key}`;
export const SCENARIO_PREFIX = 'SC#';
/**
 * Workspaces (issue 17). A partition is a workspace: a caller's personal workspace is their
 * owner partition `O#<owner>` (so data stored before workspaces needs no migration), and a
 * shared workspace's is `O#workspace:<id>`, a name no owner can have (identity.ts derives
 * owners starting `arn:`, `sso:`, `role:`, `jwt:`, `local:`, or an IAM unique id). Everything
 * above (scenarios, their bodies, run pointers) lives in it the same way, and its runs name it
 * as their owner. Its record `WS` (name, version and the members with their roles, one item so
 * that "never remove the last owner" is one conditional write) is in it too; each member's own
 * partition keeps a pointer `MW#<id>` to it, so a caller's workspaces are one query.
 */
export const WORKSPACE_OWNER_PREFIX = 'workspace:';
export const workspaceOwner = (workspaceId: string) => `${WORKSPACE_OWNER_PREFIX}${workspaceId}`;
export const WORKSPACE_SK = 'WS';
export const memberPointerSk = (workspaceId: string) => `MW#${workspaceId}`;
export const MEMBER_POINTER_PREFIX = 'MW#';

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * Time-sortable ids (newest last in key order, so a descending query lists newest first):
 * milliseconds in base 36, then randomness.
 */
export function newId(now: number, random: () => string): string {
  return `${now.toString(36).padStart(9, '0')}${random()}`;
}
