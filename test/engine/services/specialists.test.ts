import { specialistsCost, wholeHires } from '../../../lambda/engine/services/specialists';
import { assumptions } from '../../helpers';

const a = assumptions({
  specialistCost: 75000,
  specialistBuyInBelowFte: 0.1,
  specialistDayRate: 800,
  specialistDaysPerFte: 220,
});

describe('specialists: indivisible hires', () => {
  it('five bodies needing 0.3 of a security engineer hire 5 alone but 2 together', () => {
    const alone = 5 * specialistsCost([0.3], a).fte;
    const shared = specialistsCost([5 * 0.3], a).fte;
    expect(alone).toBe(5);
    expect(shared).toBe(2);
  });

  it('two authorities by hand: 3 + 2 hires alone, 4 shared', () => {
    // A: security 0.3 → 1, network 1.2 → 2; B: 0.4 → 1, 0.9 → 1; together 0.7 → 1, 2.1 → 3
    expect(specialistsCost([0.3, 1.2], a).cost).toBe(3 * 75000);
    expect(specialistsCost([0.4, 0.9], a).cost).toBe(2 * 75000);
    expect(specialistsCost([0.7, 2.1], a).cost).toBe(4 * 75000);
  });

  it('tolerates floating-point noise: 0.1 + 0.2 + 0.7 is one hire', () => {
    expect(wholeHires(0.1 + 0.2 + 0.7)).toBe(1);
    expect(wholeHires(0)).toBe(0);
  });

  it('a tiny demand is bought in by the day instead of hired', () => {
    // 0.05 FTE × 220 days × 800 = 8,800
    expect(specialistsCost([0.05], a)).toEqual({ cost: 8800, fte: 0 });
  });
});
