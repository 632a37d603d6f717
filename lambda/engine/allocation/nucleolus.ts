/**
 * Core-based allocations of a game on bit masks, exact up to 20 players: the nucleolus and the
 * least core, by linear programmes over the excesses e(S) = x(S) − v(S) (what coalition S gets
 * beyond what it could save on its own), solved by HiGHS (solver.ts).
 *
 * The nucleolus (Schmeidler, 1969) is the split, among those leaving everyone at least its value
 * alone, whose smallest excesses are as large as they can be, lexicographically. It is computed
 * by the sequence of linear programmes of Maschler, Peleg and Shapley (1979) as Kopelowitz
 * (1967) set them out: maximise t subject to x(S) − t ≥ v(S) for every coalition not yet
 * settled, x(N) = v(N), x(S) = v(S) + t_k for the coalitions fixed at earlier levels, and
 * xᵢ ≥ v({i}) as bounds. After each level the coalitions (and bounds) whose constraint has a
 * positive dual price are tight in every optimal solution (complementary slackness) and are
 * fixed at that level; a coalition whose membership vector lies in the span of the fixed ones
 * has an excess the fixed ones determine and is settled (dropping a component common to every
 * candidate leaves their lexicographic order unchanged). When the fixed coalitions span every
 * player, the allocation is the unique solution of their equations, solved directly.
 *
 * 2^n coalitions are too many rows for n = 20, so constraints are generated as needed: the LP
 * starts from the singletons and the "everyone but one" coalitions, and after each solve one
 * pass over a table of the game (computed once, never re-costed) finds the coalitions whose
 * excess is below t; the most violated are added and the LP solved again from its last basis.
 *
 * The least core is the set of splits whose smallest excess is the largest possible, t₁ (the
 * first level above): the core is empty exactly when t₁ < 0, and −t₁ is then the deficit, the
 * least amount every coalition must be let fall short by. `leastCore` returns the point of the
 * least core that moves the least money, in total, away from a target split (the Shapley value
 * by default): minimise Σ|xᵢ − gᵢ| over the least core, a second linear programme with the same
 * constraint generation (HiGHS's QP solver, tried for the Euclidean distance, stalls on least
 * cores as thin as its tolerances; a linear objective does not). Values are scaled to at most 1
 * in magnitude while solving.
 *
 * Long because the sequence of linear programmes, their constraint generation and the least core share
 * one game representation and one solver session; split, each part would need the others' internals.
 */
import type { Highs } from 'highs';
import { MAX_EXACT_PLAYERS, popcount, shapleyFromTable, tabulate } from './game';
import { lpSolver } from './solver';

/** Tolerance on normalised excesses (values scaled to at most 1). */
const TOL = 1e-9;
/** A dual price above this marks a constraint tight in every optimal solution. */
const DUAL_TOL = 1e-9;
/**
 * Room left under t₁ in the least-core LP, so rounding in t₁ cannot make it infeasible; the
 * answer is then projected onto the constraints active at t₁ exactly.
 */
const SLACK = 1e-9;

const FREE = 0;
const ACTIVE = 1;
const FIXED = 2;
const SETTLED = 3;

type Model = ReturnType<Highs['createModel']>;

/** The linear span of coalition membership vectors, in reduced row-echelon form. */
class Span {
  private readonly rows: Float64Array[] = [];
  private readonly pivots: number[] = [];
  /** Independent coalitions added, in order, with their right-hand sides. */
  readonly basis: { mask: number; rhs: number }[] = [];

  constructor(private readonly n: number) {}

  get rank(): number {
    return this.rows.length;
  }

