/**
 * A plan request may name its authorities by a register selection: `{ "register": {…},
 * "scenario": {…the usual fields, without authorities…}, "constraints": {…} }`. The selection
 * becomes the scenario's authorities here, before the request is validated and before the
 * planner sees it: the planner plans authorities, wherever they came from.
 */
import { problems } from './problem';
import { selectedAuthorities } from './scenarioInput';

/** Default name of a scenario planned from a selection alone. */
export const SELECTION_SCENARIO_NAME = 'Register selection';

export function expandPlanRegister(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value) || !('register' in value)) return value;
  const { register, scenario, ...rest } = value as Record<string, unknown>;
  if ('scenarioId' in rest)
    throw problems.validation(
      [{ path: '/scenarioId', message: 'give register (with scenario fields) or scenarioId, not both' }],
      'Invalid plan request',
    );
  const fields = scenario ?? { name: SELECTION_SCENARIO_NAME };
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields))
    throw problems.validation([{ path: '/scenario', message: 'must be an object' }], 'Invalid plan request');
  if ('authorities' in fields)
    throw problems.validation(
      [{ path: '/scenario/authorities', message: 'give register or scenario.authorities, not both' }],
      'Invalid plan request',
    );
  return { ...rest, scenario: { ...fields, authorities: selectedAuthorities(register, ['register']) } };
}
