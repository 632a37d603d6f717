/** The query of GET /v1/register: the selection of a scenario or plan, as query parameters, and paging. */
import { z } from 'zod';

const list = z
  .string()
  .max(4000)
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

export const registerQuerySchema = z.strictObject({
  nation: list.optional().describe('Nations, comma-separated: England, Wales, Scotland, Northern Ireland'),
  region: list.optional().describe('Regions, comma-separated, as the register names them (e.g. North West)'),
  kinds: list.optional().describe('Kinds, comma-separated: council, police, fire, health'),
  tiers: list.optional().describe('Tiers, comma-separated (see GET /v1/presets); other kinds are unaffected'),
  codes: list.optional().describe('Official codes, comma-separated'),
  near: z
    .string()
    .regex(/^-?\d+(\.\d+)?,-?\d+(\.\d+)?$/, { message: 'must be lat,lon' })
    .optional()
    .describe('lat,lon of a point; with radiusKm'),
  radiusKm: z.coerce.number().positive().max(1500).optional().describe('Kilometres around near'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
  format: z.enum(['json', 'csv']).default('json').describe('csv: the selected bodies as a CSV of authorities'),
});
