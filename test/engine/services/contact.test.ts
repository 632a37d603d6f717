import { compile } from '../../../lambda/engine/model';
import { callsCost, contact, perContactCost, telephoneCost } from '../../../lambda/engine/services/contact';
import { uprate } from '../../../lambda/engine/prices';
import { assumptions, scenario } from '../../helpers';
import { ctx, out, PX0 } from './kit';

describe('citizen contact', () => {
  const a = assumptions({
    contactAhtMinutes: 6,
    contactServiceLevel: 0.8,
    contactAnswerSeconds: 20,
    contactHoursPerYear: 2000,
    annualHoursPerFte: 1950,
    shrinkage: 0.35,
    contactAgentCost: 30000,
    telephonyCostPerCall: 0.25,
    contactBoughtPerCall: 5,
    platformSharedFixed: 250000,
    platformModuleContacts: 20_000_000,
  });
  const fte = (agents: number) => (agents * 2000) / (1950 * 0.65);

  it('telephone: Erlang C advisers plus per-call telephony (60 calls/h → 9 advisers)', () => {
    const r = telephoneCost(120000, a); // 120,000 calls over 2,000 h = 60 an hour
    expect(r.fte).toBeCloseTo(fte(9), 9);
    expect(r.cost).toBeCloseTo(fte(9) * 30000 + 120000 * 0.25, 6);
  });

  it('a body with few calls pays a provider per call rather than seat a team', () => {
    expect(callsCost(1000, a, PX0)).toEqual({ cost: 5000, fte: 0 });
  });

  it('two authorities pooled: one contact centre, and one platform with an integration each', () => {
    // dims: calls, perContactCost, webContacts, platformIntegration
    const d = new Float64Array([240000, 10000, 500000, 8000]);
    const r = out();
    contact.shared(d, 0, ctx(a, 'leadHost'), r);
    const tel = telephoneCost(240000, a);
    expect(tel.fte).toBeLessThan(2 * fte(9)); // 12 Erlangs pooled need fewer than 9 + 9
    expect(r.cost).toBeCloseTo(tel.cost + 10000 + 250000 + 8000, 6);
    expect(r.dual).toBeCloseTo(258000, 6); // only the platform runs twice
  });

  it('bodies without citizen contact share no platform', () => {
    const r = out();
    contact.shared(new Float64Array([0, 0, 0, 0]), 0, ctx(a, 'leadHost'), r);
    expect(r.cost).toBe(0);
  });

  it('per-contact channels are linear', () => {
    const v = { faceToFace: 10, telephone: 999, email: 20, letter: 30, web: 40 };
    const b = assumptions({
      'costPerContact.faceToFace': 8.62,
      'costPerContact.email': 3,
      'costPerContact.letter': 12.1,
      'costPerContact.web': 0.15,
    });
    expect(perContactCost(v, b)).toBeCloseTo(10 * 8.62 + 20 * 3 + 30 * 12.1 + 40 * 0.15, 9);
  });

  it("a mid-size council's cost per call lands within 10 % of Socitm's £2.83 (about 2012 prices, uprated)", () => {
    const m = compile(scenario({ name: 'mid council', authorities: [{ id: 'c', kind: 'council', staff: 4500 }] }));
    const calls = m.authorities[0]!.profile.contacts.telephone;
    const perCall = callsCost(calls, m.a, PX0).cost / calls;
    const target = uprate(2.83, 2012);
    expect(perCall).toBeGreaterThan(target * 0.9);
    expect(perCall).toBeLessThan(target * 1.1);
  });
});
