import type { Model } from '../model';
import { Aggregate, coalitionSaving } from '../partnership';
import type { IncrementalGame } from './incremental';

/**
 * The saving game v(S) = PV alone(S) − PV shared(S) for every coalition of the model's
 * authorities, visited in Gray-code order so each step adds or removes one member from a
 * running aggregate instead of re-simulating the coalition.
 */
export function savingGameTable(model: Model): Float64Array {
  const n = model.authorities.length;
  const size = 1 << n;
  const v = new Float64Array(size);
  const agg = new Aggregate(model, false);
  let prev = 0;
  for (let k = 1; k < size; k++) {
    const g = k ^ (k >>> 1);
    const flipped = g ^ prev;
    const i = 31 - Math.clz32(flipped);
    agg.update(i, g & flipped ? 1 : -1);
    v[g] = agg.members >= 2 ? coalitionSaving(model, agg) : 0;
    prev = g;
  }
  return v;
}

/** The scenario's saving game, evaluated incrementally (sampled Shapley, heuristic core search). */
export function scenarioGame(model: Model): IncrementalGame {
  const agg = new Aggregate(model, false);
  return {
    n: model.authorities.length,
    add: (i) => agg.update(i, 1),
    remove: (i) => agg.update(i, -1),
    value: () => coalitionSaving(model, agg),
  };
}
