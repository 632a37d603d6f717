import { dataCentre, dataCentreAlone, dataCentreShared, hubLinkCost } from '../../../lambda/engine/services/dataCentre';
import { assumptions } from '../../helpers';
import { ctx, out, PX0 } from './kit';

// Round figures, written out so every line below can be checked by hand.
const a = assumptions({
  serversPerRoom: 100,
  serverRoomCost: 30000,
  serverPrice: 5000,
  serverLifeYears: 5,
  serverWatts: 350,
  pueAlone: 1.8,
  pueShared: 1.3,
  electricityPrice: 0.22,
  itStaffCost: 55000,
  serversPerAdminAlone: 40,
  serversPerAdminShared: 150,
  serversPerAdminCloud: 250,
  adminMinFte: 0.5,
  consolidationRatio: 0.6,
  serversPerRack: 20,
  rackCost: 12000,
  facilityModuleRacks: 20,
  facilityModuleCost: 150000,
  facilityFitOutPerModule: 400000,
  hostingMarginalRackCost: 5000,
  cloudPricePerServer: 1000,
  hubLinkFixed: 6000,
  hubLinkPerKm: 120,
  migrationPerServer: 600,
});

describe('data centre alone, by hand', () => {
  it('A: 100 servers in 1 room', () => {
    // room 30,000 + hardware 100 × 5,000 / 5 = 100,000 + energy 100 × 350 × 8,760 × 1.8 / 1000
    // = 551,880 kWh × 0.22 = 121,413.60 + staff max(0.5, 100 / 40) = 2.5 × 55,000 = 137,500
    const r = out();
    dataCentreAlone(100, 1, a, PX0, r);
    expect(r.kWh).toBeCloseTo(551880, 6);
    expect(r.fte).toBeCloseTo(2.5, 12);
    expect(r.hardware).toBeCloseTo(100000, 9);
    expect(r.cost).toBeCloseTo(388913.6, 6);
  });

  it('B: 60 servers in 1 room', () => {
    // 30,000 + 60,000 + 331,128 kWh × 0.22 = 72,848.16 + 1.5 × 55,000 = 82,500
    const r = out();
    dataCentreAlone(60, 1, a, PX0, r);
    expect(r.cost).toBeCloseTo(245348.16, 6);
  });

  it('a school with one server and no room pays no room and no minimum of staff', () => {
    // hardware 1,000 + 5,518.8 kWh × 0.22 = 1,214.136 + 1 / 40 FTE × 55,000 = 1,375
    const r = out();
    dataCentreAlone(1, 0, a, PX0, r);
    expect(r.cost).toBeCloseTo(3589.136, 6);
  });

  it('no servers and no room costs nothing', () => {
    const r = out();
    dataCentreAlone(0, 0, a, PX0, r);
    expect(r.cost).toBe(0);
  });

  it('prices move each line by its own index', () => {
    const r = out();
    dataCentreAlone(100, 1, a, { staff: 1.1, hardware: 0.9, storage: 1, energy: 1.2, other: 1 }, r);
    expect(r.cost).toBeCloseTo(30000 + 100000 * 0.9 + 121413.6 * 1.2 + 137500 * 1.1, 6);
  });
});

describe('data centre shared by A and B (160 servers, links of 10 km each), three ways', () => {
  const links = 2 * hubLinkCost(10, a);

  it('links: 2 × (6,000 + 120 × 10)', () => {
    expect(links).toBe(14400);
  });

  it('new facility: one 20-rack module, 5 racks, shared PUE and staff ratio', () => {
    // 96 physical servers; space 150,000 + 5 × 12,000 = 210,000; hardware 96,000;
    // energy 96 × 350 × 8,760 × 1.3 / 1000 = 382,636.8 kWh × 0.22 = 84,180.096;
    // staff max(0.5, 96 / 150 = 0.64) × 55,000 = 35,200; links 14,400
    const r = out();
    dataCentreShared(160, 2, links, ctx(a, 'newFacility'), r);
    expect(r.kWh).toBeCloseTo(382636.8, 6);
    expect(r.cost).toBeCloseTo(439780.096, 6);
    expect(r.dual).toBeCloseTo(439780.096 - 35200, 6); // staff move with the work
  });

  it("lead host: the estate fits one of the members' rooms; its racks at marginal cost; room PUE", () => {
    // 1 room 30,000 + 5 racks × 5,000 = 55,000; energy 96 × 350 × 8,760 × 1.8 / 1000 = 529,804.8 kWh
    // × 0.22 = 116,557.056; hardware 96,000; staff 35,200; links 14,400
    const r = out();
    dataCentreShared(160, 2, links, ctx(a, 'leadHost'), r);
    expect(r.cost).toBeCloseTo(317157.056, 6);
  });

  it('lead host without any member room colocates the racks', () => {
    // two schools' 2 servers: 1.2 physical, no room to keep: 1 colocated rack at 12,000
    const r = out();
    dataCentreShared(2, 0, 0, ctx(a, 'leadHost'), r);
    const energy = ((1.2 * 350 * 8760 * 1.8) / 1000) * 0.22;
    expect(r.cost).toBeCloseTo(12000 + 1.2 * 1000 + energy + 0.5 * 55000, 6);
  });

  it('commercial: every workload at the provider price, a thin operations team, no hardware or links', () => {
    // 160 × 1,000 + 160 / 250 × 55,000 = 195,200
    const r = out();
    dataCentreShared(160, 2, links, ctx(a, 'commercial'), r);
    expect(r.hardware).toBe(0);
    expect(r.cost).toBeCloseTo(195200, 6);
  });

  it('one-off: migration per server, and the module fit-out only for a new facility', () => {
    const d = new Float64Array([160, 2, links]);
    const o = { capital: 0, other: 0 };
    dataCentre.oneOff!(d, 0, ctx(a, 'newFacility'), o);
    expect(o.capital).toBe(160 * 600 + 400000);
    dataCentre.oneOff!(d, 0, ctx(a, 'leadHost'), o);
    expect(o.capital).toBe(160 * 600);
  });
});
