/**
 * The scenario schema: one zod source that validates requests, types the engine's input
 * and generates the OpenAPI document. Limits are those of docs/api.md.
 *
 * Long because it is the one zod source of the scenario (authorities, profiles, assumptions and their
 * distributions, policies, sharing, uncertainty): requests and the OpenAPI document are both generated from it.
 */
import { z } from 'zod';
import {
  ASSUMPTIONS,
  ASSUMPTION_KEYS,
  type AssumptionKey,
  type AssumptionSpec,
  DEFAULT_OPTIMISM_POINT,
  OPTIMISM_BIAS,
  type ProjectType,
} from './defaults';
import { ASSISTED_CHANNELS, CHANNELS, KINDS, SPECIALIST_ROLES, type Tier, TIERS, TIERS_BY_KIND } from './kinds';
import {
  BACK_OFFICE_SERVICES,
  DELIVERY_MODELS,
  MEMBERSHIP_TIERS,
  SHARED_SERVICES,
  type SharedService,
} from './services/types';

function tierBelongsTo(kind: string, tier: string): boolean {
  const tiers = (TIERS_BY_KIND as Readonly<Record<string, readonly string[]>>)[kind];
  return tiers?.includes(tier) === true;
}

export const LIMITS = {
  maxAuthorities: 30000,
  minHorizonYears: 1,
  maxHorizonYears: 60,
  maxIterations: 1_000_000,
  maxBodyBytes: 6 * 1024 * 1024,
  idPattern: /^[A-Za-z0-9._-]{1,64}$/,
} as const;

const finite = () => z.number();
const nonNegative = () => finite().nonnegative();

// ---- distributions -------------------------------------------------------------------------

function boundedNumber(s: AssumptionSpec) {
  let n = finite().min(s.min, { message: `must be at least ${s.min}` });
  if (s.max !== undefined) n = n.max(s.max, { message: `must be at most ${s.max}` });
  return n;
}

const minModeMax = (n: z.ZodNumber) =>
  z
    .strictObject({ min: n, mode: n, max: n })
    .refine((d) => d.min <= d.mode, { message: 'min must not exceed mode', path: ['mode'] })
    .refine((d) => d.mode <= d.max, { message: 'mode must not exceed max', path: ['max'] })
    .refine((d) => d.min < d.max, { message: 'min must be less than max', path: ['max'] });

/** A distribution for one assumption, its parameters checked against the assumption's bounds. */
function distributionSchema(s: AssumptionSpec) {
  const n = boundedNumber(s);
  const tri = minModeMax(n);
  return z
    .discriminatedUnion('dist', [
      z.strictObject({ dist: z.literal('triangular'), min: n, mode: n, max: n }),
      z.strictObject({ dist: z.literal('pert'), min: n, mode: n, max: n }),
      z.strictObject({ dist: z.literal('uniform'), min: n, max: n }),
      z.strictObject({ dist: z.literal('normal'), mean: n, sd: finite().positive() }),
      z.strictObject({ dist: z.literal('lognormal'), mean: finite().positive(), sd: finite().positive() }),
    ])
    .superRefine((d, ctx) => {
      if (d.dist === 'triangular' || d.dist === 'pert') {
        const r = tri.safeParse({ min: d.min, mode: d.mode, max: d.max });
        if (!r.success)
          for (const i of r.error.issues) ctx.addIssue({ code: 'custom', message: i.message, path: i.path });
      } else if (d.dist === 'uniform' && !(d.min < d.max)) {
        ctx.addIssue({ code: 'custom', message: 'min must be less than max', path: ['max'] });
      } else if (d.dist === 'lognormal' && (d.mean < s.min || (s.max !== undefined && d.mean > s.max))) {
        ctx.addIssue({ code: 'custom', message: `mean must lie within [${s.min}, ${s.max ?? 'inf'}]`, path: ['mean'] });
      }
    });
}
export type Distribution =
  | { dist: 'triangular' | 'pert'; min: number; mode: number; max: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'normal' | 'lognormal'; mean: number; sd: number };
export type Uncertain = number | Distribution;

