import { deskArrivals, serviceDeskAlone, serviceDeskShared } from '../../../lambda/engine/services/serviceDesk';
import { assumptions } from '../../helpers';

// The MODEL.md pooling case as a desk: 60 contacts an hour, AHT 6 min, 80 % in 20 s.
const a = assumptions({
  deskAhtMinutes: 6,
  deskServiceLevel: 0.8,
  deskAnswerSeconds: 20,
  deskHoursPerYear: 2600,
  annualHoursPerFte: 1950,
  shrinkage: 0.35,
  deskAgentCost: 35000,
  deskToolCost: 25000,
  deskToolSharedCost: 60000,
  deskOutOfHoursShare: 0.1,
});
const fte = (agents: number, hours: number) => (agents * hours) / (1950 * 0.65);

describe('service desk, by hand', () => {
  it('alone: 9 agents over 2,600 h = 18.46 FTE, plus its tool', () => {
    const r = serviceDeskAlone(60, 0, 1, a);
    expect(r.fte).toBeCloseTo(fte(9, 2600), 9);
    expect(r.cost).toBeCloseTo(fte(9, 2600) * 35000 + 25000, 6);
  });

  it('three pooled: 23 agents instead of 27, and one tool', () => {
    const r = serviceDeskShared(180, 0, a);
    expect(r.fte).toBeCloseTo(fte(23, 2600), 9);
    expect(r.cost).toBeCloseTo(fte(23, 2600) * 35000 + 60000, 6);
    expect(3 * serviceDeskAlone(60, 0, 1, a).cost - r.cost).toBeCloseTo(fte(4, 2600) * 35000 + 3 * 25000 - 60000, 6);
  });

  it('only 24/7 bodies raise tickets out of hours', () => {
    const office = deskArrivals(26000, false, a);
    expect(office.inHours).toBeCloseTo(10, 12);
    expect(office.outOfHours).toBe(0);
    const allHours = deskArrivals(26000, true, a);
    expect(allHours.inHours).toBeCloseTo(9, 12); // 90 % of 26,000 over 2,600 h
    expect(allHours.outOfHours).toBeCloseTo(2600 / (8760 - 2600), 12);
  });

  it('an out-of-hours desk costs at least one seat through the night', () => {
    const r = serviceDeskAlone(1, 0.01, 1, a);
    expect(r.fte).toBeCloseTo(fte(1, 2600) + fte(1, 8760 - 2600), 9);
  });
});
