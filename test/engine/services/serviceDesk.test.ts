import { searchAgents } from '../../../lambda/engine/erlang';
import { deskArrivals, serviceDesk, serviceDeskAlone } from '../../../lambda/engine/services/serviceDesk';
import { assumptions } from '../../helpers';
import { ctx, out, PX0 } from './kit';

// The pooling case as a desk: 60 contacts an hour, AHT 6 min, 80 % in 20 s.
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
  supportPerUser: 150,
  support24x7Factor: 1.6,
  supportVolumeDiscount: 0.2,
  supportVolumeHalfUsers: 5000,
});
const fte = (agents: number, hours: number) => (agents * hours) / (1950 * 0.65);

describe('service desk, by hand', () => {
  it('alone: 9 agents over 2,600 h = 18.46 FTE plus its tool, cheaper than buying for 5,000 users', () => {
    const r = out();
    serviceDeskAlone(60, 0, 5000, 1, a, PX0, r);
    expect(r.fte).toBeCloseTo(fte(9, 2600), 9);
    expect(r.cost).toBeCloseTo(fte(9, 2600) * 35000 + 25000, 6); // 671,153.8 < 750,000
  });

  it('alone: a small body buys support per user instead of seating a desk', () => {
    // 25 users: 2 agents to meet 80 % in 20 s would cost far more than 25 × 150 = 3,750
    const r = out();
    serviceDeskAlone(0.1, 0, 25, 0.11, a, PX0, r);
    expect(r.cost).toBe(3750);
    expect(r.fte).toBe(0);
  });

  it('three pooled: 23 agents instead of 27, and one tool', () => {
    const d = new Float64Array([180, 0, 15000, 15000]);
    const r = out();
    serviceDesk.shared(d, 0, ctx(a, 'leadHost', 3), r);
    expect(r.fte).toBeCloseTo(fte(23, 2600), 9);
    expect(r.cost).toBeCloseTo(fte(23, 2600) * 35000 + 60000, 6);
    const alone = out();
    serviceDeskAlone(60, 0, 5000, 1, a, PX0, alone);
    expect(3 * alone.cost - r.cost).toBeCloseTo(fte(4, 2600) * 35000 + 3 * 25000 - 60000, 6);
  });

  it('pooled small bodies buy together at a volume discount while a desk of their own costs more', () => {
    // 16 schools × 25 users: 400 × 150 × (1 − 0.2 × 400 / 5,400) = 58,222.2 < one seat (71,795) + the tool
    const d = new Float64Array([0.2, 0, 400, 400]);
    const r = out();
    serviceDesk.shared(d, 0, ctx(a, 'leadHost', 16), r);
    expect(r.cost).toBeCloseTo(400 * 150 * (1 - (0.2 * 400) / 5400), 6);
  });

  it('and once they are many, one pooled seat and the tool cost less than buying', () => {
    // 40 schools: 1,000 users would pay 145,000 bought; one agent (2.05 FTE) and the tool cost 131,795
    const d = new Float64Array([0.5, 0, 1000, 1000]);
    const r = out();
    serviceDesk.shared(d, 0, ctx(a, 'leadHost', 40), r);
    expect(r.cost).toBeCloseTo(fte(1, 2600) * 35000 + 60000, 6);
  });

  it('commercial: always bought', () => {
    const d = new Float64Array([180, 0, 15000, 15000]);
    const r = out();
    serviceDesk.shared(d, 0, ctx(a, 'commercial', 3), r);
    expect(r.cost).toBeCloseTo(15000 * 150 * (1 - 0.2 * (15000 / 20000)), 6);
    expect(r.fte).toBe(0);
  });

  it('only 24/7 bodies raise tickets out of hours', () => {
    const office = deskArrivals(26000, false, a);
    expect(office.inHours).toBeCloseTo(10, 12);
    expect(office.outOfHours).toBe(0);
    const allHours = deskArrivals(26000, true, a);
    expect(allHours.inHours).toBeCloseTo(9, 12); // 90 % of 26,000 over 2,600 h
    expect(allHours.outOfHours).toBeCloseTo(2600 / (8760 - 2600), 12);
  });

  it('each assumptions object brings its own target: the desk keeps no figure from the previous one', () => {
    // the desk derives its staffing table and hours once per assumptions object (the saving game
    // costs it millions of times); a Monte Carlo draw alternates objects, and each must count
    const slow = assumptions({ ...a, deskAhtMinutes: 12, deskAnswerSeconds: 60, supportPerUser: 1000 });
    const d = new Float64Array([180, 0, 15000, 15000]);
    const cost = (x: typeof a) => {
      const r = out();
      serviceDesk.shared(d, 0, ctx(x, 'leadHost', 3), r);
      return r.fte;
    };
    const first = cost(a);
    expect(first).toBeCloseTo(fte(23, 2600), 9);
    // 36 Erlangs at 12 minutes and 80 % in 60 s: 42 agents (the direct search, not the table)
    expect(cost(slow)).toBeCloseTo(fte(searchAgents(36, 0.8, 60 / 720), 2600), 9);
    expect(searchAgents(36, 0.8, 60 / 720)).toBe(42);
    expect(cost(a)).toBe(first);
    expect(cost(assumptions({ ...a }))).toBe(first);
  });

  it('an out-of-hours desk costs at least one seat through the night', () => {
    const r = out();
    serviceDeskAlone(1, 0.01, 1e6, 1, a, PX0, r);
    expect(r.fte).toBeCloseTo(fte(1, 2600) + fte(1, 8760 - 2600), 9);
  });
});
