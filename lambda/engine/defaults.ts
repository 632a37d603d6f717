/**
 * Every default coefficient of the model, in one place, each with its unit and source
 * (MODEL.md section 6). `GET /v1/presets` serves this table; the scenario schema is built
 * from it, so a key exists here or nowhere. Monetary defaults are GBP at 2025/26 prices.
 * `illustrative: true` marks a placeholder with no strong public source: replace it.
 */
export interface AssumptionSpec {
  readonly value: number;
  readonly unit: string;
  readonly description: string;
  readonly source: string;
  readonly illustrative: boolean;
  /** Inclusive bounds a scenario's value (or every distribution parameter) must respect. */
  readonly min: number;
  readonly max?: number;
  /** True when the value is money in the scenario's currency (defaults are GBP). */
  readonly money?: boolean;
}

const ILL = 'illustrative placeholder; replace with local figures';
const SOCITM = 'Socitm channel value benchmarking';

function spec(
  value: number,
  unit: string,
  description: string,
  source: string,
  opts: { min?: number; max?: number; money?: boolean; illustrative?: boolean } = {},
): AssumptionSpec {
  return {
    value,
    unit,
    description,
    source,
    illustrative: opts.illustrative ?? source === ILL,
    min: opts.min ?? 0,
    ...(opts.max !== undefined ? { max: opts.max } : {}),
    ...(opts.money ? { money: true } : {}),
  };
}

const money = { money: true } as const;
const share = { max: 1 } as const;

