/**
 * Sharing out the partnership's saving: every method shares out exactly `npvSaving`.
 */
import type { AllocationMethod } from '../schema';

export interface AllocationInput {
  readonly npvSaving: number;
  /** PV of each authority's alone cost (all services). */
  readonly pvAlone: readonly number[];
  /** PV of each authority's alone cost of the services that are shared: its usage. */
  readonly pvUsage: readonly number[];
}

function proportional(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (!(sum > 0)) return weights.map(() => total / Math.max(1, weights.length));
  return weights.map((w) => (total * w) / sum);
}

/** The three simple keys; the game-based methods are in strategy.ts. */
export type SimpleMethod = Extract<AllocationMethod, 'proportionalAlone' | 'proportionalUsage' | 'equal'>;

export function simpleAllocation(method: SimpleMethod, x: AllocationInput): number[] {
  switch (method) {
    case 'proportionalAlone':
      return proportional(x.npvSaving, x.pvAlone);
    case 'proportionalUsage':
      return proportional(x.npvSaving, x.pvUsage);
    case 'equal':
      return x.pvAlone.map(() => x.npvSaving / Math.max(1, x.pvAlone.length));
  }
}
