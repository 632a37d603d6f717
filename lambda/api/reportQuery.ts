import { z } from 'zod';
import { LIMITS } from '../engine/schema';
import { workspaceParam } from './workspaceQuery';

/** The report's query: page format and, for CSV, which authorities (a page keeps under Lambda's response limit). */
export const reportQuerySchema = z.strictObject({
  format: z.enum(['html', 'csv']).default('html'),
  offset: z.coerce.number().int().min(0).max(LIMITS.maxAuthorities).default(0),
  limit: z.coerce.number().int().min(1).max(LIMITS.maxAuthorities).optional(),
  ...workspaceParam,
});
export type ReportQuery = Omit<z.output<typeof reportQuerySchema>, 'workspace'>;
