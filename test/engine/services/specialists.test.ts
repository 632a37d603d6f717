import { specialistsCost, wholeHires } from '../../../lambda/engine/services/specialists';
import { assumptions } from '../../helpers';

const a = assumptions({
  specialistCost: 75000,
  specialistBuyInBelowFte: 0.1,
  specialistDayRate: 800,
  specialistDaysPerFte: 220,
});
/** The demand of the first roles given, the others zero. */
const cost = (demand: number[]) => specialistsCost([...demand, 0, 0, 0, 0, 0].slice(0, 5), 0, a, 1);

describe('specialists: indivisible hires', () => {
  it('five bodies needing 0.3 of a security engineer hire 5 alone but 2 together', () => {
    expect(5 * cost([0.3]).fte).toBe(5);
    expect(cost([5 * 0.3]).fte).toBe(2);
  });

  it('two authorities by hand: 3 + 2 hires alone, 4 shared', () => {
    // A: security 0.3 → 1, network 1.2 → 2; B: 0.4 → 1, 0.9 → 1; together 0.7 → 1, 2.1 → 3
    expect(cost([0.3, 1.2]).cost).toBe(3 * 75000);
    expect(cost([0.4, 0.9]).cost).toBe(2 * 75000);
    expect(cost([0.7, 2.1]).cost).toBe(4 * 75000);
  });

  it('reads a block of the demand vector at its offset, and follows staff prices', () => {
    const d = new Float64Array([9, 9, 0.3, 1.2, 0, 0, 0]);
    expect(specialistsCost(d, 2, a, 1.1).cost).toBeCloseTo(3 * 75000 * 1.1, 6);
  });

  it('tolerates floating-point noise: 0.1 + 0.2 + 0.7 is one hire', () => {
    expect(wholeHires(0.1 + 0.2 + 0.7)).toBe(1);
    expect(wholeHires(0)).toBe(0);
  });

  it('a tiny demand is bought in by the day instead of hired', () => {
    // 0.05 FTE × 220 days × 800 = 8,800
    expect(cost([0.05])).toEqual({ cost: 8800, fte: 0 });
  });
});
