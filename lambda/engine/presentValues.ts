import { aloneCost, type Model, SERVICES, SHARE_FLAG } from './model';

/** Each authority's PV alone (all services) and PV usage (alone cost of the services shared). */
export function presentValuesByAuthority(model: Model): { pvAlone: number[]; pvUsage: number[] } {
  const df = model.discount;
  const y = model.years;
  const shared = SERVICES.map((sv) => model.share[SHARE_FLAG[sv]]);
  const pvAlone: number[] = [];
  const pvUsage: number[] = [];
  for (let i = 0; i < model.authorities.length; i++) {
    let pa = 0,
      pu = 0;
    for (let t = 0; t < y; t++) {
      pa += df[t]! * model.arrays.aloneTotal[i * y + t]!;
      for (let k = 0; k < SERVICES.length; k++) if (shared[k]) pu += df[t]! * aloneCost(model, i, t, k);
    }
    pvAlone.push(pa);
    pvUsage.push(pu);
  }
  return { pvAlone, pvUsage };
}
