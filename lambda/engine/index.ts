/** The engine as a library: pure functions, no I/O. */
export { simulate, simulateModel, UnprocessableScenarioError, ENGINE_VERSION } from './simulate';
export type { SimulationResult, YearResult, AuthorityResult, BlockingCoalition } from './simulate';
export { compile } from './model';
export type { Model, AuthorityModel } from './model';
export { scenarioSchema, authoritySchema, LIMITS, ALLOCATION_METHODS, SHARED_SERVICES } from './schema';
export type { Scenario, ScenarioInput, AllocationMethod, Distribution } from './schema';
export { shapleyValues, blockingCoalitions } from './allocation/game';
export { nucleolus, leastCore } from './allocation/nucleolus';
export type { LeastCoreDetail } from './allocation/nucleolus';
export { loadLpSolver, LpSolverNotLoadedError } from './allocation/solver';
export { discountFactors } from './discount';
export { erlangB, erlangC, serviceLevel, agentsRequired, averageSpeedOfAnswer } from './erlang';
export { ASSUMPTIONS, GREEN_BOOK_SCHEDULE, OPTIMISM_BIAS } from './defaults';
export { KIND_PRESETS, KINDS, deriveProfile } from './kinds';
export { presets } from './presets';
