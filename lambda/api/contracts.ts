/**
 * What each route takes, by the names the route table gives (routes.ts is pure data, loaded by
 * CDK): the zod schemas of bodies and queries. The handlers validate with these same schemas and
 * the OpenAPI document (openapi.ts) is generated from them, so the two cannot drift; a name
 * without a schema is a type error here.
 */
import type { z } from 'zod';
import { scenarioSchema } from '../engine/schema';
import { planRequestSchema } from '../planner/schema';
import { listQuerySchema, workspaceListQuerySchema } from './pagination';
import { registerQuerySchema } from './registerQuery';
import { reportLinkRequestSchema } from './reportLinks';
import { reportQuerySchema } from './reportQuery';
import type { BodyName, QueryName } from './routes';
import { resultQuerySchema, runRequestSchema } from './runRequest';
import { csvQuerySchema, scenarioQuerySchema, uploadRefSchema, workspaceCsvQuerySchema } from './scenarioInput';
import { memberRequestSchema, workspaceRequestSchema } from './workspaceRequest';
import { workspaceQuerySchema } from './workspaceQuery';

export const QUERY_SCHEMAS = {
  list: listQuerySchema,
  workspace: workspaceQuerySchema,
  workspaceList: workspaceListQuerySchema,
  scenarioCsv: csvQuerySchema,
  workspaceCsv: workspaceCsvQuerySchema,
  scenarioFormat: scenarioQuerySchema,
  register: registerQuerySchema,
  report: reportQuerySchema,
  result: resultQuerySchema,
} as const satisfies Record<QueryName, z.ZodType>;

/** JSON bodies (a scenario may also come as a register selection or text/csv: openapi.ts says so). */
export const BODY_SCHEMAS = {
  scenario: scenarioSchema,
  scenarioOrUpload: scenarioSchema.or(uploadRefSchema),
  run: runRequestSchema,
  plan: planRequestSchema,
  reportLink: reportLinkRequestSchema,
  workspace: workspaceRequestSchema,
  member: memberRequestSchema,
} as const satisfies Record<BodyName, z.ZodType>;
