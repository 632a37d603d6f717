import { discountFactors } from '../../lambda/engine/discount';

describe('Green Book discounting', () => {
  const df = discountFactors(61);

  it('is 1 in the base year and 1/1.035^t for years 1 to 30', () => {
    expect(df[0]).toBe(1);
    for (const t of [1, 2, 10, 30]) expect(df[t]).toBeCloseTo(1 / 1.035 ** t, 12);
  });

  it('matches the published table (0.9662 at year 1, 0.7089 at 10, 0.3563 at 30)', () => {
    expect(df[1]).toBeCloseTo(0.9662, 4);
    expect(df[10]).toBeCloseTo(0.7089, 4);
    expect(df[30]).toBeCloseTo(0.3563, 4);
  });

  it('compounds the 3.0 % band on the 3.5 % one from year 31', () => {
    expect(df[31]).toBeCloseTo(1 / (1.035 ** 30 * 1.03), 12);
    expect(df[60]).toBeCloseTo(1 / (1.035 ** 30 * 1.03 ** 30), 12);
  });

  it('takes a scenario schedule: Denmark 3.5 % to year 35, then 2.5 %', () => {
    const dk = discountFactors(50, [
      { fromYear: 0, rate: 0.035 },
      { fromYear: 36, rate: 0.025 },
    ]);
    expect(dk[35]).toBeCloseTo(1 / 1.035 ** 35, 12);
    expect(dk[40]).toBeCloseTo(1 / (1.035 ** 35 * 1.025 ** 5), 12);
  });

  it('takes a flat rate', () => {
    const flat = discountFactors(5, 0.05);
    expect(flat[4]).toBeCloseTo(1 / 1.05 ** 4, 12);
  });
});
