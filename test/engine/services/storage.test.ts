import { storage, storageAlone } from '../../../lambda/engine/services/storage';
import { assumptions } from '../../helpers';
import { ctx, out, PX0 } from './kit';

const a = assumptions({
  storageCopies: 2,
  storagePriceSmall: 300,
  storagePriceLarge: 140,
  storageArrayFixed: 20000,
  storageArrayMinTb: 10,
  storageModuleTb: 2000,
  storageSharedFixed: 80000,
  dedupeFactor: 0.75,
  fixedCostReferenceStaff: 2000,
  migrationPerTb: 40,
});

describe('storage, by hand', () => {
  it('alone: TB × copies × small price, plus an own array (scaled by size) above its threshold', () => {
    const r = out();
    storageAlone(100, 1, a, PX0, r);
    expect(r.cost).toBeCloseTo(100 * 2 * 300 + 20000, 9); // 80,000
    expect(r.hardware).toBeCloseTo(60000, 9);
    storageAlone(50, 0.5, a, PX0, r);
    expect(r.cost).toBeCloseTo(50 * 2 * 300 + 10000, 9); // 40,000
    storageAlone(5, 0.11, a, PX0, r); // a school: below 10 TB, no array
    expect(r.cost).toBeCloseTo(5 * 2 * 300, 9);
    storageAlone(0, 1, a, PX0, r);
    expect(r.cost).toBe(0);
  });

  it('storage prices follow their own relative price path', () => {
    const r = out();
    storageAlone(100, 1, a, { ...PX0, storage: 0.9 }, r);
    expect(r.cost).toBeCloseTo(60000 * 0.9 + 20000, 9);
  });

  // 150 TB of two members with 3,000 staff between them: 150 × 0.75 × 2 = 225 TB stored
  const d = new Float64Array([150, 3000]);
  it('new facility: 225 TB × 140 + one 2,000 TB module of 80,000 = 111,500', () => {
    const r = out();
    storage.shared(d, 0, ctx(a, 'newFacility'), r);
    expect(r.cost).toBeCloseTo(225 * 140 + 80000, 9);
  });
  it("lead host: 225 TB at the lead's array price, one array scaled to 3,000 staff", () => {
    const r = out();
    storage.shared(d, 0, ctx(a, 'leadHost'), r);
    expect(r.cost).toBeCloseTo(225 * 300 + 20000 * Math.sqrt(3000 / 2000), 9);
  });
  it('commercial: 225 TB at the cloud price, no fixed cost', () => {
    const r = out();
    storage.shared(d, 0, ctx(a, 'commercial'), r);
    expect(r.cost).toBeCloseTo(225 * 300, 9);
  });
  it('one-off: migration per TB', () => {
    const o = { capital: 0, other: 0 };
    storage.oneOff!(d, 0, ctx(a, 'leadHost'), o);
    expect(o.capital).toBe(150 * 40);
  });
});
