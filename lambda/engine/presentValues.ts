import type { Model } from './model';
import { NS } from './services/registry';

/** Each authority's PV alone (every line) and PV usage (alone cost of the services it shares). */
export function presentValuesByAuthority(model: Model): { pvAlone: number[]; pvUsage: number[] } {
  const df = model.discount;
  const y = model.years;
  const { aloneTotal, aloneShared } = model.arrays;
  const pvAlone: number[] = [];
  const pvUsage: number[] = [];
  for (let i = 0; i < model.authorities.length; i++) {
    let pa = 0;
    let pu = 0;
    for (let t = 0; t < y; t++) {
      const it = i * y + t;
      pa += df[t]! * aloneTotal[it]!;
      for (let k = 0; k < NS; k++) pu += df[t]! * aloneShared[it * NS + k]!;
    }
    pvAlone.push(pa);
    pvUsage.push(pu);
  }
  return { pvAlone, pvUsage };
}
