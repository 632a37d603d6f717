import { z } from 'zod';
import { ALLOCATION_METHODS, LIMITS } from '../engine/schema';
import { workspaceParam } from './workspaceQuery';

/** The optional body of POST /v1/scenarios/{id}/runs: overrides of the scenario's own settings. */
export const runRequestSchema = z.strictObject({
  iterations: z.int().min(0).max(LIMITS.maxIterations).optional(),
  seed: z
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
  allocation: z.enum(ALLOCATION_METHODS).optional(),
});

/** The query of GET /v1/runs/{runId}/result: the byte offset of a page, as a Link rel="next" gave it. */
export const resultQuerySchema = z.strictObject({
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .describe('Byte offset of a page, as given by the Link rel="next" of the previous page'),
  ...workspaceParam,
});
