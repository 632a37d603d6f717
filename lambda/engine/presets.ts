import {
  ASSUMPTIONS,
  DEFAULT_OPTIMISM_POINT,
  DEFAULT_PROJECT_TYPE,
  DISCOUNT_SOURCE,
  GREEN_BOOK_SCHEDULE,
  OPTIMISM_BIAS,
  OPTIMISM_BIAS_SOURCE,
} from './defaults';
import { KIND_PRESETS } from './kinds';

/** What `GET /v1/presets` serves: kinds with their default profiles and every default assumption. */
export function presets() {
  return {
    currency: 'GBP',
    note: 'Monetary defaults are GBP at 2025/26 prices. Entries marked illustrative have no strong public source: replace them with local figures.',
    kinds: KIND_PRESETS,
    assumptions: ASSUMPTIONS,
    discountSchedule: { value: GREEN_BOOK_SCHEDULE, unit: 'real rate per year from fromYear', source: DISCOUNT_SOURCE },
    optimismBias: {
      default: { projectType: DEFAULT_PROJECT_TYPE, point: DEFAULT_OPTIMISM_POINT },
      table: OPTIMISM_BIAS,
      source: OPTIMISM_BIAS_SOURCE,
    },
  };
}