  private residual(mask: number): Float64Array {
    const r = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) if (mask & (1 << i)) r[i] = 1;
    this.rows.forEach((row, k) => {
      const f = r[this.pivots[k]!]!;
      if (f !== 0) for (let i = 0; i < this.n; i++) r[i]! -= f * row[i]!;
    });
    return r;
  }

  contains(mask: number): boolean {
    const r = this.residual(mask);
    for (let i = 0; i < this.n; i++) if (Math.abs(r[i]!) > 1e-9) return false;
    return true;
  }

  /** Add a coalition; false when it is already in the span. */
  add(mask: number, rhs: number): boolean {
    const r = this.residual(mask);
    let p = -1;
    for (let i = 0; i < this.n; i++) if (Math.abs(r[i]!) > 1e-9 && (p < 0 || Math.abs(r[i]!) > Math.abs(r[p]!))) p = i;
    if (p < 0) return false;
    const f = r[p]!;
    for (let i = 0; i < this.n; i++) r[i]! /= f;
    this.rows.forEach((row) => {
      const g = row[p]!;
      if (g !== 0) for (let i = 0; i < this.n; i++) row[i]! -= g * r[i]!;
    });
    this.rows.push(r);
    this.pivots.push(p);
    this.basis.push({ mask, rhs });
    return true;
  }
}

/** x(S) for every mask S, each from the mask without its lowest player. */
function coalitionSums(n: number, x: ArrayLike<number>, out: Float64Array): void {
  out[0] = 0;
  for (let m = 1; m < 1 << n; m++) {
    const low = m & -m;
    out[m] = out[m ^ low]! + x[31 - Math.clz32(low)]!;
  }
}

/** Solve the square system Σ_{i∈S} xᵢ = rhs(S) over n independent coalitions (partial pivoting). */
function solveCoalitions(n: number, rows: readonly { mask: number; rhs: number }[]): number[] {
  const a = rows.map(({ mask, rhs }) => {
    const r = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) if (mask & (1 << i)) r[i] = 1;
    r[n] = rhs;
    return r;
  });
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    const pivot = a[c]![c]!;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / pivot;
      if (f !== 0) for (let k = c; k <= n; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  return a.map((r, i) => r[n]! / r[i]!);
}

/** Solve the dense system G y = r in place (Gaussian elimination, partial pivoting); null when singular. */
function solveDense(g: Float64Array[], r: Float64Array): Float64Array | null {
  const k = r.length;
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let i = c + 1; i < k; i++) if (Math.abs(g[i]![c]!) > Math.abs(g[p]![c]!)) p = i;
    if (Math.abs(g[p]![c]!) < 1e-12) return null;
    [g[c], g[p]] = [g[p]!, g[c]!];
    [r[c], r[p]] = [r[p]!, r[c]!];
    for (let i = 0; i < k; i++) {
      if (i === c) continue;
      const f = g[i]![c]! / g[c]![c]!;
      if (f === 0) continue;
      for (let j = c; j < k; j++) g[i]![j]! -= f * g[c]![j]!;
      r[i]! -= f * r[c]!;
    }
  }
  return r.map((ri, i) => ri / g[i]![i]!);
}

/**
 * The point nearest x on which every given coalition has exactly its right-hand side:
 * x + Aᵀ(AAᵀ)⁻¹(b − Ax).
 */
function projectOnto(n: number, x: Float64Array, rows: readonly { mask: number; rhs: number }[]): Float64Array | null {
  const sum = (mask: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) if (mask & (1 << i)) s += x[i]!;
    return s;
  };
  const g = rows.map((p) => Float64Array.from(rows, (q) => popcount(p.mask & q.mask)));
  const y = solveDense(
    g,
    Float64Array.from(rows, (p) => p.rhs - sum(p.mask)),
  );
  if (!y) return null;
  const out = Float64Array.from(x);
  rows.forEach((p, k) => {
    for (let i = 0; i < n; i++) if (p.mask & (1 << i)) out[i]! += y[k]!;
  });
  return out;
}

