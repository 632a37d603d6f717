import { z } from 'zod';
import { ALLOCATION_METHODS, LIMITS } from '../engine/schema';

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
