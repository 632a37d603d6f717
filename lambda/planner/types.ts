/** The planner's answer and options: what the API returns and what callers may tune. */
import type { LatLon } from '../engine/geo';
import type { PlanConstraints } from './schema';

export interface PlannedPartnership {
  members: string[];
  npvSaving: number;
  paybackYear: number | null;
  bcr: number | null;
  hub: LatLon | null;
  authorities: { id: string; pvAlone: number; saving: number; savingPercent: number; betterOffAlone: boolean }[];
  /** The split used: the scenario's method, or `leastCore` when that one is not in the core. */
  allocation: string;
  stability: {
    checked: 'exhaustive' | 'heuristic';
    /** null: a heuristic search found no blocking group, which is evidence, not proof. */
    inCore: boolean | null;
    /** The least core's margin when computed (exact checks), else null. */
    margin: number | null;
    coalitionsChecked: number;
    evidence: string;
  };
  /** The members who gain least under the split used (up to three). */
  leastGain: string[];
  /** Held together by a `together` constraint although someone would be better off alone. */
  forcedByConstraints: boolean;
}

export interface PartnershipPlan {
  partnerships: PlannedPartnership[];
  alone: string[];
  aloneReasons: {
    id: string;
    reason: string;
    /**
     * What it would add to the partnership it adds most to among those it may join (v(P ∪ {i}) −
     * v(P)), or for one that left a partnership, what it added to it; null when it may join none.
     */
    wouldAdd: number | null;
    /** That partnership's index in `partnerships`, when it is one of them (else null: a single body, or none). */
    partnership: number | null;
  }[];
  totalSaving: number;
  baselines: { allAlone: number; onePartnership: number };
  constraints: PlanConstraints;
  notes: string[];
  stats: {
    authorities: number;
    evaluations: number;
    merges: number;
    moves: number;
    swaps: number;
    removedForRationality: number;
    milliseconds: number;
  };
}

export interface PlanOptions {
  /** Neighbouring authorities scored per cluster (default 10). */
  readonly neighbours?: number;
  readonly maxPasses?: number;
  /** Swaps in local search up to this many authorities (default 2,000). */
  readonly swapLimit?: number;
  /** Called between phases: done of total (1,000 in all). */
  readonly onProgress?: (done: number, total: number) => void | Promise<void>;
}