/** Masks whose excess is below `threshold`, the `keep` lowest first, among those in state FREE. */
function mostViolated(
  n: number,
  w: Float64Array,
  xs: Float64Array,
  threshold: number,
  state: Uint8Array,
  keep: number,
): number[] {
  const full = (1 << n) - 1;
  const masks: number[] = [];
  const excess: number[] = [];
  let worst = -1; // index in `masks` of the largest excess kept
  for (let m = 1; m < full; m++) {
    if (state[m] !== FREE) continue;
    const e = xs[m]! - w[m]!;
    if (!(e < threshold)) continue;
    if (masks.length < keep) {
      masks.push(m);
      excess.push(e);
      if (worst < 0 || e > excess[worst]!) worst = masks.length - 1;
    } else if (e < excess[worst]!) {
      masks[worst] = m;
      excess[worst] = e;
      worst = 0;
      for (let k = 1; k < keep; k++) if (excess[k]! > excess[worst]!) worst = k;
    }
  }
  return masks
    .map((m, k) => ({ m, e: excess[k]! }))
    .sort((p, q) => p.e - q.e || p.m - q.m)
    .map((p) => p.m);
}

/**
 * The imputations: splits of v(N) that leave everyone at least its value alone. They exist when
 * v(N) ≥ Σ v({i}); the nucleolus is then taken over them (Schmeidler's definition), else over
 * every split of v(N) (the prenucleolus).
 */
function imputationFloors(n: number, w: Float64Array): Float64Array | null {
  const floors = Float64Array.from({ length: n }, (_, i) => w[1 << i]!);
  const total = floors.reduce((s, x) => s + x, 0);
  return w[(1 << n) - 1]! >= total - TOL ? floors : null;
}

function normalised(n: number, v: Float64Array): { w: Float64Array; scale: number } {
  const size = 1 << n;
  let scale = 0;
  for (let m = 1; m < size; m++) scale = Math.max(scale, Math.abs(v[m]!));
  if (!(scale > 0)) scale = 1;
  const w = new Float64Array(size);
  for (let m = 1; m < size; m++) w[m] = v[m]! / scale;
  return { w, scale };
}

function checkSize(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_EXACT_PLAYERS)
    throw new RangeError(`core-based allocations are exact up to ${MAX_EXACT_PLAYERS} players (asked for ${n})`);
}

function requireOptimal(h: Highs, model: Model, what: string): void {
  const status = model.getModelStatus();
  if (status !== h.constants.modelStatus.optimal)
    throw new Error(`HiGHS could not solve the ${what} (model status ${status})`);
}

/**
 * The excess LP with generated constraints: maximise t subject to x(S) − t ≥ w(S) for the
 * coalitions added so far, x(N) = w(N) and the fixed levels.
 */
class ExcessLp {
  readonly model: Model;
  readonly state: Uint8Array;
  readonly span: Span;
  readonly xs: Float64Array;
  /** Row of each mask in the LP (active, fixed or settled). */
  readonly rowOf = new Map<number, number>();
  readonly maskOf: number[] = [];
  x = new Float64Array(0);
  t = 0;
  solves = 0;
  private bound: number;
  private readonly keep: number;
  /** Each player's value alone, the lower bound of its share, when the imputations exist; else null. */
  readonly floors: Float64Array | null;

  constructor(
    private readonly h: Highs,
    readonly n: number,
    readonly w: Float64Array,
  ) {
    const full = (1 << n) - 1;
    this.state = new Uint8Array(1 << n);
    this.span = new Span(n);
    this.xs = new Float64Array(1 << n);
    this.keep = Math.max(16, 2 * n);
    this.model = h.createModel();
    const m = this.model;
    m.options.set({ output_flag: false, primal_feasibility_tolerance: 1e-10, dual_feasibility_tolerance: 1e-10 });
    this.bound = 4 + n;
    const lower = new Array<number>(n + 1).fill(-h.infinity);
    this.floors = imputationFloors(n, w);
    if (this.floors) for (let i = 0; i < n; i++) lower[i] = this.floors[i]!;
    const upper = new Array<number>(n + 1).fill(h.infinity);
    upper[n] = this.bound;
    m.addVars(lower, upper);
    m.changeColCost(n, 1);
    m.changeObjectiveSense(h.constants.objectiveSense.maximize);
    const everyone = Array.from({ length: n }, (_, i) => i);
    m.addRow(w[full]!, w[full]!, { indices: everyone, values: everyone.map(() => 1) });
    this.maskOf.push(full);
    this.rowOf.set(full, 0);
    this.state[full] = FIXED;
    this.span.add(full, w[full]!);
    for (let i = 0; i < n; i++) this.addCoalition(1 << i);
    if (n >= 3) for (let i = 0; i < n; i++) this.addCoalition(full ^ (1 << i));
  }