function uncertainSchema(s: AssumptionSpec) {
  return z
    .union([boundedNumber(s), distributionSchema(s)])
    .describe(`${s.description} (${s.unit}). Default ${s.value}. Source: ${s.source}`);
}

// ---- assumptions: built from the defaults registry, dotted keys become nested objects ----------

const discountScheduleSchema = z.union([
  finite().min(0).max(0.5).describe('A flat discount rate'),
  z
    .array(z.strictObject({ fromYear: z.int().min(0).max(200), rate: finite().min(0).max(0.5) }))
    .min(1)
    .max(20)
    .refine((b) => b[0]?.fromYear === 0, { message: 'the first band must start at year 0', path: [0, 'fromYear'] })
    .refine((b) => b.every((x, i) => i === 0 || x.fromYear > (b[i - 1]?.fromYear ?? -1)), {
      message: 'bands must start in increasing years',
    }),
]);

const optimismBiasSchema = z.strictObject({
  projectType: z.enum(Object.keys(OPTIMISM_BIAS) as [ProjectType, ...ProjectType[]]).default('equipment/development'),
  point: finite()
    .min(0)
    .max(1)
    .default(DEFAULT_OPTIMISM_POINT)
    .describe('0 = lower bound, 1 = upper bound; default puts the capital uplift at the evidence (about +40 %)'),
});

function buildAssumptionsSchema() {
  const top: Record<string, z.ZodType> = {};
  const groups: Record<string, Record<string, z.ZodType>> = {};
  for (const key of ASSUMPTION_KEYS) {
    const s = uncertainSchema(ASSUMPTIONS[key]).optional();
    const [group, leaf] = key.split('.') as [string, string | undefined];
    if (leaf === undefined) top[group] = s;
    else {
      groups[group] ??= {};
      groups[group]![leaf] = s;
    }
  }
  for (const [g, fields] of Object.entries(groups)) top[g] = z.strictObject(fields).optional();
  top.discountSchedule = discountScheduleSchema.optional();
  top.optimismBias = optimismBiasSchema.optional();
  return z.strictObject(top);
}

type Nested<K extends string> = K extends `${infer G}.${string}` ? G : never;
type Leaf<K extends string, G extends string> = K extends `${G}.${infer L}` ? L : never;
type FlatKeys = Exclude<AssumptionKey, `${string}.${string}`>;
type GroupKeys = Nested<AssumptionKey>;
export type AssumptionsInput = { [K in FlatKeys]?: Uncertain } & {
  [G in GroupKeys]?: { [L in Leaf<AssumptionKey, G>]?: Uncertain };
} & {
  discountSchedule?: number | { fromYear: number; rate: number }[];
  optimismBias?: { projectType: ProjectType; point: number };
};
export const assumptionsSchema = buildAssumptionsSchema() as unknown as z.ZodType<AssumptionsInput, AssumptionsInput>;

// ---- authorities ---------------------------------------------------------------------------

export const idSchema = z
  .string()
  .regex(LIMITS.idPattern, { message: 'must be 1 to 64 letters, digits, ".", "_" or "-"' });

/**
 * Upper bounds of profile figures: well past the largest public body (a national police
 * service has about 10⁴ servers and 10⁶ tickets a year; a national benefits agency 10⁸
 * contacts), and far enough below what doubles can hold that no cost built on them
 * overflows. Past them the model means nothing; every result is also checked finite (finite.ts).
 */
export const PROFILE_MAX = {
  servers: 1e7,
  serverRooms: 1e5,
  storageTb: 1e9,
  sites: 1e6,
  ticketsPerYear: 1e10,
  specialists: 1e5,
  contacts: 1e10,
} as const;

const atMost = (max: number) => nonNegative().max(max, { message: `must be at most ${max}` });

