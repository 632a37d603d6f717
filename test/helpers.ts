import fs from 'node:fs';
import path from 'node:path';
import { type Assumptions, defaultAssumptions } from '../lambda/engine/defaults';
import { type Scenario, type ScenarioInput, scenarioSchema } from '../lambda/engine/schema';

export function assumptions(over: Partial<Assumptions> = {}): Assumptions {
  return { ...defaultAssumptions(), ...over };
}

export function scenario(input: ScenarioInput): Scenario {
  return scenarioSchema.parse(input);
}

export const EXAMPLES_DIR = path.join(__dirname, '..', 'examples');
export function example(name: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${name}.json`), 'utf8'));
}

/** Assumptions that switch off the one-off and partnership costs, to isolate a service. */
export const NO_PARTNERSHIP_COSTS = {
  governanceCost: 0,
  governancePerUser: 0,
  governanceFloor: 0,
  transitionYears: 0,
  migrationPerServer: 0,
  migrationPerTb: 0,
  cutoverPerSite: 0,
  onboardingPerUser: 0,
  onboardingFloor: 0,
  redundancyMultiple: 0,
  dualRunningMonths: 0,
  legacyExitPerUser: 0,
  legacyExitFloor: 0,
  deskImplementation: 0,
  platformBuildCost: 0,
  facilityFitOutPerModule: 0,
  benefitsRealisation: 1,
  benefitsRampYears: 0,
  storageGrowth: 0,
  ticketGrowth: 0,
  contactGrowth: 0,
  serverGrowth: 0,
  rpeStaff: 0,
  rpeHardware: 0,
  rpeStorage: 0,
  rpeEnergy: 0,
} as const;

export const closeTo = (actual: number, expected: number, rel = 1e-9) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));

/** A DynamoDB throttling error as the SDK raises it (retryable). */
export const throttle = () =>
  Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
