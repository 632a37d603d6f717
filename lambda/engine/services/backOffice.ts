/**
 * Transactional back-office services (HR administration, payroll, finance, procurement, and
 * councils' revenues and benefits) and the platform they run on (an ERP). Alone, each body
 * processes its own volume at a unit cost that falls with volume on a scale curve, with its own
 * managers and office seats. A shared service centre processes the members' volume together (a
 * lower unit cost, wider spans of control, cheaper seats, and an uncertain gain from standard
 * processes), but only what has migrated: members migrate over the years after go-live and some
 * never do, keeping their own cost while the centre's fixed costs stay (the stranded cost those
 * who stay bear). The audits' failures (NAO 2012, 2016) are these inputs at their bad ends.
 *
 * Long because five services share one scale curve, one migration path and one platform: their
 * defaults (each with its source) and the shared cost functions belong together.
 */
import type { Assumptions } from '../defaults';
import type { YearPrices } from '../prices';
import { spec } from '../spec';
import { type AuthorityYear, type CostOut, type ServiceDef, type SharedContext, steps } from './types';

const ILL = 'illustrative';

/** What every back-office service shares: staff, spans, seats, the scale curve, migration risks. */
export const BACK_OFFICE_ASSUMPTIONS = {
  backOfficeStaffCost: spec(
    32000,
    [28000, 38000],
    'GBP per FTE per year',
    'Loaded cost of a back-office processing officer (the unit costs below are mostly this)',
    ILL,
    { priceYear: 2025 },
  ),
  backOfficeManagerCost: spec(
    55000,
    [45000, 70000],
    'GBP per FTE per year',
    'Loaded cost of a back-office team manager',
    ILL,
    {
      priceYear: 2025,
    },
  ),
  backOfficeSpanAlone: spec(8, [6, 10], 'staff per manager', "Span of control in a body's own back office", ILL, {
    min: 1,
  }),
  backOfficeSpanShared: spec(12, [9, 15], 'staff per manager', 'Span of control in a shared service centre', ILL, {
    min: 1,
  }),
  backOfficeSeatAlone: spec(
    6000,
    [4000, 9000],
    'GBP per FTE per year',
    "Office space and services per back-office FTE in a body's own offices",
    ILL,
    { priceYear: 2025 },
  ),
  backOfficeSeatShared: spec(
    4000,
    [2500, 6000],
    'GBP per FTE per year',
    'Office space and services per FTE in a shared service centre (one regional site)',
    ILL,
    { priceYear: 2025 },
  ),
  backOfficeScaleElasticity: spec(
    0.1,
    [0.03, 0.2],
    'ratio',
    'How unit cost falls with volume: unit cost ∝ volume^−elasticity (0.1: 7 % less for each doubling)',
    'illustrative; best-quartile against median unit costs in APQC and CIPFA benchmarks (USD 2.07 against 5.83 an ' +
      'invoice) imply strong scale and practice effects',
    { max: 1 },
  ),
  backOfficeUnitCostFloor: spec(
    0.35,
    [0.25, 0.5],
    'ratio',
    'Least unit cost, as a share of the unit cost at the reference volume',
    ILL,
    { min: 0.01, max: 1 },
  ),
  standardisationGain: spec(
    0.05,
    [0, 0.15],
    'ratio',
    'Processing cost a shared centre removes by standardising processes (uncertain, and ramps with migration)',
    ILL,
    { max: 0.9 },
  ),
  backOfficeMigrationShare: spec(
    0.85,
    [0.5, 1],
    'ratio',
    "Share of the members' back-office volume that migrates to the centre (the rest stays put or exits)",
    'NAO (2016): 2 of 26 planned customers on the single platform after years, 4 exits from one centre',
    { max: 1 },
  ),
  backOfficeMigrationYears: spec(
    2,
    [1, 5],
    'years',
    'Years after go-live over which the members migrate',
    'NAO (2012, 2016): shared service centres ran years behind plan',
    { max: 20 },
  ),
  erpCost: spec(
    200000,
    [100000, 400000],
    'GBP per year',
    "A body's own ERP (finance, HR, payroll, procurement) at the reference size, scaled by √(staff / 2,000), plus " +
      'erpPerUser',
    ILL,
    { priceYear: 2025 },
  ),
  erpPerUser: spec(40, [20, 80], 'GBP per user per year', 'ERP licences and support per user of its own', ILL, {
    priceYear: 2025,
  }),
  erpSharedFixed: spec(
    600000,
    [300000, 1200000],
    'GBP per year per 100,000 users',
    'One shared ERP instance: hosting, support and its platform team',
    ILL,
    { priceYear: 2025 },
  ),
  erpSharedPerUser: spec(25, [12, 50], 'GBP per user per year', 'Shared ERP licences per migrated user', ILL, {
    priceYear: 2025,
  }),
  erpBuildFixed: spec(
    1000000,
    [300000, 3000000],
    'GBP',
    'Capital: the fixed part of building the shared ERP (design, configuration, integration, testing); half when a ' +
      'lead extends its own',
    'illustrative; council ERP replacements ran from GBP 1.5m a year (SaaS) to GBP 30m, with overruns to 5× ' +
      '(Birmingham)',
    { priceYear: 2025 },
  ),
  erpBuildPerUser: spec(
    250,
    [100, 600],
    'GBP per user',
    'Capital: the part of building the shared ERP that grows with its users (processes, roles, reports, data)',
    'NAO (2014): GBP 44-95m to implement Next Generation Shared Services for up to 14 departments',
    { priceYear: 2014 },
  ),
  erpMigrationPerUser: spec(
    20,
    [10, 50],
    'GBP per user',
    "Capital: migrating a member's data and users to the shared ERP",
    ILL,
    {
      priceYear: 2025,
    },
  ),
} as const;

