/**
 * How much work a request asks for, before any of it is done: a rough, deliberately
 * pessimistic count of CPU milliseconds on a machine like the benchmarks' (see BENCHMARKS.md),
 * from the sizes that drive the cost. It decides where work runs: trivial work inline, the rest
 * on the worker pool (locally) and, past INLINE_WORK_LIMIT_MS, not within a request at all (a
 * 422 that points at runs, which have no such limit). The deadline of each request and run
 * (lambda/local/pool.ts) catches what an estimate misjudges.
 *
 * Calibration (2 shared cores, esbuild bundle and tsx alike, issue 19): a compiled
 * authority-year with its appraisal about 5 µs; one Monte Carlo iteration about 3 µs an
 * authority-year; a coalition-year of the saving game under 1 µs (2^20 coalitions × 10 years in
 * 3.9 s bundled sharing IT and contact, about 1.9 times that with the back office shared too:
 * 0.7 µs; tsx's module interop can double it, which the request deadline then catches);
 * the tornado compiles the model twice per uncertain assumption (P10, P90), default ranges
 * included when the scenario runs Monte Carlo (153 of them), and searches a break-even for the
 * twelve largest swings (the ends and ten to fifteen false-position steps each); a tornado
 * compile (one override, the whole partnership appraised, no game) took about 1 µs an
 * authority-year (153 assumptions: 0.7 s for the 130 call centres, 2.6 s for 500 synthetic
 * bodies), counted as 2; a PERT shape's quantile table a few milliseconds. The planner
 * (issue 13: partnerships valued incrementally, so `maxSize` barely matters): 2,000 synthetic
 * bodies over 10 years took 3 to 9 s of CPU at maxSize 20 and 500 (0.15 to 0.45 ms an
 * authority-year), over 60 years 215 s (1.8 ms: more partnerships pay, so more are scored), hence
 * 0.3 ms plus 0.02 ms per year of horizon an authority-year, a little per unit of `maxSize` (the
 * links to a moved hub are re-summed over the partnership; 25,000 bodies took the same time at
 * maxSize 500 and 2,000, with partnerships of 500 and 1,631), and the exact game of a partnership
 * of up to 16 members (PLANNER_EXACT_MEMBERS) about once per 500 bodies.
 */
import { resolveAssumptions } from '../engine/assumptions';
import { MAX_EXACT_PLAYERS } from '../engine/allocation/game';
import {
  DEFAULT_CORE_SEARCH_EVALUATIONS,
  DEFAULT_SHAPLEY_EVALUATIONS,
  MAX_SAMPLED_PLAYERS,
} from '../engine/allocation/strategy';
import type { AllocationMethod, Scenario } from '../engine/schema';
import { BREAK_EVEN_SEARCHED } from '../engine/uncertainty/sensitivity';
import { PLANNER_EXACT_MEMBERS } from '../planner/membership';

/** Work a request may do within its own answer (ms of estimated CPU); more belongs in a run. */
export const INLINE_WORK_LIMIT_MS = 15_000;
/** Work small enough to do on the event loop itself: a thread hop would cost more. */
export const TRIVIAL_WORK_MS = 5;

const COMPILE_MS = 0.005; // per authority-year
const ITERATION_MS = 0.003; // per authority-year
const ITERATION_FIXED_MS = 0.3;
const COALITION_YEAR_MS = 0.001;
const TORNADO_COMPILE_MS = 0.002; // per authority-year
const BREAK_EVEN_COMPILES = 20;
const PERT_TABLE_MS = 5;
const PLAN_MS = 0.3; // per authority-year
const PLAN_YEAR_MS = 0.02; // per authority-year per year of horizon
const PLAN_MEMBER_MS = 0.00002; // per authority-year per unit of maxSize

export interface SimulateWork {
  readonly iterations?: number;
  readonly allocation?: AllocationMethod;
  /** The tornado (default: computed when something is uncertain). */
  readonly sensitivity?: boolean;
}

/** The saving game's part: exact up to 20 authorities, sampled Shapley to 2,000, a bounded core search. */
function gameMs(n: number, years: number, allocation: AllocationMethod): number {
  if (n <= MAX_EXACT_PLAYERS) return 2 ** n * years * COALITION_YEAR_MS;
  const sampled = allocation === 'shapley' && n <= MAX_SAMPLED_PLAYERS ? DEFAULT_SHAPLEY_EVALUATIONS : 0;
  return (sampled + DEFAULT_CORE_SEARCH_EVALUATIONS) * years * COALITION_YEAR_MS;
}

/** Estimated ms of one simulation of `s` (with its Monte Carlo iterations, when asked). */
export function simulateWorkMs(s: Scenario, w: SimulateWork = {}): number {
  const n = s.authorities.length;
  const years = s.horizonYears;
  const cells = n * years;
  // what simulate resolves: the default ranges are uncertain too when the scenario runs Monte Carlo
  const { uncertain } = resolveAssumptions(s.assumptions, s.uncertainty);
  const shapes = new Set<string>();
  for (const d of uncertain.values()) if (d.dist === 'pert') shapes.add(`${d.min},${d.mode},${d.max}`);
  const iterations = w.iterations ?? s.uncertainty.iterations;
  const u = uncertain.size;
  const tornadoCompiles = 2 * u + Math.min(u, BREAK_EVEN_SEARCHED) * BREAK_EVEN_COMPILES;
  const tornado = w.sensitivity === false ? 0 : tornadoCompiles * cells * TORNADO_COMPILE_MS;
  return (
    cells * COMPILE_MS +
    gameMs(n, years, w.allocation ?? s.allocation) +
    tornado +
    shapes.size * PERT_TABLE_MS +
    iterations * (cells * ITERATION_MS + ITERATION_FIXED_MS)
  );
}

/** Estimated ms of planning `s` with partnerships of at most `maxSize`. */
export function planWorkMs(s: Scenario, maxSize: number): number {
  const n = s.authorities.length;
  const years = s.horizonYears;
  const size = Math.min(maxSize, n, PLANNER_EXACT_MEMBERS);
  // partnerships small enough for an exact game: at most n / size; in practice one per 500 bodies or fewer
  const partnerships = Math.min(Math.floor(n / Math.max(2, size)), Math.max(1, Math.ceil(n / 500)));
  const search = n * years * (PLAN_MS + PLAN_YEAR_MS * years + PLAN_MEMBER_MS * Math.min(maxSize, n));
  const games = size >= 2 ? partnerships * 2 ** size * years * COALITION_YEAR_MS : 0;
  return search + games;
}

/** A readable size of estimated work, for problems and logs. */
export function describeWork(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 7_200_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}
