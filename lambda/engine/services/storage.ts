/**
 * Storage: each body's own array (or cloud storage for a body too small for one) against one
 * shared platform with deduplication across members, built in capacity modules.
 */
import type { Assumptions } from '../defaults';
import type { YearPrices } from '../prices';
import { spec } from '../spec';
import { type CostOut, type ServiceDef, sizeScale, steps } from './types';

const ILL = 'illustrative';

export const STORAGE_ASSUMPTIONS = {
  storageCopies: spec(2, [2, 3], 'copies', 'Copies kept of each TB (primary and backup)', ILL, { min: 1 }),
  storagePriceSmall: spec(
    300,
    [180, 450],
    'GBP per TB-year',
    'Storage per TB-year at small scale (an own array, amortised, or cloud storage)',
    'illustrative; cloud object storage lists at about USD 270 per TB-year (AWS S3 Standard, first 50 TB, 2024)',
    { priceYear: 2024 },
  ),
  storagePriceLarge: spec(140, [80, 220], 'GBP per TB-year', 'Storage per TB-year on a large shared platform', ILL, {
    priceYear: 2025,
  }),
  storageArrayFixed: spec(
    20000,
    [10000, 40000],
    'GBP per year',
    "Fixed cost of an authority's own storage array at the reference size (scaled by √(staff / 2,000))",
    ILL,
    { priceYear: 2025 },
  ),
  storageArrayMinTb: spec(
    10,
    [5, 20],
    'TB',
    'Below this an authority keeps data in cloud or small network storage without an array of its own',
    ILL,
  ),
  storageModuleTb: spec(2000, [1000, 5000], 'TB', 'Usable capacity of one module of a shared storage platform', ILL, {
    min: 1,
  }),
  storageSharedFixed: spec(
    80000,
    [40000, 150000],
    'GBP per module per year',
    'Fixed running cost of one module of the shared storage platform (controllers, support contract)',
    ILL,
    { priceYear: 2025 },
  ),
  dedupeFactor: spec(0.75, [0.55, 0.95], 'ratio', 'Stored TB after deduplication across members, per TB before', ILL, {
    min: 0.01,
    max: 1,
  }),
  migrationPerTb: spec(40, [15, 100], 'GBP per TB', 'Capital: data migration', ILL, { priceYear: 2025 }),
} as const;

/** Alone: copies × TB × small-scale price, plus an own array above its threshold. */
export function storageAlone(tb: number, scale: number, a: Assumptions, px: YearPrices, out: CostOut): void {
  out.fte = 0;
  out.kWh = 0;
  out.dual = 0;
  if (tb <= 0) {
    out.cost = 0;
    out.hardware = 0;
    return;
  }
  const volume = tb * a.storageCopies * a.storagePriceSmall * px.storage;
  const array = tb >= a.storageArrayMinTb ? a.storageArrayFixed * scale : 0;
  out.hardware = volume;
  out.cost = volume + array * px.other;
}

export const storage: ServiceDef<'storage', typeof STORAGE_ASSUMPTIONS> = {
  id: 'storage',
  label: 'Storage',
  enabled: (share) => share.storage,
  tiers: ['managed', 'merged'],
  scopeWeight: 0.1,
  family: 'it',
  dims: ['storageTb', 'staff'],
  assumptions: STORAGE_ASSUMPTIONS,
  alone(x, a, px, out) {
    storageAlone(x.storageTb, x.profile.fixedCostScale, a, px, out);
  },
  demand(x, _a, _px, _alone, d, o) {
    d[o] = x.storageTb;
    d[o + 1] = x.staff;
  },
  shared(d, o, ctx, out) {
    const { a, px } = ctx;
    const stored = d[o]! * a.dedupeFactor * a.storageCopies;
    out.fte = 0;
    out.kWh = 0;
    if (ctx.delivery === 'newFacility') {
      out.hardware = stored * a.storagePriceLarge * px.storage;
      out.cost = out.hardware + steps(stored, a.storageModuleTb) * a.storageSharedFixed * px.other;
    } else if (ctx.delivery === 'leadHost') {
      // the lead's array, grown to hold everyone's data
      out.hardware = stored * a.storagePriceSmall * px.storage;
      out.cost = out.hardware + a.storageArrayFixed * sizeScale(d[o + 1]!, a.fixedCostReferenceStaff) * px.other;
    } else {
      out.hardware = 0;
      out.cost = stored * a.storagePriceSmall * px.storage;
    }
    out.dual = out.cost;
  },
  oneOff(d, o, ctx, out) {
    out.capital = ctx.a.migrationPerTb * d[o]!;
    out.other = 0;
  },
};
