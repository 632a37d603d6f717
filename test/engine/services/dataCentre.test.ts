import { dataCentreAlone, dataCentreShared, hubLinkCost } from '../../../lambda/engine/services/dataCentre';
import { assumptions } from '../../helpers';

// Round defaults, written out so the arithmetic below can be checked by hand.
const a = assumptions({
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
  adminMinFte: 0.5,
  consolidationRatio: 0.6,
  dcSharedFixed: 250000,
  rackCost: 12000,
  serversPerRack: 20,
  hubLinkFixed: 6000,
  hubLinkPerKm: 120,
});

describe('data centre, two authorities by hand', () => {
  it('A alone: 100 servers in 1 room', () => {
    // room 30,000 + hardware 100×5,000/5 = 100,000 + energy 100×350×8,760×1.8/1000 = 551,880 kWh × 0.22 = 121,413.60
    // + staff max(0.5, 100/40 = 2.5) × 55,000 = 137,500  → 388,913.60
    const r = dataCentreAlone(100, 1, a);
    expect(r.kWh).toBeCloseTo(551880, 6);
    expect(r.fte).toBeCloseTo(2.5, 12);
    expect(r.cost).toBeCloseTo(388913.6, 6);
  });

  it('B alone: 60 servers in 1 room', () => {
    // 30,000 + 60,000 + 331,128 kWh × 0.22 = 72,848.16 + 1.5 × 55,000 = 82,500 → 245,348.16
    expect(dataCentreAlone(60, 1, a).cost).toBeCloseTo(245348.16, 6);
  });

  it('shared: 160 servers consolidated to 96 in 5 racks, links of 10 km each', () => {
    // links 2 × (6,000 + 120 × 10) = 14,400; fixed 250,000; racks ceil(96/20) = 5 × 12,000 = 60,000;
    // hardware 96 × 1,000 = 96,000; energy 96×350×8,760×1.3/1000 = 382,636.8 kWh × 0.22 = 84,180.096;
    // staff max(0.5, 96/150 = 0.64) × 55,000 = 35,200  → 539,780.096
    const links = 2 * hubLinkCost(10, a);
    expect(links).toBe(14400);
    const r = dataCentreShared(160, links, a);
    expect(r.kWh).toBeCloseTo(382636.8, 6);
    expect(r.cost).toBeCloseTo(539780.096, 6);
    // the pair saves 388,913.60 + 245,348.16 − 539,780.096 = 94,481.664
    expect(dataCentreAlone(100, 1, a).cost + dataCentreAlone(60, 1, a).cost - r.cost).toBeCloseTo(94481.664, 6);
  });

  it('no servers alone costs only the rooms', () => {
    expect(dataCentreAlone(0, 0, a).cost).toBe(0);
  });
});