export const ASSUMPTIONS = {
  // Appraisal
  fundingHurdleRoi: spec(
    0.16,
    'ratio per year',
    'Annual ROI a project must reach to be funded',
    'Copenhagen internal bank (Kristoffersen, 2013)',
    { max: 10 },
  ),
  carbonValue: spec(
    273,
    'GBP per tCO2e',
    'Carbon value at the base year, for the separate carbon NPV line',
    'DESNZ, Valuation of energy use and greenhouse gas emissions for appraisal (2023), table 3: central 273 (2025)',
    money,
  ),
  carbonValueGrowth: spec(
    0.0155,
    'ratio per year',
    'Real growth of the carbon value',
    'DESNZ 2023 table 3: 273 (2025) to 295 (2030) is 1.55 % a year',
    { max: 1 },
  ),
  gridIntensity: spec(
    0.177,
    'kgCO2e per kWh',
    'Grid electricity carbon intensity',
    'DESNZ greenhouse gas conversion factors 2025',
  ),

  // Data centre
  serversPerRoom: spec(
    100,
    'servers per room',
    'Servers an on-premises server room holds (sets rooms when not given)',
    ILL,
    { min: 1 },
  ),
  serverRoomCost: spec(
    30000,
    'GBP per room per year',
    'Facility cost of a server room: space, cooling and UPS maintenance, fire suppression',
    ILL,
    money,
  ),
  serverPrice: spec(5000, 'GBP per server', 'Purchase price of a server', ILL, money),
  serverLifeYears: spec(5, 'years', 'Server refresh cycle', ILL, { min: 1 }),
  serverWatts: spec(
    350,
    'W',
    'Average power draw of a server',
    'illustrative; whole-server figures of about 425 W in older studies',
    { min: 1, illustrative: true },
  ),
  pueAlone: spec(
    1.8,
    'ratio',
    'Power usage effectiveness of an on-premises server room',
    'Uptime Institute industry average 1.58 (2023); small rooms higher (illustrative)',
    { min: 1, max: 5, illustrative: true },
  ),
  pueShared: spec(
    1.3,
    'ratio',
    'Power usage effectiveness of a consolidated modern facility',
    "hyperscale 1.1-1.19 (providers' published PUE); illustrative for a public facility",
    { min: 1, max: 5, illustrative: true },
  ),
  electricityPrice: spec(0.22, 'GBP per kWh', 'Electricity price', 'UK non-domestic prices, 2024 (illustrative)', {
    money: true,
    illustrative: true,
  }),
  itStaffCost: spec(
    55000,
    'GBP per FTE per year',
    'Loaded cost of an infrastructure engineer (salary and on-costs)',
    ILL,
    money,
  ),
  serversPerAdminAlone: spec(40, 'servers per FTE', 'Servers one administrator runs in a small estate', ILL, {
    min: 1,
  }),
  serversPerAdminShared: spec(
    150,
    'servers per FTE',
    'Servers one administrator runs at a large consolidated site',
    ILL,
    { min: 1 },
  ),
  adminMinFte: spec(0.5, 'FTE', 'Minimum operations staff of any estate', ILL),
  consolidationRatio: spec(
    0.6,
    'ratio',
    'Physical servers after consolidation and virtualisation, per server before',
    ILL,
    { min: 0.01, max: 1 },
  ),
  dcSharedFixed: spec(250000, 'GBP per year', 'Fixed cost of the consolidated facility', ILL, money),
  rackCost: spec(
    12000,
    'GBP per rack per year',
    'Rack space, power feed and cooling in the consolidated facility',
    ILL,
    money,
  ),
  serversPerRack: spec(20, 'servers per rack', 'Servers per rack in the consolidated facility', ILL, { min: 1 }),
  hubLinkFixed: spec(6000, 'GBP per member per year', "Fixed cost of a member's link to the hub", ILL, money),
  hubLinkPerKm: spec(120, 'GBP per km per year', "Distance cost of a member's link to the hub", ILL, money),
  defaultLinkKm: spec(15, 'km', 'Distance to the hub of an authority with no location', ILL),

  // Storage
  storageCopies: spec(2, 'copies', 'Copies kept of each TB (primary and backup)', ILL, { min: 1 }),
  storagePriceSmall: spec(
    350,
    'GBP per TB-year',
    'Storage price at small scale (on-premises)',
    'illustrative; cloud object storage reference about US$276 per TB-year (AWS S3 Standard, 2022)',
    { money: true, illustrative: true },
  ),
  storagePriceLarge: spec(150, 'GBP per TB-year', 'Storage price at large scale', ILL, money),
  storageArrayFixed: spec(
    20000,
    'GBP per year',
    "Fixed cost of an authority's own storage array (times its fixed-cost scale)",
    ILL,
    money,
  ),
  storageSharedFixed: spec(100000, 'GBP per year', 'Fixed cost of the shared storage platform', ILL, money),
  dedupeFactor: spec(0.7, 'ratio', 'Stored TB after deduplication across members, per TB before', ILL, {
    min: 0.01,
    max: 1,
  }),

  // Service desk
  deskAhtMinutes: spec(10, 'minutes', 'Average handling time of a service-desk contact', ILL, { min: 0.01 }),
  deskHoursPerYear: spec(2600, 'hours per year', 'Service-desk opening hours (10 h a day, 5 days a week)', ILL, {
    min: 1,
    max: 8760,
  }),
  deskOutOfHoursShare: spec(0.1, 'ratio', "Share of a 24/7 body's tickets raised out of hours", ILL, share),
  deskServiceLevel: spec(
    0.8,
    'ratio',
    'Share of contacts to answer within the target time',
    'common contact-centre standard (80 % in 20 s)',
    { min: 0.01, max: 0.999 },
  ),
  deskAnswerSeconds: spec(20, 'seconds', 'Target answer time', 'common contact-centre standard (80 % in 20 s)'),
  deskAgentCost: spec(35000, 'GBP per FTE per year', 'Loaded cost of a service-desk analyst', ILL, money),
  deskToolCost: spec(
    25000,
    'GBP per year',
    'Service-desk tooling of one authority (times its fixed-cost scale)',
    ILL,
    money,
  ),
  deskToolSharedCost: spec(60000, 'GBP per year', 'One shared service-desk tool', ILL, money),
  annualHoursPerFte: spec(
    1950,
    'hours per year',
    'Paid hours of one FTE (37.5 h x 52 weeks)',
    'standard UK public-sector contract',
  ),
  shrinkage: spec(
    0.35,
    'ratio',
    'Share of paid hours not available to answer (leave, sickness, training, breaks)',
    'common contact-centre planning figure (30-35 %)',
    { max: 0.95 },
  ),

  // Specialists
  specialistCost: spec(
    75000,
    'GBP per FTE per year',
    'Loaded cost of a specialist (security, network, database, cloud, data)',
    ILL,
    money,
  ),
  specialistBuyInBelowFte: spec(0.1, 'FTE', 'A role demanded below this is bought in by the day, not hired', ILL, {
    max: 1,
  }),
  specialistDayRate: spec(800, 'GBP per day', 'Day rate of a contracted specialist', ILL, money),
  specialistDaysPerFte: spec(220, 'days per FTE', 'Working days in one FTE-year', 'standard UK working year'),

  // Network
  circuitPriceAlone: spec(3500, 'GBP per site per year', 'Circuit price bought alone', ILL, money),
  circuitPriceShared: spec(2600, 'GBP per site per year', 'Circuit price under aggregated procurement', ILL, money),
  networkCoreCost: spec(
    80000,
    'GBP per year',
    "An authority's own network core: firewalls, internet breakout, monitoring (times its fixed-cost scale)",
    ILL,
    money,
  ),
  psnCoreCost: spec(300000, 'GBP per year', 'One public sector network core', ILL, money),
  psnInterconnectCost: spec(
    8000,
    'GBP per member per year',
    'Interconnect of a member to the shared network',
    ILL,
    money,
  ),

  // Citizen contact
  contactAhtMinutes: spec(5, 'minutes', 'Average handling time of a citizen telephone call', ILL, { min: 0.01 }),
  contactHoursPerYear: spec(2340, 'hours per year', 'Contact-centre opening hours (9 h a day, 260 days)', ILL, {
    min: 1,
    max: 8760,
  }),
  contactServiceLevel: spec(
    0.8,
    'ratio',
    'Share of calls to answer within the target time',
    'common contact-centre standard (80 % in 20 s)',
    { min: 0.01, max: 0.999 },
  ),
  contactAnswerSeconds: spec(
    20,
    'seconds',
    'Target answer time for calls',
    'common contact-centre standard (80 % in 20 s)',
  ),
  contactAgentCost: spec(
    31000,
    'GBP per FTE per year',
    "Loaded cost of a contact-centre adviser; calibrated so a mid-size council's cost per call is near Socitm's GBP 2.83",
    `calibrated to ${SOCITM} (GBP 2.83 per call)`,
    money,
  ),
  telephonyCostPerCall: spec(0.25, 'GBP per call', 'Telephony and systems cost per call', ILL, money),
  'costPerContact.faceToFace': spec(8.62, 'GBP per contact', 'Cost of a face-to-face contact', SOCITM, money),
  'costPerContact.email': spec(
    3.0,
    'GBP per contact',
    'Cost of an email contact',
    'illustrative (between web and telephone)',
    { money: true, illustrative: true },
  ),
  'costPerContact.letter': spec(
    12.1,
    'GBP per contact',
    'Cost of a letter',
    'PwC study of 19 London and South East councils',
    money,
  ),
  'costPerContact.web': spec(0.15, 'GBP per contact', 'Cost of a web self-service transaction', SOCITM, money),
  platformCost: spec(
    120000,
    'GBP per year',
    "An authority's own digital platform (times its fixed-cost scale)",
    ILL,
    money,
  ),
  platformSharedFixed: spec(250000, 'GBP per year', 'One shared digital platform', ILL, money),
  platformSharedPerMember: spec(
    10000,
    'GBP per member per year',
    'Running integration of each member on the shared platform',
    ILL,
    money,
  ),
  digitallyExcludedShare: spec(
    0.1,
    'ratio',
    'Share of assisted contacts that never move to the web',
    'illustrative; ONS counts about 1 in 10 UK adults as internet non-users or limited users',
    { max: 1, illustrative: true },
  ),

  // Governance (shared only)
  governanceFixed: spec(
    150000,
    'GBP per year',
    'Partnership governance: board, programme office, contract management (g0)',
    ILL,
    money,
  ),
  governancePerMember: spec(20000, 'GBP per member per year', 'Governance per member (g1)', ILL, money),

  // Transition (shared only, one-off)
  transitionYears: spec(1, 'years', 'Duration of the transition before shared services run', ILL, { max: 20 }),
  migrationPerServer: spec(1500, 'GBP per server', 'Migration of a server workload', ILL, money),
  migrationPerTb: spec(40, 'GBP per TB', 'Data migration', ILL, money),
  cutoverPerSite: spec(1500, 'GBP per site', 'Network cut-over of a site', ILL, money),
  onboardingPerMember: spec(
    40000,
    'GBP per member',
    'Onboarding a member (process, training, integration)',
    ILL,
    money,
  ),
  redundancyMultiple: spec(1, 'years of cost', 'Redundancy cost per FTE released, in years of its loaded cost', ILL, {
    max: 5,
  }),
  dualRunningMonths: spec(6, 'months', 'Months the shared services run alongside the old ones', ILL, { max: 60 }),
  legacyExitPerMember: spec(25000, 'GBP per member', 'Exit from legacy contracts', ILL, money),

  // Demand growth (real, per year)
  storageGrowth: spec(0.15, 'ratio per year', 'Growth of stored data', ILL, { min: -0.5, max: 2 }),
  ticketGrowth: spec(0.02, 'ratio per year', 'Growth of service-desk tickets', ILL, { min: -0.5, max: 2 }),
  contactGrowth: spec(0.01, 'ratio per year', 'Growth of citizen contacts', ILL, { min: -0.5, max: 2 }),
  serverGrowth: spec(0, 'ratio per year', 'Growth of the server estate', ILL, { min: -0.5, max: 2 }),

  // Presets
  fixedCostReferenceStaff: spec(
    2000,
    'staff',
    "Staff at which an authority's fixed costs reach full scale: scale = sqrt(staff / this), between 0.1 and 1",
    ILL,
    { min: 1 },
  ),
} as const satisfies Record<string, AssumptionSpec>;

export type AssumptionKey = keyof typeof ASSUMPTIONS;
export type Assumptions = { readonly [K in AssumptionKey]: number };
export const ASSUMPTION_KEYS = Object.keys(ASSUMPTIONS) as AssumptionKey[];

export function defaultAssumptions(): Assumptions {
  const out = {} as Record<AssumptionKey, number>;
  for (const k of ASSUMPTION_KEYS) out[k] = ASSUMPTIONS[k].value;
  return fastObject(out);
}

/**
 * The same object in V8's fast-properties mode. Built key by key, an object of ~80 properties
 * falls into dictionary mode and every `a.pueShared` in the cost model becomes a hash lookup:
 * that alone made a coalition evaluation four times slower. JSON.parse builds fast objects.
 */
export function fastObject<T extends object>(o: T): T {
  return JSON.parse(JSON.stringify(o)) as T;
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
/** Point between the lower (0) and upper (1) bound; the Green Book starts appraisals at the upper bound. */
export const DEFAULT_OPTIMISM_POINT = 1;
export const DEFAULT_PROJECT_TYPE: ProjectType = 'equipment/development';
