import { networkAlone, networkShared } from '../../../lambda/engine/services/network';
import { assumptions } from '../../helpers';

const a = assumptions({
  circuitPriceAlone: 3500,
  circuitPriceShared: 2600,
  networkCoreCost: 80000,
  psnCoreCost: 300000,
  psnInterconnectCost: 8000,
});

describe('network, two authorities by hand', () => {
  it('alone: sites × circuit + own core scaled by size', () => {
    expect(networkAlone(10, 1, a)).toBe(10 * 3500 + 80000); // 115,000
    expect(networkAlone(4, 0.5, a)).toBe(4 * 3500 + 40000); // 54,000
  });
  it('shared: 14 sites × 2,600 + one PSN core + 2 interconnects = 352,400 (a loss for two small bodies)', () => {
    const shared = networkShared(14, 2, a);
    expect(shared).toBe(352400);
    expect(networkAlone(10, 1, a) + networkAlone(4, 0.5, a) - shared).toBe(-183400);
  });
});
