import { compile } from '../../../lambda/engine/model';
import { contactAlone, contactShared, perContactCost, telephoneCost } from '../../../lambda/engine/services/contact';
import { assumptions, scenario } from '../../helpers';

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
    platformCost: 100000,
    platformSharedFixed: 250000,
    platformSharedPerMember: 10000,
  });
  const fte = (agents: number) => (agents * 2000) / (1950 * 0.65);

  it('telephone: Erlang C advisers plus per-call telephony (60 calls/h → 9 advisers)', () => {
    const r = telephoneCost(120000, a); // 120,000 calls over 2,000 h = 60 an hour
    expect(r.fte).toBeCloseTo(fte(9), 9);
    expect(r.cost).toBeCloseTo(fte(9) * 30000 + 120000 * 0.25, 6);
  });

  it('two authorities pooled: 9 + 9 advisers alone against the pooled staffing, one platform', () => {
    const alone = contactAlone(120000, 5000, 1, a).cost;
    const shared = contactShared(240000, 10000, 2, a);
    // 120 calls/h at AHT 6 min: 12 Erlangs; pooled staffing is what Erlang C needs for 12 Erlangs
    expect(shared.fte).toBeLessThan(2 * fte(9));
    expect(2 * alone - shared.cost).toBeCloseTo(
      2 * fte(9) * 30000 - shared.fte * 30000 + 2 * 100000 - (250000 + 2 * 10000),
      6,
    );
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

  it('a mid-size council preset lands near the Socitm benchmark of £2.83 a call', () => {
    const m = compile(scenario({ name: 'mid council', authorities: [{ id: 'c', kind: 'council', staff: 4500 }] }));
    const calls = m.authorities[0]!.profile.contacts.telephone;
    const perCall = telephoneCost(calls, m.a).cost / calls;
    expect(perCall).toBeGreaterThan(2.83 * 0.9);
    expect(perCall).toBeLessThan(2.83 * 1.1);
  });
});