/** Unit cost at a volume on the scale curve: reference × (volume ÷ reference)^−e, above a floor. */
export function unitCost(volume: number, reference: number, atReference: number, a: Assumptions): number {
  if (volume <= 0) return 0;
  return atReference * Math.max(a.backOfficeUnitCostFloor, (volume / reference) ** -a.backOfficeScaleElasticity);
}

/** Processing staff cost, managers and seats for a volume: staff-priced and other-priced parts. */
function backOfficeCost(
  volume: number,
  perUnit: number,
  shared: boolean,
  gain: number,
  a: Assumptions,
  out: StaffAndOther = { staff: 0, other: 0, fte: 0 },
): StaffAndOther {
  const labour = volume * perUnit * (1 - gain);
  const officers = labour / a.backOfficeStaffCost;
  const managers = officers / (shared ? a.backOfficeSpanShared : a.backOfficeSpanAlone);
  const seats = (officers + managers) * (shared ? a.backOfficeSeatShared : a.backOfficeSeatAlone);
  out.staff = labour + managers * a.backOfficeManagerCost;
  out.other = seats;
  out.fte = officers + managers;
  return out;
}

interface StaffAndOther {
  staff: number;
  other: number;
  fte: number;
}

/** Share of the members' volume on the shared platform this year: migration ramps after go-live. */
export function migrated(ctx: SharedContext): number {
  const a = ctx.a;
  const ramp =
    a.backOfficeMigrationYears > 0 ? Math.min(1, Math.max(0, ctx.sinceLive / a.backOfficeMigrationYears)) : 1;
  return a.backOfficeMigrationShare * ramp;
}

// demand dimensions of a transactional service: its volume, and its members' alone cost by price category
const VOLUME = 0;
const ALONE_STAFF = 1;
const ALONE_OTHER = 2;

interface TransactionalSpec<Id extends string, A extends Readonly<Record<string, ReturnType<typeof spec>>>> {
  readonly id: Id;
  readonly label: string;
  readonly flag: 'hrAdmin' | 'payroll' | 'finance' | 'procurement' | 'revenuesBenefits';
  readonly scopeWeight: number;
  readonly volume: (x: AuthorityYear) => number;
  readonly unitKey: keyof A & string;
  readonly referenceKey: keyof A & string;
  readonly assumptions: A;
}

