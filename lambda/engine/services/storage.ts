import type { Assumptions } from '../defaults';

/** Alone: TB × copies × small-scale price + the authority's own array (scaled by its size). */
export function storageAlone(tb: number, fixedCostScale: number, a: Assumptions): number {
  if (tb <= 0) return 0;
  return tb * a.storageCopies * a.storagePriceSmall + a.storageArrayFixed * fixedCostScale;
}

/** Shared: Σ TB × dedupe × copies × large-scale price + one fixed platform. */
export function storageShared(tb: number, a: Assumptions): number {
  return tb * a.dedupeFactor * a.storageCopies * a.storagePriceLarge + a.storageSharedFixed;
}
