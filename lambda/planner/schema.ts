/**
 * The partnership planner's request: which authorities (inline, or a stored scenario's) and
 * the constraints a grouping must respect. One zod source for validation and the OpenAPI document.
 */
import { z } from 'zod';
import { idSchema, scenarioSchema } from '../engine/schema';

/**
 * Largest partnership the planner forms. Up to 20 members a partnership's split is checked
 * against every group; above, it is shared by separable costs (individually rational exactly)
 * with group stability as evidence. Real consortia have 80 to 3,000 members.
 */
export const MAX_PARTNERSHIP_SIZE = 5000;
/**
 * Default size limit. Kept at 12 for now: at 500 the search on a 2,000-body nation did not
 * finish in six minutes (every candidate is re-valued from its member list), so a larger
 * default waits for incremental valuation of large partnerships.
 */
export const DEFAULT_PARTNERSHIP_SIZE = 12;
/** Inline authorities planned within the request; more run as a job from a stored scenario. */
export const MAX_INLINE_PLAN_AUTHORITIES = 2000;

const idGroup = z.array(idSchema).min(2).max(MAX_PARTNERSHIP_SIZE);

export const planConstraintsSchema = z.strictObject({
  maxSize: z
    .int()
    .min(2)
    .max(MAX_PARTNERSHIP_SIZE)
    .default(DEFAULT_PARTNERSHIP_SIZE)
    .describe('Most members in one partnership'),
  maxDistanceKm: z
    .number()
    .positive()
    .max(40000)
    .optional()
    .describe('Most kilometres between any two members (authorities without a location are exempt)'),
  maxHubDistanceKm: z
    .number()
    .positive()
    .max(40000)
    .optional()
    .describe("Most kilometres from any member to its partnership's hub (the members' staff-weighted centre)"),
  sameRegion: z.boolean().default(false).describe('Only authorities of the same `region` share'),
  together: z.array(idGroup).max(1000).default([]).describe('Groups that must be in one partnership'),
  apart: z.array(idGroup).max(1000).default([]).describe('Groups no two of which may share'),
});
export type PlanConstraints = z.output<typeof planConstraintsSchema>;

export const planRequestSchema = z
  .strictObject({
    scenarioId: idSchema.optional().describe('Plan the authorities of this stored scenario (its latest version)'),
    scenario: scenarioSchema
      .optional()
      .describe('Or plan these authorities, with these services, assumptions and horizon'),
    constraints: planConstraintsSchema.prefault({}),
  })
  .superRefine((r, ctx) => {
    if ((r.scenarioId === undefined) === (r.scenario === undefined))
      ctx.addIssue({
        code: 'custom',
        message: 'give exactly one of scenarioId and scenario',
        path: [r.scenario ? 'scenarioId' : 'scenario'],
      });
    if (r.scenario && r.scenario.authorities.length > MAX_INLINE_PLAN_AUTHORITIES)
      ctx.addIssue({
        code: 'custom',
        message: `at most ${MAX_INLINE_PLAN_AUTHORITIES} authorities inline; store the scenario and plan it by scenarioId (a job)`,
        path: ['scenario', 'authorities'],
      });
  });
export type PlanRequest = z.output<typeof planRequestSchema>;
