/**
 * Every default coefficient of the model, in one registry: the general ones here (appraisal,
 * relative price effects, transition, governance, growth, the IT lines sharing does not touch),
 * the channel-shift policy's (channelShift.ts) and each service's own, declared in its module
 * (services/*.ts). Each has a central value, a low-high range, a unit, a source and, for money,
 * the price year of the source (uprated to the model's price base, PRICE_BASE_YEAR).
 * `GET /v1/presets` serves this table; the scenario schema is built from it, so a key exists
 * here or nowhere. docs/model.md explains each.
 */
import { CHANNEL_SHIFT_ASSUMPTIONS } from './channelShift';
import { SERVICE_ASSUMPTIONS } from './services/registry';
import { ILLUSTRATIVE, fixed, spec } from './spec';

export type { AssumptionSpec } from './spec';

const ILL = 'illustrative';
const DESNZ_CARBON =
  'DESNZ, Valuation of energy use and greenhouse gas emissions for appraisal (2023), carbon values: 273.06 central ' +
  'for 2025 (low 136.53, high 409.59), 2022 prices';

const GENERAL_ASSUMPTIONS = {
  // Appraisal
  fundingHurdleRoi: fixed(
    0.16,
    'ratio per year',
    'Annual ROI a project must reach to be funded',
    'Copenhagen internal bank (Kristoffersen, 2013)',
    { max: 10 },
  ),
  carbonValue: spec(273.06, [136.53, 409.59], 'GBP per tCO2e', 'Carbon value in 2025', DESNZ_CARBON, {
    priceYear: 2022,
  }),
  carbonValueGrowth: fixed(
    0.0152,
    'ratio per year',
    'Real growth of the carbon value',
    'DESNZ 2023 carbon values, central: 268.97 (2024) to 294.5 (2030), 1.52 % a year (2022 prices)',
    { min: -0.5, max: 1 },
  ),
  gridIntensity: spec(
    0.177,
    [0.15, 0.21],
    'kgCO2e per kWh',
    'Grid electricity carbon intensity in the first year; later years fall at gridDecarbonisation',
    'DESNZ greenhouse gas conversion factors 2025 (0.177; 0.207 in 2024)',
  ),
  gridDecarbonisation: spec(
    0.08,
    [0.03, 0.15],
    'ratio per year',
    'Yearly fall of the grid carbon intensity (to at least a tenth of the first year\u2019s), until DESNZ ' +
      'projections are loaded',
    'illustrative; the reporting factor fell from 0.494 (2014) to 0.207 (2024), about 8 % a year (DESNZ)',
    { max: 0.9 },
  ),

  // Relative price effects (Green Book 2022, 5.13): real change per year of each kind of cost
  rpeStaff: spec(
    0.01,
    [0.005, 0.02],
    'ratio per year',
    'Real growth of staff costs (real earnings follow productivity)',
    'OBR: trend productivity growth 1.0 % a year (November 2025 forecast); 2.0 % long-run assumption (2019)',
    { min: -0.2, max: 0.2 },
  ),
  rpeHardware: spec(
    -0.02,
    [-0.05, 0],
    'ratio per year',
    'Real price change of servers, devices and cloud compute, per unit of the capability a body needs',
    'illustrative; hedonic computer price indices fell 15-30 % a year (1990s, Berndt; Van Reenen) but the price per ' +
      'box at constant need falls far more slowly',
    { min: -0.5, max: 0.2 },
  ),
  rpeStorage: spec(
    -0.1,
    [-0.18, -0.03],
    'ratio per year',
    'Real price change of storage per TB',
    'Backblaze drive cost per GB fell about 14 % a year (2009-2022); cloud list prices flat in cash since 2016 ' +
      '(about -2 % real)',
    { min: -0.5, max: 0.2 },
  ),
  rpeEnergy: spec(0, [-0.02, 0.02], 'ratio per year', 'Real price change of electricity', ILL, {
    min: -0.5,
    max: 0.5,
  }),

  // Transition (one-off) and the realisation of benefits
  transitionYears: spec(1, [0.5, 2], 'years', 'Duration of the transition before shared services run', ILL, {
    max: 20,
  }),
  dualRunningMonths: spec(
    4,
    [2, 9],
    'months',
    'Months the shared services run alongside the old ones (only services that really run twice)',
    ILL,
    { max: 60 },
  ),
  onboardingPerUser: spec(
    40,
    [20, 80],
    'GBP per user',
    'Capital: onboarding a member on a managed or merged service (process, training, integration), by its users',
    ILL,
    { priceYear: 2025 },
  ),
  onboardingFloor: spec(500, [200, 1500], 'GBP per member', 'Least onboarding cost of a member (one small site)', ILL, {
    priceYear: 2025,
  }),
  procurementOnboarding: spec(
    500,
    [200, 2000],
    'GBP per member',
    'Capital: joining an aggregated procurement only (orders and contract novation)',
    ILL,
    { priceYear: 2025 },
  ),
  legacyExitPerUser: spec(
    20,
    [5, 50],
    'GBP per user',
    'Exit from legacy contracts of a managed or merged member, by its users (not capital)',
    ILL,
    { priceYear: 2025 },
  ),
  legacyExitFloor: spec(0, [0, 1000], 'GBP per member', 'Least legacy-exit cost of a managed member', ILL, {
    priceYear: 2025,
  }),
  redundancyMultiple: spec(
    1,
    [0.5, 1.5],
    'years of cost',
    'Redundancy and pension strain per FTE released, in years of its loaded cost: a transfer, in the financial case ' +
      'only',
    'Civil Service Compensation Scheme: one month per year of service, capped at 21 months; average council exit ' +
      'package about GBP 22-23k (2021-23)',
    { max: 5 },
  ),
  benefitsRealisation: spec(
    0.8,
    [0.5, 1],
    'ratio',
    'Share of the modelled running-cost saving actually realised (optimism about benefits)',
    'illustrative; large IT programmes realise about 70 % of business-case benefits (Flyvbjerg and Budzier); NAO ' +
      '(2016): GBP 90m saved in 2.5 years against GBP 128m a year forecast',
    { max: 1 },
  ),
  benefitsRampYears: spec(
    2,
    [1, 4],
    'years',
    'Years after go-live until the realised saving reaches its full share',
    'illustrative; shared services typically take 2-3 years to reach planned savings (NAO 2016)',
    { max: 20 },
  ),

  // Governance of the partnership
  governanceCost: spec(
    80000,
    [40000, 150000],
    'GBP per year',
    'Partnership governance (board, programme office, contract management) of members with 10,000 staff in all; it ' +
      'grows with the square root of their staff',
    ILL,
    { priceYear: 2025 },
  ),
  governanceReferenceStaff: fixed(
    10000,
    'staff',
    'Members\u2019 staff at which partnership governance costs governanceCost',
    'convention of this model',
    { min: 1 },
  ),
  governancePerUser: spec(
    8,
    [3, 20],
    'GBP per user per year',
    'A managed or merged member\u2019s own cost of taking part (boards, client and contract work), by its users',
    ILL,
    { priceYear: 2025 },
  ),
  governanceFloor: spec(200, [100, 1000], 'GBP per member per year', 'Least governance cost of a managed member', ILL, {
    priceYear: 2025,
  }),
  governanceProcurementPerMember: spec(
    200,
    [50, 1000],
    'GBP per member per year',
    'Governance cost of a member that only buys together',
    ILL,
    { priceYear: 2025 },
  ),

  // Demand growth (real, per year)
  storageGrowth: spec(0.12, [0.05, 0.25], 'ratio per year', 'Growth of stored data', ILL, { min: -0.5, max: 1 }),
  ticketGrowth: spec(0.01, [-0.02, 0.04], 'ratio per year', 'Growth of service-desk tickets', ILL, {
    min: -0.5,
    max: 1,
  }),
  contactGrowth: spec(0.005, [-0.02, 0.03], 'ratio per year', 'Growth of citizen contacts', ILL, {
    min: -0.5,
    max: 1,
  }),
  serverGrowth: spec(0, [-0.05, 0.05], 'ratio per year', 'Growth of the server estate', ILL, { min: -0.5, max: 1 }),

  // The IT lines sharing does not touch (present in both worlds)
  devicePrice: spec(
    600,
    [400, 900],
    'GBP per device',
    'An end-user device (laptop or desktop, imaged and delivered)',
    ILL,
    { priceYear: 2025 },
  ),
  deviceLifeYears: spec(5, [4, 6], 'years', 'Device refresh cycle', ILL, { min: 1 }),

  // Conventions
  fixedCostReferenceStaff: fixed(
    2000,
    'staff',
    "Staff at which an authority's fixed costs of running a service alone are at their reference value",
    'convention of this model: fixed costs scale with √(staff / this), between 0.02 and 4 times',
    { min: 1 },
  ),
} as const;

