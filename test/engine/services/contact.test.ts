import { compile } from '../../../lambda/engine/model';
import {
  callsCost,
  contact,
  contactCentreCost,
  perContactCost,
  telephoneCost,
} from '../../../lambda/engine/services/contact';
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

  const centre = assumptions({
    contactAhtMinutes: 6,
    contactServiceLevel: 0.8,
    contactAnswerSeconds: 20,
    contactHoursPerYear: 2000,
    annualHoursPerFte: 1950,
    shrinkage: 0.35,
    contactAgentCost: 30000,
    telephonyCostPerCall: 0.25,
    contactSupervisorSpan: 12,
    contactSupervisorCost: 42000,
    contactSeatCost: 4000,
    contactSiteCost: 40000,
    contactAgentsPerSite: 150,
    ivrContainment: 0.15,
    ivrCostPerCall: 0.3,
    ivrPlatformCost: 1e12, // no IVR unless a test says so
    contactBoughtPerCall: 50,
    avoidableContactReduction: 0,
    platformSharedFixed: 250000,
    platformModuleContacts: 20_000_000,
  });
  /** A centre by hand: advisers, team leaders (ceil of FTE ÷ 12), seats, telephony and its sites. */
  const byHand = (calls: number, sites: number) => {
    const f = telephoneCost(calls, centre).fte;
    return f * 30000 + Math.ceil(f / 12) * 42000 + f * 4000 + calls * 0.25 + sites * 40000;
  };

  it('a contact centre: 60 calls an hour need 9 advisers (14.2 FTE), 2 team leaders, 14.2 seats and a site', () => {
    const f = (9 * 2000) / (1950 * 0.65);
    expect(contactCentreCost(120000, centre, PX0, false).cost).toBeCloseTo(
      f * 30000 + 2 * 42000 + f * 4000 + 120000 * 0.25 + 40000,
      6,
    );
    expect(contactCentreCost(120000, centre, PX0, false).fte).toBeCloseTo(f + 2, 9);
  });

  it('an IVR is used when the calls it completes cost more than the platform', () => {
    const cheap = assumptions({ ...centre, ivrPlatformCost: 10000 });
    const r = contactCentreCost(120000, cheap, PX0, false);
    expect(r.cost).toBeCloseTo(byHand(102000, 1) + 10000 + 18000 * 0.3, 6);
    expect(r.dual).toBe(10000);
  });

  it('two authorities pooled: one centre, one site, and one platform with an integration each', () => {
    // dims: calls, perContactCost, webContacts, platformIntegration
    const d = new Float64Array([240000, 10000, 500000, 8000]);
    const r = out();
    contact.shared(d, 0, ctx(centre, 'leadHost'), r);
    expect(telephoneCost(240000, centre).fte).toBeLessThan(2 * telephoneCost(120000, centre).fte); // pooling
    expect(r.cost).toBeCloseTo(byHand(240000, 1) + 10000 + 250000 + 8000, 6);
    expect(r.dual).toBeCloseTo(258000, 6); // only the platform runs twice
    expect(2 * byHand(120000, 1) - byHand(240000, 1)).toBeGreaterThan(40000); // a site and more saved
  });

  it('a consolidated centre removes avoidable calls over its ramp, at the cost of the team that does it', () => {
    const lever = assumptions({ ...centre, avoidableContactReduction: 0.1, avoidableContactProgrammeCost: 80000 });
    const d = new Float64Array([240000, 0, 0, 0]);
    const full = out();
    contact.shared(d, 0, ctx(lever, 'leadHost', 2, PX0, 2), full);
    expect(full.cost).toBeCloseTo(byHand(216000, 1) + 80000, 6);
    const half = out();
    contact.shared(d, 0, ctx(lever, 'leadHost', 2, PX0, 1), half); // a year into a two-year ramp
    expect(half.cost).toBeCloseTo(byHand(228000, 1) + 80000, 6);
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
