import { network, ownCore } from '../../../lambda/engine/services/network';
import { licences } from '../../../lambda/engine/services/licences';
import { itManagement, managementCost } from '../../../lambda/engine/services/itManagement';
import { assumptions } from '../../helpers';
import { ctx, out } from './kit';

const a = assumptions({
  networkCoreFloor: 1500,
  networkCorePerUser: 35,
  networkAggregationDiscount: 0.3,
  networkAggregationHalfSites: 150,
  psnCorePerUser: 20,
  psnSitesPerCore: 1000,
  psnCoreCost: 150000,
  psnInterconnectPerSite: 300,
  psnInterconnectFloor: 200,
  cutoverPerSite: 1500,
  licenceAggregationDiscount: 0.15,
  licenceAggregationHalfUsers: 5000,
  itManagementCost: 180000,
  clientFunctionShare: 0.5,
  fixedCostReferenceStaff: 2000,
});

describe('network, by hand', () => {
  it("an authority's own core: per user with a floor", () => {
    expect(ownCore(1000, a)).toBe(35000);
    expect(ownCore(25, a)).toBe(1500);
  });

  // A managed council (1,000 users, 10 sites at 3,500) and a school that only buys together (1 site at 2,000)
  // dims: sites, circuitSpend, keptCoreCost, coreMembers, coreSites, interconnectCost, coreUsers
  const d = new Float64Array([11, 37000, 1500, 1, 10, 3000, 1000]);

  it('lead host: circuits bought together, one core for the managed member, the school keeps its own', () => {
    // circuits 37,000 × (1 − 0.3 × 11 / 161) = 36,241.6; core max(1,500, 20 × 1,000) = 20,000 + interconnect 3,000;
    // the school's kept core 1,500
    const r = out();
    network.shared(d, 0, ctx(a, 'leadHost'), r);
    expect(r.cost).toBeCloseTo(37000 * (1 - (0.3 * 11) / 161) + 20000 + 3000 + 1500, 6);
  });

  it('a new facility adds a core module per 1,000 managed sites', () => {
    const r = out();
    network.shared(d, 0, ctx(a, 'newFacility'), r);
    expect(r.cost).toBeCloseTo(37000 * (1 - (0.3 * 11) / 161) + 20000 + 3000 + 1500 + 150000, 6);
  });

  it('one-off: cut-over of the managed sites only', () => {
    const o = { capital: 0, other: 0 };
    network.oneOff!(d, 0, ctx(a, 'leadHost'), o);
    expect(o.capital).toBe(10 * 1500);
  });
});

describe('licences and IT management, by hand', () => {
  it('licences: the members’ spend at a volume discount by users', () => {
    const r = out();
    licences.shared(new Float64Array([200000, 5000]), 0, ctx(a, 'leadHost'), r);
    expect(r.cost).toBeCloseTo(200000 * (1 - 0.15 * 0.5), 9);
  });

  it('management: managed members keep half as a client function; the operation has one management', () => {
    // two managed members of 2,000 staff: each alone 180,000; shared 2 × 90,000 kept + 0.5 × 180,000 × √(4,000 / 2,000)
    expect(managementCost(1, true, a)).toBe(180000);
    const d = new Float64Array([180000, 4000, 0, 0]);
    const r = out();
    itManagement.shared(d, 0, ctx(a, 'leadHost'), r);
    expect(r.cost).toBeCloseTo(180000 + 0.5 * 180000 * Math.SQRT2, 6);
  });

  it('management: merged members keep no client function and share one whole management', () => {
    // the same two members merged: 0.5 × 180,000 × √2 (operational) + 0.5 × 180,000 × √2 (strategic)
    const d = new Float64Array([0, 4000, 2, 4000]);
    const r = out();
    itManagement.shared(d, 0, ctx(a, 'leadHost'), r);
    expect(r.cost).toBeCloseTo(180000 * Math.SQRT2, 6);
  });
});