  private addCoalition(mask: number): void {
    const indices: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < this.n; i++)
      if (mask & (1 << i)) {
        indices.push(i);
        values.push(1);
      }
    indices.push(this.n);
    values.push(-1);
    this.model.addRow(this.w[mask]!, this.h.infinity, { indices, values });
    this.rowOf.set(mask, this.maskOf.length);
    this.maskOf.push(mask);
    this.state[mask] = ACTIVE;
  }

  /** Solve the current level, generating the constraints it needs; leaves x and t. */
  solveLevel(): void {
    for (;;) {
      this.model.run();
      this.solves++;
      requireOptimal(this.h, this.model, 'least-core linear programme');
      const col = this.model.getSolution().colValue;
      this.x = col.slice(0, this.n);
      this.t = col[this.n]!;
      coalitionSums(this.n, this.x, this.xs);
      let added = 0;
      for (const m of mostViolated(this.n, this.w, this.xs, this.t - TOL, this.state, this.keep)) {
        if (this.span.contains(m)) this.state[m] = SETTLED;
        else {
          this.addCoalition(m);
          added++;
        }
      }
      if (added > 0) continue;
      if (this.t >= this.bound * (1 - 1e-12)) {
        this.bound *= 16;
        this.model.changeColBounds(this.n, -this.h.infinity, this.bound);
        continue;
      }
      return;
    }
  }

  /** Fix the coalitions tight in every optimal solution at level t; settle those now determined. */
  fixLevel(): void {
    const solution = this.model.getSolution();
    const dual = solution.rowDual;
    // a share held at its floor (value alone) with a positive reduced cost stays there in every optimal solution
    if (this.floors)
      for (let i = 0; i < this.n; i++)
        if (
          Math.abs(solution.colDual[i]!) > DUAL_TOL &&
          this.x[i]! <= this.floors[i]! + TOL &&
          this.span.add(1 << i, this.floors[i]!)
        )
          this.model.changeColBounds(i, this.floors[i]!, this.floors[i]!);
    const active = this.maskOf.filter((m) => this.state[m] === ACTIVE);
    let tight = active.filter((m) => Math.abs(dual[this.rowOf.get(m)!]!) > DUAL_TOL);
    // degenerate duals (should not happen): fall back to every constraint tight now
    if (tight.length === 0) tight = active.filter((m) => this.xs[m]! - this.w[m]! <= this.t + TOL);
    for (const m of tight) {
      const r = this.rowOf.get(m)!;
      const rhs = this.w[m]! + this.t;
      this.model.changeCoefficient(r, this.n, 0);
      this.model.changeRowBounds(r, rhs, rhs);
      this.state[m] = FIXED;
      this.span.add(m, rhs);
    }
    for (const m of active) {
      if (this.state[m] !== ACTIVE || !this.span.contains(m)) continue;
      this.model.changeRowBounds(this.rowOf.get(m)!, -this.h.infinity, this.h.infinity);
      this.state[m] = SETTLED;
    }
  }

  dispose(): void {
    this.model.dispose();
  }
}

export interface NucleolusDetail {
  readonly allocation: number[];
  /** The levels t₁ < t₂ < …: the smallest excess at each stage (t₁ is the least-core margin). */
  readonly levels: number[];
  readonly lpSolves: number;
  /** Coalition constraints generated, of 2^n − 2. */
  readonly constraints: number;
}

