/**
 * Random streams that depend only on (seed, iteration index): iteration i draws from pure-rand's
 * xoroshiro128+ seeded with fmix32(fmix32(seed) + i). fmix32 (MurmurHash3's finaliser) is a
 * bijection on 32-bit integers, so within a run no two iterations share a stream, and a run gives
 * the same draws in one process, in two workers or in 500 Lambda chunks.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function iterationSeed(seed: number, index: number): number {
  return fmix32((fmix32(seed >>> 0) + index) >>> 0) | 0;
}

/** `count` uniforms in (0, 1) for one iteration (0 is nudged up: inversion needs p > 0). */
export function iterationUniforms(
  seed: number,
  index: number,
  count: number,
  out: Float64Array = new Float64Array(count),
): Float64Array {
  const rng = xoroshiro128plus(iterationSeed(seed, index));
  for (let k = 0; k < count; k++) {
    const u = uniformFloat64(rng);
    out[k] = u > 0 ? u : Number.MIN_VALUE;
  }
  return out;
}
