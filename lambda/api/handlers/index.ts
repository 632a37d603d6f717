import type { RawHandler } from '../http';
import type { HandlerName } from '../routes';
import * as health from './health';
import * as openapi from './openapi';
import * as presets from './presets';
import * as plans from './plans';
import * as register from './register';
import * as reports from './reports';
import * as runs from './runs';
import * as scenarios from './scenarios';
import * as simulate from './simulate';
import * as workspaces from './workspaces';

/** The raw handlers by name, for the local server and tests. */
export const RAW_HANDLERS: Readonly<Record<HandlerName, RawHandler>> = {
  health: health.run,
  presets: presets.run,
  openapi: openapi.run,
  simulate: simulate.run,
  scenarios: scenarios.run,
  runs: runs.run,
  reports: reports.run,
  plans: plans.run,
  register: register.run,
  workspaces: workspaces.run,
};
