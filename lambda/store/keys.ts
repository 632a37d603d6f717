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
