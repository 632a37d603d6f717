import {
  ASSUMPTIONS,
  DEFAULT_OPTIMISM_POINT,
  DEFAULT_PROJECT_TYPE,
  DISCOUNT_SOURCE,
  GREEN_BOOK_SCHEDULE,
  OPTIMISM_BIAS,
  OPTIMISM_BIAS_SOURCE,
  OPTIMISM_POINT_SOURCE,
} from './defaults';
import { KIND_PRESETS, TIER_PRESETS, TIERS_BY_KIND } from './kinds';
import { GDP_DEFLATOR_SOURCE, PRICE_BASE_YEAR } from './prices';
import { SERVICE_DEFS } from './services/registry';
import { DELIVERY_MODELS, MEMBERSHIP_TIERS } from './services/types';

/** What `GET /v1/presets` serves: kinds and tiers with their presets, every default, and how they are dated. */
export function presets() {
  return {
    currency: 'GBP',
    priceBaseYear: PRICE_BASE_YEAR,
    note:
      `Monetary defaults are GBP at ${PRICE_BASE_YEAR}/${String(PRICE_BASE_YEAR + 1).slice(2)} prices, uprated ` +
      `from each source's price year (${GDP_DEFLATOR_SOURCE}). Each default has a low-high range that Monte Carlo ` +
      `draws from unless a scenario pins it. Entries marked illustrative have no strong public source: replace them ` +
      `with local figures.`,
    kinds: KIND_PRESETS,
    tiers: Object.fromEntries(
      Object.entries(TIERS_BY_KIND).map(([kind, tiers]) => [
        kind,
        Object.fromEntries(tiers.map((t) => [t, TIER_PRESETS[t]])),
      ]),
    ),
    services: SERVICE_DEFS.map((d) => ({
      id: d.id,
      label: d.label,
      memberships: d.tiers,
      scopeWeight: d.scopeWeight,
      assumptions: Object.keys(d.assumptions),
    })),
    memberships: MEMBERSHIP_TIERS,
    deliveryModels: DELIVERY_MODELS,
    assumptions: ASSUMPTIONS,
    discountSchedule: { value: GREEN_BOOK_SCHEDULE, unit: 'real rate per year from fromYear', source: DISCOUNT_SOURCE },
    optimismBias: {
      default: { projectType: DEFAULT_PROJECT_TYPE, point: DEFAULT_OPTIMISM_POINT, source: OPTIMISM_POINT_SOURCE },
      table: OPTIMISM_BIAS,
      source: OPTIMISM_BIAS_SOURCE,
    },
  };
}