/** The nucleolus from a table of every coalition's value (n ≤ 20). */
export function nucleolusFromTable(n: number, v: Float64Array): NucleolusDetail {
  checkSize(n);
  if (n === 0) return { allocation: [], levels: [], lpSolves: 0, constraints: 0 };
  if (n === 1) return { allocation: [v[1]!], levels: [], lpSolves: 0, constraints: 0 };
  const { w, scale } = normalised(n, v);
  const lp = new ExcessLp(lpSolver(), n, w);
  try {
    const levels: number[] = [];
    while (lp.span.rank < n) {
      lp.solveLevel();
      levels.push(lp.t * scale);
      lp.fixLevel();
    }
    return {
      allocation: solveCoalitions(n, lp.span.basis).map((x) => x * scale),
      levels,
      lpSolves: lp.solves,
      constraints: lp.maskOf.length - 1,
    };
  } finally {
    lp.dispose();
  }
}

export interface LeastCoreDetail {
  readonly allocation: number[];
  /** t₁ = max over splits of min over coalitions of x(S) − v(S): at least 0 exactly when the core is not empty. */
  readonly margin: number;
  readonly coreEmpty: boolean;
  /** max(0, −margin): how far short of its own saving the worst-treated coalition must fall. */
  readonly deficit: number;
  readonly lpSolves: number;
  readonly constraints: number;
}

/** The least-core margin t₁ alone: one level of the excess LP. */
export function leastCoreMarginFromTable(n: number, v: Float64Array): number {
  checkSize(n);
  if (n < 2) return n === 1 ? 0 : 0;
  const { w, scale } = normalised(n, v);
  const lp = new ExcessLp(lpSolver(), n, w);
  try {
    lp.solveLevel();
    return lp.t * scale;
  } finally {
    lp.dispose();
  }
}

/**
 * The point of the least core with the least total |xᵢ − targetᵢ| (target: the Shapley value by
 * default), from a table of
 * every coalition's value (n ≤ 20).
 */
export function leastCoreFromTable(n: number, v: Float64Array, target?: readonly number[]): LeastCoreDetail {
  checkSize(n);
  if (n === 0) return { allocation: [], margin: 0, coreEmpty: false, deficit: 0, lpSolves: 0, constraints: 0 };
  if (n === 1) return { allocation: [v[1]!], margin: 0, coreEmpty: false, deficit: 0, lpSolves: 0, constraints: 0 };
  const h = lpSolver();
  const { w, scale } = normalised(n, v);
  const full = (1 << n) - 1;
  const goal = (target ?? shapleyFromTable(n, v)).map((x) => x / scale);
  const lp = new ExcessLp(h, n, w);
  let t1: number;
  let startRows: number[];
  let solves: number;
  try {
    lp.solveLevel();
    t1 = lp.t;
    solves = lp.solves;
    startRows = lp.maskOf.filter((m) => m !== full && lp.state[m] === ACTIVE);
  } finally {
    lp.dispose();
  }
  const floor = t1 - SLACK;
  const model = h.createModel();
  try {
    model.options.set({ output_flag: false, primal_feasibility_tolerance: 1e-10, dual_feasibility_tolerance: 1e-10 });
    // columns x₀…x_{n−1} (free), then d₀…d_{n−1} ≥ |xᵢ − gᵢ|; minimise Σ dᵢ
    const everyone = Array.from({ length: n }, (_, i) => i);
    const floors = imputationFloors(n, w);
    model.addVars(
      [...everyone.map((i) => (floors ? floors[i]! : -h.infinity)), ...everyone.map(() => 0)],
      [...everyone.map(() => h.infinity), ...everyone.map(() => h.infinity)],
    );
    for (const i of everyone) {
      model.changeColCost(n + i, 1);
      model.addRow(-goal[i]!, h.infinity, { indices: [i, n + i], values: [-1, 1] });
      model.addRow(goal[i]!, h.infinity, { indices: [i, n + i], values: [1, 1] });
    }
    model.addRow(w[full]!, w[full]!, { indices: everyone, values: everyone.map(() => 1) });
    const state = new Uint8Array(1 << n);
    state[full] = FIXED;
    let constraints = 0;
    const add = (mask: number) => {
      const indices = everyone.filter((i) => mask & (1 << i));
      model.addRow(w[mask]! + floor, h.infinity, { indices, values: indices.map(() => 1) });
      state[mask] = ACTIVE;
      constraints++;
    };
    startRows.forEach(add);
    const xs = new Float64Array(1 << n);
    let x: Float64Array;
    for (;;) {
      model.run();
      solves++;
      requireOptimal(h, model, 'least-core linear programme');
      x = model.getSolution().colValue.slice(0, n);
      coalitionSums(n, x, xs);
      const violated = mostViolated(n, w, xs, floor - TOL, state, Math.max(16, 2 * n));
      if (violated.length === 0) break;
      violated.forEach(add);
    }
    const exact = polish(n, w, x, t1, xs, floors);
    const margin = t1 * scale;
    if (!exact) {
      // the projection failed (should not happen): the nucleolus lies in the least core too
      const nu = nucleolusFromTable(n, v);
      return { ...leastCoreResult(nu.allocation, margin, scale), lpSolves: solves + nu.lpSolves, constraints };
    }
    return {
      allocation: Array.from(exact, (xi) => xi * scale),
      margin,
      coreEmpty: margin < -TOL * scale,
      deficit: Math.max(0, -margin),
      lpSolves: solves,
      constraints,
    };
  } finally {
    model.dispose();
  }
}