const profileSchema = z.strictObject({
  servers: atMost(PROFILE_MAX.servers).optional(),
  serverRooms: atMost(PROFILE_MAX.serverRooms).optional(),
  storageTb: atMost(PROFILE_MAX.storageTb).optional(),
  sites: atMost(PROFILE_MAX.sites).optional(),
  ticketsPerYear: atMost(PROFILE_MAX.ticketsPerYear).optional(),
  needs24x7: z.boolean().optional(),
  specialists: z
    .strictObject(Object.fromEntries(SPECIALIST_ROLES.map((r) => [r, atMost(PROFILE_MAX.specialists).optional()])))
    .optional(),
  contacts: z
    .strictObject(Object.fromEntries(CHANNELS.map((c) => [c, atMost(PROFILE_MAX.contacts).optional()])))
    .optional(),
  fixedCostScale: nonNegative().max(100).optional(),
  linkKm: nonNegative().max(40000).optional(),
  users: nonNegative().optional().describe('IT users (default: staff)'),
  devices: nonNegative().optional().describe('End-user devices (default: the preset per staff)'),
  devicePrice: nonNegative().optional().describe('Price of one end-user device, GBP'),
  circuitPrice: nonNegative().optional().describe("One site's circuit bought alone, GBP a year"),
  licencePerUser: nonNegative().optional().describe('Commodity licences per user, GBP a year'),
  appsPerUser: nonNegative().optional().describe('Line-of-business applications per user, GBP a year'),
  itManagement: z.boolean().optional().describe('Whether the body has IT management of its own'),
  invoicesPerYear: nonNegative().optional().describe('Supplier invoices processed a year'),
  purchaseOrdersPerYear: nonNegative().optional().describe('Purchase orders raised a year'),
  benefitCasesPerYear: nonNegative().optional().describe('Benefit and council-tax cases handled a year (councils)'),
});

export const authoritySchema = z
  .strictObject({
    id: idSchema,
    name: z.string().max(200).optional(),
    kind: z.enum(KINDS),
    tier: z
      .enum(TIERS as [Tier, ...Tier[]])
      .optional()
      .describe('A finer type within the kind (council tier, school phase, health function)'),
    staff: finite().positive({ message: 'must be a positive number' }).max(5_000_000),
    location: z.strictObject({ lat: finite().min(-90).max(90), lon: finite().min(-180).max(180) }).optional(),
    region: z.string().max(100).optional(),
    membership: z
      .enum(MEMBERSHIP_TIERS)
      .optional()
      .describe("How deeply this member joins (default: the scenario's membership)"),
    profile: profileSchema.optional(),
  })
  .refine((a) => a.tier === undefined || tierBelongsTo(a.kind, a.tier), {
    message: 'this tier is not one of its kind (see GET /v1/presets)',
    path: ['tier'],
  });
export type AuthorityInput = z.infer<typeof authoritySchema>;

// ---- scenario ------------------------------------------------------------------------------

export { SHARED_SERVICES, type SharedService };

/**
 * How the saving is shared: `shapley` (average marginal contribution), `nucleolus` and
 * `leastCore` (core-based, exact up to 20 authorities), `separableCosts` (separable costs,
 * remaining benefits) and `tariff` (usage at the shared unit cost plus an equal membership fee)
 * for partnerships of any size, and three simple keys.
 */
export const ALLOCATION_METHODS = [
  'shapley',
  'nucleolus',
  'leastCore',
  'separableCosts',
  'tariff',
  'proportionalAlone',
  'proportionalUsage',
  'equal',
] as const;
export type AllocationMethod = (typeof ALLOCATION_METHODS)[number];

const BACK_OFFICE: ReadonlySet<string> = new Set(BACK_OFFICE_SERVICES);
const shareSchema = z
  .strictObject(
    Object.fromEntries(SHARED_SERVICES.map((s) => [s, z.boolean().default(!BACK_OFFICE.has(s))])) as Record<
      SharedService,
      z.ZodDefault<z.ZodBoolean>
    >,
  )
  .describe(
    'Which services the partnership shares: IT and citizen contact default to true, the back-office services (HR ' +
      'administration, payroll, finance, procurement, revenues and benefits) to false',
  );

const channelRuleSchema = z.strictObject({
  shiftable: finite()
    .min(0)
    .max(1)
    .default(1)
    .describe("Share of the channel's contacts from digitally included citizens that can move to the web"),
  rampYears: finite()
    .min(0)
    .max(60)
    .optional()
    .describe("Years from the start of this channel's shift to full take-up (default: the policy's rampYears)"),
  delayYears: finite()
    .min(0)
    .max(60)
    .default(0)
    .describe('Years after the digital services go live before this channel starts to shift'),
});

