import { storageAlone, storageShared } from '../../../lambda/engine/services/storage';
import { assumptions } from '../../helpers';

const a = assumptions({
  storageCopies: 2,
  storagePriceSmall: 350,
  storagePriceLarge: 150,
  storageArrayFixed: 20000,
  storageSharedFixed: 100000,
  dedupeFactor: 0.7,
});

describe('storage, two authorities by hand', () => {
  it('alone: TB × copies × small price + own array scaled by size', () => {
    expect(storageAlone(100, 1, a)).toBeCloseTo(100 * 2 * 350 + 20000, 9); // 90,000
    expect(storageAlone(50, 0.5, a)).toBeCloseTo(50 * 2 * 350 + 10000, 9); // 45,000
    expect(storageAlone(0, 1, a)).toBe(0);
  });
  it('shared: 150 TB × 0.7 dedupe × 2 copies × 150 + 100,000 = 131,500', () => {
    expect(storageShared(150, a)).toBeCloseTo(131500, 9);
  });
});
