/**
 * The register of UK public bodies (data/register/uk-public-bodies.json, derived from public
 * extracts by scripts/build-register.ts): loading it and selecting from it. Pure: the JSON is
 * bundled with whichever Lambda imports this module (esbuild inlines the require), nothing is read
 * from disk at run time, and nothing here knows about HTTP.
 */
import { z } from 'zod';
import { distanceKm } from '../engine/geo';
import { type AuthorityInput, idSchema } from '../engine/schema';
import { TIERS, type Tier } from '../engine/kinds';
import { REGISTER_KINDS, type RegisterBody, type RegisterFile } from './types';

export type { Provenance, RegisterBody, RegisterFile, RegisterKind } from './types';
export { REGISTER_KINDS } from './types';

let cached: RegisterFile | undefined;

/** The committed register, loaded once. */
export function register(): RegisterFile {
  // A plain require keeps tsc from typing a megabyte of JSON; esbuild and jest resolve it alike.
  cached ??= require('../../data/register/uk-public-bodies.json') as RegisterFile;
  return cached;
}

let byId: Map<string, RegisterBody> | undefined;
export function registerBody(id: string): RegisterBody | undefined {
  byId ??= new Map(register().bodies.map((b) => [b.id, b]));
  return byId.get(id);
}

/** Most codes one selection may name. */
export const MAX_SELECTION_CODES = 2000;

const names = z.union([z.string().min(1).max(100), z.array(z.string().min(1).max(100)).min(1).max(50)]);

/** Which bodies: every filter given must hold (codes, if given, are added to nothing: they are a filter too). */
export const selectionSchema = z
  .strictObject({
    nation: names.optional().describe('England, Wales, Scotland or Northern Ireland (one or a list)'),
    region: names
      .optional()
      .describe('A region as the register names it, e.g. "North West" or "Wales" (one or a list)'),
    kinds: z.array(z.enum(REGISTER_KINDS)).min(1).max(4).optional().describe('council, police, fire, health'),
    tiers: z
      .array(z.enum(TIERS as [Tier, ...Tier[]]))
      .min(1)
      .max(TIERS.length)
      .optional()
      .describe('Council or health tiers; bodies of other kinds are unaffected'),
    codes: z
      .array(idSchema)
      .min(1)
      .max(MAX_SELECTION_CODES)
      .optional()
      .describe('Official codes (GSS, E23/W15, E31, ODS)'),
    near: z
      .strictObject({
        lat: z.number().min(49).max(61),
        lon: z.number().min(-9).max(2),
        radiusKm: z.number().positive().max(1500),
      })
      .optional()
      .describe('Bodies located within radiusKm of a point'),
  })
  .describe('A selection of bodies from the register of UK public bodies (GET /v1/register)');
export type Selection = z.infer<typeof selectionSchema>;

/** A selection that names something the register does not have. */
export class SelectionError extends Error {
  constructor(readonly problems: readonly { path: (string | number)[]; message: string }[]) {
    super(problems.map((p) => p.message).join('; '));
    this.name = 'SelectionError';
  }
}

const list = (x: string | string[] | undefined) => (x === undefined ? undefined : typeof x === 'string' ? [x] : x);
const fold = (s: string) => s.trim().toLowerCase();

/** The bodies a selection names, in register order (kind, then code). Unknown names and codes are errors. */
export function selectBodies(sel: Selection, bodies: readonly RegisterBody[] = register().bodies): RegisterBody[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const known = (field: 'nation' | 'region', wanted: string[] | undefined) => {
    if (!wanted) return undefined;
    const all = new Map(bodies.map((b) => [fold(b[field]), b[field]]));
    wanted.forEach((w, i) => {
      if (!all.has(fold(w)))
        problems.push({
          path: typeof sel[field] === 'string' ? [field] : [field, i],
          message: `no ${field} "${w}" in the register (it has ${[...new Set(all.values())].sort().join(', ')})`,
        });
    });
    return new Set(wanted.map(fold));
  };
  const nations = known('nation', list(sel.nation));
  const regions = known('region', list(sel.region));
  const codes = sel.codes ? new Set(sel.codes) : undefined;
  if (sel.codes) {
    const ids = new Set(bodies.map((b) => b.id));
    sel.codes.forEach((c, i) => {
      if (!ids.has(c)) problems.push({ path: ['codes', i], message: `no body with code ${c} in the register` });
    });
  }
  if (problems.length > 0) throw new SelectionError(problems);
  const kinds = sel.kinds ? new Set<string>(sel.kinds) : undefined;
  const tiers = sel.tiers ? new Set<string>(sel.tiers) : undefined;
  const tiered = new Set(bodies.filter((b) => b.tier && tiers?.has(b.tier)).map((b) => b.kind));
  return bodies.filter(
    (b) =>
      (!nations || nations.has(fold(b.nation))) &&
      (!regions || regions.has(fold(b.region))) &&
      (!kinds || kinds.has(b.kind)) &&
      // a tier filter narrows the kinds it names tiers of, and leaves the others alone
      (!tiers || !tiered.has(b.kind) || (b.tier !== undefined && tiers.has(b.tier))) &&
      (!codes || codes.has(b.id)) &&
      (!sel.near || distanceKm(sel.near, b.location) <= sel.near.radiusKm),
  );
}

/** A register body as a scenario's authority: its code, name, kind, tier, staff, location and region. */
export function toAuthority(b: RegisterBody): AuthorityInput {
  return {
    id: b.id,
    name: b.name,
    kind: b.kind,
    ...(b.tier ? { tier: b.tier } : {}),
    staff: b.staff,
    location: { lat: b.location.lat, lon: b.location.lon },
    region: b.region,
  };
}