function transactional<Id extends string, A extends Readonly<Record<string, ReturnType<typeof spec>>>>(
  t: TransactionalSpec<Id, A>,
): ServiceDef<Id, A> {
  const at = (a: Assumptions) => {
    const r = a as unknown as Record<string, number>;
    return { unit: r[t.unitKey]!, reference: r[t.referenceKey]! };
  };
  // The saving game costs one coalition every year with the same sums (constant demand): the
  // shared team depends only on the volume and the share migrated, which stops changing once
  // migration is done, so it is costed once per (assumptions, volume, share) and reused.
  let memoA: Assumptions | undefined;
  let unit = 0;
  let reference = 0;
  let lastVolume = Number.NaN;
  let lastM = Number.NaN;
  // (volume / reference)^-e once per volume; m^-e for the few shares migrated there are (by year)
  let volumeScale = 0;
  const mSeen: number[] = [];
  const mScale: number[] = [];
  const team: StaffAndOther = { staff: 0, other: 0, fte: 0 };
  // alone: a body's volume is the same every year, so its team is costed once, not per year
  const own: StaffAndOther = { staff: 0, other: 0, fte: 0 };
  let ownVolume = Number.NaN;
  const ownTeam = (v: number, a: Assumptions) => {
    use(a);
    if (v !== ownVolume) {
      backOfficeCost(v, unitCost(v, reference, unit, a), false, 0, a, own);
      ownVolume = v;
    }
    return own;
  };
  /** The unit cost and reference volume of these assumptions (a keyed read of 170 keys is slow). */
  const use = (a: Assumptions) => {
    if (a === memoA) return;
    ({ unit, reference } = at(a));
    memoA = a;
    lastVolume = Number.NaN;
    ownVolume = Number.NaN;
    mSeen.length = 0;
    mScale.length = 0;
  };
  return {
    id: t.id,
    label: t.label,
    enabled: (share) => share[t.flag],
    tiers: ['managed', 'merged'],
    scopeWeight: t.scopeWeight,
    family: 'backOffice',
    constantDemand: true,
    fteCost: 'backOfficeStaffCost',
    dims: ['transactions', 'aloneStaffCost', 'aloneOtherCost'],
    assumptions: t.assumptions,
    alone(x, a, px: YearPrices, out: CostOut) {
      const c = ownTeam(t.volume(x), a);
      out.cost = c.staff * px.staff + c.other * px.other;
      out.fte = c.fte;
      out.hardware = 0;
      out.kWh = 0;
      out.dual = 0;
    },
    demand(x, a, _px, _alone, d, o) {
      const v = t.volume(x);
      const c = ownTeam(v, a);
      d[o + VOLUME] = v;
      d[o + ALONE_STAFF] = c.staff;
      d[o + ALONE_OTHER] = c.other;
    },
    shared(d, o, ctx, out) {
      const { a, px } = ctx;
      const m = migrated(ctx);
      const volume = d[o + VOLUME]!;
      use(a);
      if (volume !== lastVolume) {
        volumeScale = volume > 0 ? (volume / reference) ** -a.backOfficeScaleElasticity : 0;
        lastM = Number.NaN;
      }
      if (volume !== lastVolume || m !== lastM) {
        let j = mSeen.indexOf(m);
        if (j < 0) {
          if (mSeen.length >= 16) {
            mSeen.length = 0;
            mScale.length = 0;
          }
          j = mSeen.push(m) - 1;
          mScale.push(m > 0 ? m ** -a.backOfficeScaleElasticity : 0);
        }
        // unitCost(volume × m): (volume·m / reference)^-e = (volume / reference)^-e · m^-e
        const perUnit = volume * m > 0 ? unit * Math.max(a.backOfficeUnitCostFloor, volumeScale * mScale[j]!) : 0;
        const gain = a.standardisationGain * (a.backOfficeMigrationShare > 0 ? m / a.backOfficeMigrationShare : 0);
        backOfficeCost(volume * m, perUnit, true, gain, a, team);
        lastVolume = volume;
        lastM = m;
      }
      const c = team;
      // what has not migrated still costs what it cost alone
      out.cost =
        (c.staff + (1 - m) * d[o + ALONE_STAFF]!) * px.staff + (c.other + (1 - m) * d[o + ALONE_OTHER]!) * px.other;
      out.fte = c.fte;
      out.hardware = 0;
      out.kWh = 0;
      out.dual = 0;
    },
  };
}

export const hrAdmin = transactional({
  id: 'hrAdmin',
  label: 'HR administration',
  flag: 'hrAdmin',
  scopeWeight: 0.1,
  volume: (x) => x.staff,
  unitKey: 'hrAdminCostPerEmployee',
  referenceKey: 'hrAdminReferenceEmployees',
  assumptions: {
    hrAdminCostPerEmployee: spec(
      300,
      [180, 450],
      'GBP per employee per year',
      'Transactional HR administration per employee served, at the reference volume',
      'illustrative; XpertHR median of about 60 employees per HR FTE (about GBP 750 of HR staff an employee), of ' +
        'which transactional administration is about 40 %',
      { priceYear: 2025 },
    ),
    hrAdminReferenceEmployees: spec(2000, [2000, 2000], 'employees', 'Reference volume of the HR unit cost', ILL, {
      min: 1,
    }),
  },
});

export const payroll = transactional({
  id: 'payroll',
  label: 'Payroll',
  flag: 'payroll',
  scopeWeight: 0.1,
  volume: (x) => 12 * x.staff,
  unitKey: 'payrollCostPerPayslip',
  referenceKey: 'payrollReferencePayslips',
  assumptions: {
    payrollCostPerPayslip: spec(
      5,
      [3, 9],
      'GBP per payslip',
      'Payroll processing per payslip, at the reference volume',
      ILL,
      {
        priceYear: 2025,
      },
    ),
    payrollReferencePayslips: spec(
      24000,
      [24000, 24000],
      'payslips a year',
      'Reference volume of the payroll unit cost',
      ILL,
      {
        min: 1,
      },
    ),
  },
});

