/**
 * The partnership planner's request: which authorities (inline, or a stored scenario's) and
 * the constraints a grouping must respect. One zod source for validation and the OpenAPI document.
 */
import { z } from 'zod';
import { idSchema, scenarioSchema } from '../engine/schema';

/**
 * Largest partnership the planner forms. Up to 16 members a partnership's split is checked
 * against every group; above, it is shared by separable costs (individually rational exactly)
 * with group stability as evidence. Real consortia have 80 to 3,000 members.
 */
export const MAX_PARTNERSHIP_SIZE = 5000;
/**
 * Default size limit, from what saves most on the synthetic nation (seed 1, 10 years;
 * BENCHMARKS.md). 2,000 bodies: the total saving rises with the limit up to 200 (12: £495m,
 * 20: £525m, 50: £545m, 100: £560m, 200: £573m, its largest partnership 168 members) and is the
 * same above. 25,000 bodies: £7.60bn at 500 (the largest partnership capped at 500), £7.70bn at
 * 2,000 (the largest 1,631), in the same time: partnerships are valued incrementally.
 */
export const DEFAULT_PARTNERSHIP_SIZE = 2000;
/** Inline authorities planned within the request; more run as a job from a stored scenario. */
export const MAX_INLINE_PLAN_AUTHORITIES = 2000;

/** A group of distinct ids: the same authority twice in one group is a mistake, never a constraint. */
const idGroup = z
  .array(idSchema)
  .min(2)
  .max(MAX_PARTNERSHIP_SIZE)
  .superRefine((g, ctx) => {
    const first = new Map<string, number>();
    g.forEach((id, i) => {
      const at = first.get(id);
      if (at !== undefined)
        ctx.addIssue({ code: 'custom', message: `"${id}" is already in this group (at ${at})`, path: [i] });
      else first.set(id, i);
    });
  });

/**
 * `together` groups that share a member are one partnership: a chain [a, b], [b, c], … holds
 * them all. Each joined group must fit `maxSize`, or the planner would form (and report as not
 * forced) a partnership larger than the constraints allow.
 */
function checkTogether(c: { maxSize: number; together: readonly (readonly string[])[] }, ctx: z.RefinementCtx): void {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    let y = x;
    while (parent.get(y) !== r) {
      const next = parent.get(y)!;
      parent.set(y, r);
      y = next;
    }
    return r;
  };
  for (const g of c.together) for (const id of g) if (!parent.has(id)) parent.set(id, id);
  for (const g of c.together) for (const id of g.slice(1)) parent.set(find(id), find(g[0]!));
  const size = new Map<string, number>();
  for (const id of parent.keys()) size.set(find(id), (size.get(find(id)) ?? 0) + 1);
  const reported = new Set<string>();
  c.together.forEach((g, k) => {
    const root = find(g[0]!);
    const n = size.get(root)!;
    if (n > c.maxSize && !reported.has(root)) {
      reported.add(root);
      ctx.addIssue({
        code: 'custom',
        message:
          `together groups that share members join into one partnership of ${n}, more than maxSize ` + `(${c.maxSize})`,
        path: ['together', k],
      });
    }
  });
}

export const planConstraintsSchema = z
  .strictObject({
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
  })
  .superRefine(checkTogether);
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
        message:
          `at most ${MAX_INLINE_PLAN_AUTHORITIES} authorities inline; store the scenario and plan it by ` +
          `scenarioId (a job)`,
        path: ['scenario', 'authorities'],
      });
  });
export type PlanRequest = z.output<typeof planRequestSchema>;