const channelShiftSchema = z.strictObject({
  targetDigitalShare: finite().min(0).max(1),
  rampYears: finite()
    .min(0)
    .max(60)
    .default(3)
    .describe('Years from go-live to full take-up, for every shifting channel that sets none'),
  excludedShare: finite()
    .min(0)
    .max(0.95)
    .optional()
    .describe(
      'Share of adults who are digitally excluded (they contact in person or by telephone); default assumption ' +
        'digitallyExcludedShare',
    ),
  channels: z
    .union([
      z.array(z.enum(ASSISTED_CHANNELS)).min(1),
      z.strictObject(
        Object.fromEntries(ASSISTED_CHANNELS.map((c) => [c, channelRuleSchema.optional()])) as Record<
          (typeof ASSISTED_CHANNELS)[number],
          z.ZodOptional<typeof channelRuleSchema>
        >,
      ),
    ])
    .optional()
    .describe(
      'Assisted channels that shift to the web: a list (each fully shiftable, on the policy ramp), or rules by ' +
        'channel ({"email": {"shiftable": 0.9, "rampYears": 2}}); unlisted channels do not shift. Default: all',
    ),
  oneOffCost: nonNegative()
    .optional()
    .describe(
      'Capital cost of building the digital programme, whole scenario, before optimism bias; default from ' +
        'channelShiftBuildPerContact and channelShiftBuildFloor',
    ),
});

export const scenarioSchema = z
  .strictObject({
    name: z.string().min(1).max(200),
    description: z.string().max(5000).optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code such as GBP' })
      .default('GBP'),
    startYear: z.int().min(1990).max(2200).default(2026),
    horizonYears: z.int().min(LIMITS.minHorizonYears).max(LIMITS.maxHorizonYears).default(10),
    authorities: z
      .array(authoritySchema)
      .max(LIMITS.maxAuthorities, { message: `at most ${LIMITS.maxAuthorities} authorities` }),
    hub: z
      .strictObject({ lat: finite().min(-90).max(90), lon: finite().min(-180).max(180) })
      .optional()
      .describe('Partnership hub (default: staff-weighted centre of the located authorities)'),
    share: shareSchema.prefault({}),
    delivery: z
      .enum(DELIVERY_MODELS)
      .default('leadHost')
      .describe(
        "How the partnership runs what it shares: in a member's existing facility (leadHost), a new shared facility " +
          '(newFacility), or bought from a commercial or cloud provider (commercial)',
      ),
    membership: z
      .enum(MEMBERSHIP_TIERS)
      .default('managed')
      .describe(
        'How deeply members join by default: buying together only (procurement), a managed service (managed), or one ' +
          'merged team (merged)',
      ),
    channelShift: channelShiftSchema.optional(),
    assumptions: assumptionsSchema.optional(),
    uncertainty: z
      .strictObject({
        iterations: z.int().min(0).max(LIMITS.maxIterations).default(0),
        defaultRanges: z
          .boolean()
          .default(true)
          .describe('With iterations, draw every assumption the scenario does not pin from its default range'),
        seed: z
          .int()
          .min(0)
          .max(2 ** 31 - 1)
          .default(1),
      })
      .prefault({}),
    allocation: z.enum(ALLOCATION_METHODS).default('shapley'),
  })
  .superRefine(
    (s, ctx) => {
      // Runs even when other fields are invalid (`when`), so it must tolerate anything: a body
      // of `null` or `"x"` reaches here too (found by the hostile-input fuzz: it was a 500).
      if (s === null || typeof s !== 'object') return;
      const list: unknown = (s as { authorities?: unknown }).authorities;
      if (!Array.isArray(list)) return;
      const seen = new Map<string, number>();
      list.forEach((a: unknown, i) => {
        const id = a && typeof a === 'object' ? (a as { id?: unknown }).id : undefined;
        if (typeof id !== 'string') return;
        const first = seen.get(id);
        if (first !== undefined)
          ctx.addIssue({
            code: 'custom',
            message: `duplicate id (first at /authorities/${first}/id)`,
            path: ['authorities', i, 'id'],
          });
        else seen.set(id, i);
      });
    },
    { when: () => true },
  );

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