export const ASSUMPTIONS = { ...GENERAL_ASSUMPTIONS, ...CHANNEL_SHIFT_ASSUMPTIONS, ...SERVICE_ASSUMPTIONS } as const;
/** The keys declared here rather than by a service or the channel-shift policy. */
export const GENERAL_ASSUMPTION_KEYS = Object.keys(GENERAL_ASSUMPTIONS) as readonly string[];
/** The channel-shift policy's keys (channelShift.ts). */
export const CHANNEL_SHIFT_ASSUMPTION_KEYS = Object.keys(CHANNEL_SHIFT_ASSUMPTIONS) as readonly string[];

for (const k of [...Object.keys(SERVICE_ASSUMPTIONS), ...CHANNEL_SHIFT_ASSUMPTION_KEYS])
  if (k in GENERAL_ASSUMPTIONS) throw new Error(`assumption ${k} is declared twice`);
for (const k of Object.keys(SERVICE_ASSUMPTIONS))
  if (k in CHANNEL_SHIFT_ASSUMPTIONS) throw new Error(`assumption ${k} is declared twice`);

export type AssumptionKey = keyof typeof ASSUMPTIONS;
export type Assumptions = { readonly [K in AssumptionKey]: number };
export const ASSUMPTION_KEYS = Object.keys(ASSUMPTIONS) as AssumptionKey[];
export { ILLUSTRATIVE };