export const finance = transactional({
  id: 'finance',
  label: 'Finance (payables, receivables, ledger)',
  flag: 'finance',
  scopeWeight: 0.15,
  volume: (x) => x.profile.invoicesPerYear,
  unitKey: 'financeCostPerInvoice',
  referenceKey: 'financeReferenceInvoices',
  assumptions: {
    financeCostPerInvoice: spec(
      8,
      [5, 14],
      'GBP per invoice',
      'Transactional finance (payables, receivables and ledger) per supplier invoice, at the reference volume',
      'APQC: accounts payable cost per invoice USD 2.07 (best quartile), 5.83 (median), 10 (worst), about 2017; ' +
        'receivables and ledger added',
      { priceYear: 2025 },
    ),
    financeReferenceInvoices: spec(
      20000,
      [20000, 20000],
      'invoices a year',
      'Reference volume of the finance unit cost',
      ILL,
      {
        min: 1,
      },
    ),
  },
});

export const procurement = transactional({
  id: 'procurement',
  label: 'Procurement',
  flag: 'procurement',
  scopeWeight: 0.1,
  volume: (x) => x.profile.purchaseOrdersPerYear,
  unitKey: 'procurementCostPerOrder',
  referenceKey: 'procurementReferenceOrders',
  assumptions: {
    procurementCostPerOrder: spec(
      30,
      [15, 60],
      'GBP per purchase order',
      'Transactional buying per purchase order, at the reference volume',
      ILL,
      {
        priceYear: 2025,
      },
    ),
    procurementReferenceOrders: spec(
      5000,
      [5000, 5000],
      'orders a year',
      'Reference volume of the procurement unit cost',
      ILL,
      {
        min: 1,
      },
    ),
  },
});

export const revenuesBenefits = transactional({
  id: 'revenuesBenefits',
  label: 'Revenues and benefits',
  flag: 'revenuesBenefits',
  scopeWeight: 0.15,
  volume: (x) => x.profile.benefitCasesPerYear,
  unitKey: 'revenuesBenefitsCostPerCase',
  referenceKey: 'revenuesBenefitsReferenceCases',
  assumptions: {
    revenuesBenefitsCostPerCase: spec(
      68,
      [55, 77],
      'GBP per case',
      'Benefit and council-tax administration per weighted case, at the reference volume',
      'CIPFA benchmarking club: GBP 68 per weighted housing benefit case (2006-07; range 55-77)',
      { priceYear: 2006 },
    ),
    revenuesBenefitsReferenceCases: spec(
      10000,
      [10000, 10000],
      'cases a year',
      'Reference volume of the benefits unit cost',
      ILL,
      {
        min: 1,
      },
    ),
  },
});

const USERS = 0;
const ALONE_ERP = 1;

/** The back-office platform: each body's own ERP against one shared instance, migrated in step with the services. */
export const erp: ServiceDef<'erp', typeof BACK_OFFICE_ASSUMPTIONS> = {
  id: 'erp',
  label: 'Back-office platform (ERP)',
  enabled: (s) => s.hrAdmin || s.payroll || s.finance || s.procurement,
  tiers: ['managed', 'merged'],
  scopeWeight: 0.1,
  family: 'backOffice',
  constantDemand: true,
  dims: ['users', 'aloneErpCost'],
  assumptions: BACK_OFFICE_ASSUMPTIONS,
  alone(x, a, px, out) {
    out.cost = ownErp(x, a) * px.other;
    out.fte = 0;
    out.hardware = 0;
    out.kWh = 0;
    out.dual = 0;
  },
  demand(x, a, _px, _alone, d, o) {
    d[o + USERS] = x.profile.users;
    d[o + ALONE_ERP] = ownErp(x, a);
  },
  shared(d, o, ctx, out) {
    const { a, px } = ctx;
    const users = d[o + USERS]!;
    const m = migrated(ctx);
    const platform = Math.max(1, steps(users, 100000)) * a.erpSharedFixed;
    out.cost = (platform + users * m * a.erpSharedPerUser + (1 - m) * d[o + ALONE_ERP]!) * px.other;
    out.fte = 0;
    out.hardware = 0;
    out.kWh = 0;
    // the new platform runs beside the members' own until they have migrated
    out.dual = platform * px.other;
  },
  oneOff(d, o, ctx, out) {
    const { a } = ctx;
    const fixed = a.erpBuildFixed * (ctx.delivery === 'leadHost' ? 0.5 : 1);
    out.capital = fixed + d[o + USERS]! * (a.erpBuildPerUser + a.erpMigrationPerUser);
    out.other = 0;
  },
};

function ownErp(x: AuthorityYear, a: Assumptions): number {
  return a.erpCost * x.profile.fixedCostScale + a.erpPerUser * x.profile.users;
}
