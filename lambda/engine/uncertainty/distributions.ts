/**
 * Distributions of uncertain assumptions: quantile functions (inverse CDFs). Sampling is by
 * inversion, one uniform per assumption, so the same functions give the tornado's P10 and P90.
 */
import type { Distribution } from '../schema';

/** Standard normal inverse CDF (Acklam's algorithm, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
    2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9)
  const g = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let s = g[0]!;
  for (let i = 1; i < 9; i++) s += g[i]! / (x + i);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Continued fraction of the incomplete beta (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  return incompleteBetaWith(x, a, b, logGamma(a) + logGamma(b) - logGamma(a + b));
}

/** The same with log B(a, b) given: a shape's table keeps it, so a draw computes no log-gamma. */
function incompleteBetaWith(x: number, a: number, b: number, logB: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log(1 - x) - logB);
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** The beta density at x, with log B(a, b) given. */
function betaDensity(x: number, a: number, b: number, logB: number): number {
  return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log(1 - x) - logB);
}

/** Inverse of I_x(a, b) by bisection to double precision (monotone, so always converges). */
export function betaQuantile(p: number, a: number, b: number): number {
  let lo = 0,
    hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (incompleteBeta(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Beta quantiles for sampling: a 1,024-step table of the quantile function per shape and its
 * slope (1 / density) at each node, built once; a draw interpolates by cubic Hermite (error of
 * order step⁴, about 1e-12) and polishes by Newton on the exact CDF with log B(a, b) from the
 * table: one incomplete beta per draw inside the table, a few in the steep first and last
 * intervals. Linear interpolation and the log-gamma terms on every evaluation were about a third
 * of a Monte Carlo draw (two or three incomplete betas each).
 *
 * The tables are kept in a least-recently-used map that holds every PERT of a scenario with
 * room to spare (a scenario has at most one distribution per assumption, fewer than 100): a
 * cache that emptied itself at 64 shapes rebuilt every table on every draw of a scenario with
 * 70 PERT assumptions (about a second an iteration; issue 19).
 */
const TABLE_STEPS = 1024;
export const BETA_TABLE_CACHE = 256;
interface BetaTable {
  readonly q: Float64Array;
  /** dq/dp at each node, 1 / density (not finite where the density is 0: the ends). */
  readonly slope: Float64Array;
  readonly logB: number;
  /** When it was last used (a tick): the least recently used goes when the cache is full. */
  used: number;
}
/**
 * By a, then b: numbers, not a formatted string key, and a hit only stamps its tick (no
 * reordering): a string key and a delete-and-set per draw were a third of a Monte Carlo run.
 */
const betaTables = new Map<number, Map<number, BetaTable>>();
let cachedTables = 0;
let tick = 0;
let tablesBuilt = 0;

/** How many beta tables this process has built (tests: a shape is built once while it stays cached). */
export function betaTablesBuilt(): number {
  return tablesBuilt;
}

function evictLeastRecent(): void {
  let oldest: { row: Map<number, BetaTable>; b: number; a: number; used: number } | undefined;
  for (const [a, row] of betaTables)
    for (const [b, t] of row) if (!oldest || t.used < oldest.used) oldest = { row, a, b, used: t.used };
  if (!oldest) return;
  oldest.row.delete(oldest.b);
  if (oldest.row.size === 0) betaTables.delete(oldest.a);
  cachedTables--;
}

function betaTable(a: number, b: number): BetaTable {
  tick++;
  let row = betaTables.get(a);
  const hit = row?.get(b);
  if (hit) {
    hit.used = tick;
    return hit;
  }
  const logB = logGamma(a) + logGamma(b) - logGamma(a + b);
  const q = tabulate(a, b, logB);
  const slope = q.map((x) => 1 / betaDensity(x, a, b, logB));
  const t: BetaTable = { q, slope, logB, used: tick };
  tablesBuilt++;
  if (cachedTables >= BETA_TABLE_CACHE) {
    evictLeastRecent();
    row = betaTables.get(a);
  }
  if (!row) {
    row = new Map();
    betaTables.set(a, row);
  }
  row.set(b, t);
  cachedTables++;
  return t;
}

/**
 * The table itself: each quantile by safeguarded Newton on the exact CDF, started from the
 * previous one advanced along the density (a handful of incomplete betas each, where plain
 * bisection to double precision took 60), and kept inside its bracket [previous, 1].
 */
function tabulate(a: number, b: number, logB: number): Float64Array {
  const q = new Float64Array(TABLE_STEPS + 1);
  q[TABLE_STEPS] = 1;
  for (let k = 1; k < TABLE_STEPS; k++) {
    const p = k / TABLE_STEPS;
    let lo = q[k - 1]!,
      hi = 1;
    const d0 = lo > 0 ? betaDensity(lo, a, b, logB) : 0;
    let x = d0 > 0 && Number.isFinite(d0) ? lo + 1 / TABLE_STEPS / d0 : (lo + hi) / 2;
    if (!(x > lo && x < hi)) x = (lo + hi) / 2;
    for (let i = 0; i < 200; i++) {
      const f = incompleteBetaWith(x, a, b, logB) - p;
      if (f === 0) break;
      if (f > 0) hi = x;
      else lo = x;
      const d = betaDensity(x, a, b, logB);
      let next = d > 0 && Number.isFinite(d) ? x - f / d : Number.NaN;
      if (!(next > lo && next < hi)) next = (lo + hi) / 2;
      if (next === x || hi - lo <= 2e-16 * hi) break;
      x = next;
    }
    q[k] = x;
  }
  return q;
}

export function betaQuantileFast(p: number, a: number, b: number): number {
  const { q, slope, logB } = betaTable(a, b);
  const h = p * TABLE_STEPS;
  const k = Math.min(TABLE_STEPS - 1, Math.floor(h));
  let lo = q[k]!,
    hi = q[k + 1]!;
  const u = h - k;
  let x = lo + u * (hi - lo);
  // inside the table, a cubic Hermite guess from the nodes' slopes (error of order step⁴, not
  // step²): one Newton step then lands on the root to double precision
  const s0 = slope[k]!,
    s1 = slope[k + 1]!;
  if (Number.isFinite(s0) && Number.isFinite(s1)) {
    const u2 = u * u,
      u3 = u2 * u;
    const hermite =
      (2 * u3 - 3 * u2 + 1) * lo +
      ((u3 - 2 * u2 + u) * s0) / TABLE_STEPS +
      (-2 * u3 + 3 * u2) * hi +
      ((u3 - u2) * s1) / TABLE_STEPS;
    if (hermite > lo && hermite < hi) x = hermite;
  }
  // Newton on the exact CDF, kept inside the table's bracket (bisection when a step leaves it),
  // until a step is below 1e-10 of x: the error after it is of the order of its square. One
  // step inside the table, a few more in the steep first and last intervals.
  for (let i = 0; i < 30 && hi - lo > 1e-15; i++) {
    if (x <= 0 || x >= 1) break;
    const f = incompleteBetaWith(x, a, b, logB) - p;
    if (Math.abs(f) < 1e-15) break;
    if (f > 0) hi = x;
    else lo = x;
    const pdf = betaDensity(x, a, b, logB);
    const next = pdf > 0 && Number.isFinite(pdf) ? x - f / pdf : NaN;
    if (next > lo && next < hi) {
      const step = Math.abs(next - x);
      x = next;
      if (step <= 1e-10 * x) break;
    } else x = (lo + hi) / 2;
  }
  return x;
}

/** PERT as a scaled beta: α = 1 + 4(mode − min)/(max − min), β = 1 + 4(max − mode)/(max − min). */
export function pertShape(min: number, mode: number, max: number): { alpha: number; beta: number } {
  const r = max - min;
  return { alpha: 1 + (4 * (mode - min)) / r, beta: 1 + (4 * (max - mode)) / r };
}

/** Lognormal's log-space parameters from its own mean and sd. */
export function lognormalParams(mean: number, sd: number): { mu: number; sigma: number } {
  const s2 = Math.log(1 + (sd * sd) / (mean * mean));
  return { mu: Math.log(mean) - s2 / 2, sigma: Math.sqrt(s2) };
}

export function quantile(d: Distribution, p: number): number {
  switch (d.dist) {
    case 'uniform':
      return d.min + p * (d.max - d.min);
    case 'triangular': {
      const { min: a, mode: c, max: b } = d;
      const fc = (c - a) / (b - a);
      return p < fc ? a + Math.sqrt(p * (b - a) * (c - a)) : b - Math.sqrt((1 - p) * (b - a) * (b - c));
    }
    case 'pert': {
      const { alpha, beta } = pertShape(d.min, d.mode, d.max);
      return d.min + (d.max - d.min) * betaQuantileFast(p, alpha, beta);
    }
    case 'normal':
      return d.mean + d.sd * normalQuantile(p);
    case 'lognormal': {
      const { mu, sigma } = lognormalParams(d.mean, d.sd);
      return Math.exp(mu + sigma * normalQuantile(p));
    }
  }
}

/** A draw for uniform u in (0, 1), kept within the assumption's bounds (a normal's tail may cross them). */
export function sampleWithin(d: Distribution, u: number, min: number, max: number | undefined): number {
  const x = quantile(d, u);
  return Math.min(max ?? Infinity, Math.max(min, x));
}
