/**
 * Commodity licences (office and e-mail suites, security, filtering, device management) bought
 * together: the same licences at a volume discount that grows with the users covered, as
 * consortia such as the London Grid for Learning buy them for schools. Line-of-business
 * applications are not commodity: they stay in each body's untouched IT lines.
 */
import { spec } from '../spec';
import { type ServiceDef, volumeDiscount } from './types';

export const LICENCE_ASSUMPTIONS = {
  licenceAggregationDiscount: spec(
    0.15,
    [0.05, 0.3],
    'ratio',
    'Largest discount on commodity licences bought together',
    'illustrative; public-sector aggregated licence agreements typically quote 10-30 % below individual prices',
    { max: 0.9 },
  ),
  licenceAggregationHalfUsers: spec(
    5000,
    [1000, 20000],
    'users',
    'Users at which a partnership gets half the largest licence discount',
    'illustrative',
    { min: 1 },
  ),
} as const;

export const licences: ServiceDef<'licences', typeof LICENCE_ASSUMPTIONS> = {
  id: 'licences',
  label: 'Commodity licences',
  enabled: (share) => share.licences,
  tiers: ['procurement', 'managed', 'merged'],
  scopeWeight: 0.05,
  family: 'it',
  staticDemand: 'other',
  dims: ['licenceSpend', 'users'],
  assumptions: LICENCE_ASSUMPTIONS,
  alone(x, _a, px, out) {
    out.cost = x.profile.users * x.profile.licencePerUser * px.other;
    out.hardware = 0;
    out.fte = 0;
    out.kWh = 0;
    out.dual = 0;
  },
  demand(x, _a, px, alone, d, o) {
    d[o] = alone.cost / px.other;
    d[o + 1] = x.profile.users;
  },
  shared(d, o, ctx, out) {
    const { a } = ctx;
    const discount = volumeDiscount(d[o + 1]!, a.licenceAggregationDiscount, a.licenceAggregationHalfUsers);
    out.cost = d[o]! * (1 - discount) * ctx.px.other;
    out.hardware = 0;
    out.fte = 0;
    out.kWh = 0;
    out.dual = 0;
  },
};