export function defaultAssumptions(): Assumptions {
  const out = {} as Record<AssumptionKey, number>;
  for (const k of ASSUMPTION_KEYS) out[k] = ASSUMPTIONS[k].value;
  return fastObject(out);
}

/**
 * The same object in V8's fast-properties mode. Built key by key, an object of ~100 properties
 * falls into dictionary mode and every `a.pueShared` in the cost model becomes a hash lookup:
 * that alone made a coalition evaluation four to six times slower. A spread builds a fast object
 * up to about 1,000 keys; JSON.parse, used before, only up to 127 (the back office's defaults
 * took the registry past it; test/engine/fastObject.test.ts holds both limits).
 */
export function fastObject<T extends object>(o: T): T {
  return { ...o };
}

/** Green Book STPR schedule: rate applies from `fromYear` until the next band. */
export interface DiscountBand {
  readonly fromYear: number;
  readonly rate: number;
}
export const GREEN_BOOK_SCHEDULE: readonly DiscountBand[] = [
  { fromYear: 0, rate: 0.035 },
  { fromYear: 31, rate: 0.03 },
  { fromYear: 76, rate: 0.025 },
];
export const DISCOUNT_SOURCE = 'HM Treasury Green Book (2022), social time preference rate';

/** Optimism bias by project type (Green Book supplementary guidance, Table 2): lower and upper bounds. */
export const OPTIMISM_BIAS = {
  'equipment/development': { capex: [0.1, 2.0], duration: [0.1, 0.54], opex: [0, 0] },
  outsourcing: { capex: [0, 0], duration: [0, 0], opex: [0, 0.41] },
  none: { capex: [0, 0], duration: [0, 0], opex: [0, 0] },
} as const;
export type ProjectType = keyof typeof OPTIMISM_BIAS;
export const OPTIMISM_BIAS_SOURCE =
  'HM Treasury Green Book supplementary guidance: optimism bias, Table 2 (upper and lower bounds)';
/**
 * Point between the lower (0) and upper (1) bound. The Green Book starts at the upper bound and
 * lowers it where evidence supports; the evidence for public IT is that the mean cost overrun of
 * 1,355 projects was about 40 % with a fat tail (Budzier and Flyvbjerg, 2012), so the default
 * point puts the capital uplift of equipment/development (10 % to 200 %) at 40 %:
 * (0.40 − 0.10) / (2.00 − 0.10). Every result also gives the NPV at the upper bound.
 */
export const DEFAULT_OPTIMISM_POINT = 0.158;
export const OPTIMISM_POINT_SOURCE =
  'Budzier and Flyvbjerg (2012), 1,355 public-sector IT projects: mean cost overrun about 40 %; Green Book upper ' +
  'bound shown beside';
export const DEFAULT_PROJECT_TYPE: ProjectType = 'equipment/development';
