/**
 * Item keys. Everything an owner has lives in the partition `O#<owner>`: every read and write
 * names that partition, so one owner's items cannot be reached through another (tenant
 * isolation by key design, not by filtering).
 */
export const pk = (owner: string) => `O#${owner}`;
export const scenarioSk = (id: string) => `SC#${id}`;
export const scenarioBodyPrefix = (id: string, version: number) => `SB#${id}#${pad(version, 8)}#`;
export const scenarioBodiesOf = (id: string) => `SB#${id}#`;
export const runSk = (runId: string) => `RN#${runId}`;
export const runInputPrefix = (runId: string) => `RI#${runId}#`;
export const runResultPrefix = (runId: string) => `RR#${runId}#`;
export const runPartialPrefix = (runId: string) => `RP#${runId}#`;
export const scenarioRunSk = (scenarioId: string, runId: string) => `SR#${scenarioId}#${runId}`;
export const scenarioRunsPrefix = (scenarioId: string) => `SR#${scenarioId}#`;
export const idempotencySk = (key: string) => `IK#${key}`;
export const SCENARIO_PREFIX = 'SC#';

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