/**
 * The LP's answer satisfies every coalition to within SLACK of t₁: project it onto the
 * coalitions within 4·SLACK of t₁ (an independent set of them, and N) at exactly t₁, and
 * check that no coalition then falls below t₁. Null when that fails.
 */
function polish(
  n: number,
  w: Float64Array,
  x: Float64Array,
  t1: number,
  xs: Float64Array,
  floors: Float64Array | null,
): Float64Array | null {
  const full = (1 << n) - 1;
  const span = new Span(n);
  const rows = [{ mask: full, rhs: w[full]! }];
  span.add(full, w[full]!);
  const take = (mask: number, rhs: number) => {
    if (span.rank < n && span.add(mask, rhs)) rows.push({ mask, rhs });
  };
  if (floors) for (let i = 0; i < n; i++) if (x[i]! <= floors[i]! + 4 * SLACK) take(1 << i, floors[i]!);
  for (let m = 1; m < full && span.rank < n; m++) if (xs[m]! - w[m]! <= t1 + 4 * SLACK) take(m, w[m]! + t1);
  const y = projectOnto(n, x, rows);
  if (!y) return null;
  coalitionSums(n, y, xs);
  if (floors) for (let i = 0; i < n; i++) if (y[i]! < floors[i]! - TOL) return null;
  for (let m = 1; m < full; m++) if (xs[m]! - w[m]! < t1 - TOL) return null;
  return y;
}

function leastCoreResult(allocation: number[], margin: number, scale: number) {
  return { allocation, margin, coreEmpty: margin < -TOL * scale, deficit: Math.max(0, -margin) };
}

/** The nucleolus of a game given by its value on bit masks (n ≤ 20): needs `loadLpSolver()` first. */
export function nucleolus(n: number, value: (coalition: number) => number): number[] {
  checkSize(n);
  if (n === 0) return [];
  return nucleolusFromTable(n, tabulate(n, value)).allocation;
}

/**
 * The least core of a game on bit masks (n ≤ 20) and its point moving least money from the
 * Shapley value: needs `loadLpSolver()` first.
 */
export function leastCore(n: number, value: (coalition: number) => number): LeastCoreDetail {
  checkSize(n);
  if (n === 0) return leastCoreFromTable(0, new Float64Array(1));
  return leastCoreFromTable(n, tabulate(n, value));
}
