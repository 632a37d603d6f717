/**
 * Which partnerships to form: a partition of the authorities that saves most, within the
 * constraints, with every partnership individually rational (nobody allocated less than alone)
 * unless a `together` constraint forces it.
 *
 * 1. Greedy agglomeration. Start from singletons (with `together` groups pre-merged). Candidate
 *    merges are between a cluster and the clusters of the K authorities nearest its hub (a grid
 *    index over lat/lon), scored by the gain v(A∪B) − v(A) − v(B); a max-heap takes the best
 *    feasible positive gain, entries made stale by an earlier merge are re-scored lazily.
 * 2. Local search. Move one authority to a neighbouring cluster or out on its own, and (up to
 *    2,000 authorities) swap two, while any move gains; passes in index order.
 * 3. Individual rationality. Each partnership is simulated as a scenario of its own (the
 *    scenario's allocation rule, exact Shapley up to 20 members); while someone is better off
 *    alone and not held by `together`, the worst-off member leaves.
 *
 * Cost: with n authorities, K neighbours and partnerships of at most m, the greedy phase makes
 * O(n·K) gain evaluations (each O(m·T) for T years) and O(n·K·log(n·K)) heap work; each
 * local-search pass O(n·K) moves; the final simulations O(P·2^m) for P partnerships. Similar
 * authorities cost nothing extra: a school is scored only against its K neighbours, never
 * against the other thousands, and repeated memberships are memoised.
 * Deterministic: ties break by authority index, and nothing is random.
 */
import { type LatLon, distanceKm } from '../engine/geo';
import { compile } from '../engine/model';
import type { Scenario } from '../engine/schema';
import { simulate, type SimulationResult } from '../engine/simulate';
import { grandSaving } from '../engine/uncertainty/monteCarlo';
import { PlanGame } from './game';
import type { PlanConstraints } from './schema';
import { SpatialGrid } from './spatial';

export interface PlannedPartnership {
  members: string[];
  npvSaving: number;
  paybackYear: number | null;
  bcr: number | null;
  hub: LatLon | null;
  authorities: { id: string; pvAlone: number; saving: number; savingPercent: number; betterOffAlone: boolean }[];
  allocation: string;
  stability: { checked: 'exhaustive' | 'heuristic'; inCore: boolean | null };
  /** Held together by a `together` constraint although someone would be better off alone. */
  forcedByConstraints: boolean;
}

export interface PartnershipPlan {
  partnerships: PlannedPartnership[];
  alone: string[];
  aloneReasons: { id: string; reason: string }[];
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

const EPS = 1e-6;
/** Search rounds: each after individual rationality made members leave. */
const MAX_ROUNDS = 4;

interface Entry {
  gain: number;
  ra: number;
  rb: number;
  ca: number;
  cb: number;
  va: number;
  vb: number;
}

/** A binary max-heap on gain, ties to the smaller authority indices: deterministic. */
class Heap {
  private readonly a: Entry[] = [];
  get size(): number {
    return this.a.length;
  }
  private static before(x: Entry, y: Entry): boolean {
    return x.gain > y.gain || (x.gain === y.gain && (x.ra < y.ra || (x.ra === y.ra && x.rb < y.rb)));
  }
  push(e: Entry): void {
    const a = this.a;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!Heap.before(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }
  pop(): Entry | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1,
          r = l + 1;
        let m = i;
        if (l < a.length && Heap.before(a[l]!, a[m]!)) m = l;
        if (r < a.length && Heap.before(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

/** Clusters of authority indices, each with its value and a version that changes when it does. */
class Partition {
  readonly clusterOf: Int32Array;
  readonly members = new Map<number, number[]>();
  readonly value = new Map<number, number>();
  readonly version = new Map<number, number>();
  private nextId: number;

  constructor(readonly game: PlanGame) {
    this.clusterOf = new Int32Array(game.n).map((_, i) => i);
    for (let i = 0; i < game.n; i++) {
      this.members.set(i, [i]);
      this.value.set(i, 0);
      this.version.set(i, 0);
    }
    this.nextId = game.n;
  }

  /** Give cluster c these members (sorted); none removes it. */
  set(c: number, members: number[]): void {
    if (members.length === 0) {
      this.members.delete(c);
      this.value.delete(c);
      this.version.delete(c);
      return;
    }
    members.sort((a, b) => a - b);
    this.members.set(c, members);
    for (const i of members) this.clusterOf[i] = c;
    this.value.set(c, this.game.value(members));
    this.version.set(c, (this.version.get(c) ?? 0) + 1);
  }

  /** Take authority i out of its cluster into a cluster of its own; returns that cluster's id. */
  detach(i: number): number {
    const c = this.clusterOf[i]!;
    const rest = this.members.get(c)!.filter((x) => x !== i);
    if (rest.length === 0) return c;
    this.set(c, rest);
    const own = this.nextId++;
    this.set(own, [i]);
    return own;
  }

  /** Move authority i into cluster b. */
  moveTo(i: number, b: number): void {
    const own = this.detach(i);
    this.set(own, []);
    this.set(b, [...this.members.get(b)!, i]);
  }
}

export async function planPartnerships(
  s: Scenario,
  constraints: PlanConstraints,
  opts: PlanOptions = {},
): Promise<PartnershipPlan> {
  return new Planner(s, constraints, opts).run();
}

class Planner {
  private readonly model;
  private readonly game: PlanGame;
  private readonly grid: SpatialGrid;
  private readonly K: number;
  private readonly locked: Uint8Array;
  private readonly together: number[][];
  private readonly apartOf: number[][];
  private readonly region: (string | undefined)[];
  private readonly notes: string[] = [];
  private merges = 0;
  private moves = 0;
  private swaps = 0;

  constructor(
    private readonly s: Scenario,
    private readonly c: PlanConstraints,
    private readonly opts: PlanOptions,
  ) {
    this.model = compile(this.ownHub(s.authorities));
    this.game = new PlanGame(this.model);
    this.grid = new SpatialGrid(this.game.locations);
    this.K = opts.neighbours ?? 10;
    const { together, apart } = constraintIndices(s, c);
    this.together = together;
    this.locked = new Uint8Array(s.authorities.length);
    for (const g of together) for (const i of g) this.locked[i] = 1;
    this.apartOf = s.authorities.map(() => []);
    apart.forEach((g, k) => {
      for (const i of g) this.apartOf[i]!.push(k);
    });
    this.region = s.authorities.map((a) => a.region);
    const allowed = feasibility(this.game, c, this.apartOf, this.region);
    this.feasible = (members) =>
      allowed(members) &&
      (this.ruledOut.size === 0 || !this.ruledOut.has([...members].sort((x, y) => x - y).join(',')));
  }

  /** Member sets that failed individual rationality: not formed again. */
  private readonly ruledOut = new Set<string>();
  private readonly results = new Map<string, SimulationResult>();

  /** Does a set of authorities respect every constraint? (`together` is enforced by locking.) */
  private readonly feasible: (members: readonly number[]) => boolean;

  private ids(members: readonly number[]): string[] {
    return members.map((i) => this.s.authorities[i]!.id);
  }

  /** Clusters near a cluster: those of the K authorities nearest its hub (everyone when few). */
  private nearbyClusters(p: Partition, members: readonly number[], self: number): number[] {
    const out = new Set<number>();
    if (this.game.n <= 4 * this.K) {
      for (const c of p.members.keys()) if (c !== self) out.add(c);
    } else {
      const hub = this.game.hubOf(members);
      for (const j of this.grid.nearest(hub, this.K + members.length, members[0]!)) {
        const c = p.clusterOf[j]!;
        if (c !== self) out.add(c);
      }
    }
    return [...out].sort((a, b) => a - b);
  }

  private async progress(done: number): Promise<void> {
    await this.opts.onProgress?.(done, 1000);
  }

  async run(): Promise<PartnershipPlan> {
    const t0 = Date.now();
    const p = new Partition(this.game);
    // `together` groups start as one cluster each
    for (const g of mergeOverlapping(this.together)) {
      const head = Math.min(...g.map((i) => p.clusterOf[i]!));
      const all = [...new Set(g.flatMap((i) => p.members.get(p.clusterOf[i]!)!))].sort((a, b) => a - b);
      for (const i of all) if (p.clusterOf[i] !== head) p.set(p.clusterOf[i]!, []);
      p.set(head, all);
      if (!this.feasible(all))
        this.notes.push(
          `The together group ${this.ids(all).join(', ')} breaks another constraint; it is kept together as asked.`,
        );
    }
    await this.progress(50);
    // Search, then hold every partnership to individual rationality; members that leave (and
    // the partnerships they leave) get another search, with the sets that failed ruled out.
    const removed = new Map<number, string>();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      this.grow(p);
      await this.progress(100 + round * 200);
      this.greedy(p);
      this.localSearch(p);
      await this.progress(200 + round * 200);
      if (this.enforceRationality(p, removed) === 0) break;
    }
    this.enforceRationality(p, removed);
    const partnerships = this.describe(p);
    await this.progress(950);
    const alone = [...p.members.values()]
      .filter((m) => m.length === 1)
      .map((m) => m[0]!)
      .sort((a, b) => a - b);
    const aloneReasons = alone.map((i) => ({
      id: this.s.authorities[i]!.id,
      reason: removed.get(i) ?? this.whyAlone(p, i),
    }));
    const totalSaving = partnerships.reduce((x, q) => x + q.npvSaving, 0);
    // without a hub of its own the scenario's is its authorities' centre: the planning model's
    const onePartnership = grandSaving(this.s.hub ? compile(this.s) : this.model);
    if (onePartnership > totalSaving + EPS)
      this.notes.push(
        `One partnership of all ${this.game.n} would save more on paper (${Math.round(onePartnership)}) than this plan (${Math.round(totalSaving)}), but it breaks the constraints (at most ${this.c.maxSize} members${this.c.maxDistanceKm ? `, ${this.c.maxDistanceKm} km apart` : ''}${this.c.sameRegion ? ', one region' : ''}) or leaves some members worse off than alone.`,
      );
    if (this.game.n > (this.opts.swapLimit ?? 2000))
      this.notes.push(
        `Local search moved single authorities only: swaps are tried up to ${this.opts.swapLimit ?? 2000} authorities.`,
      );
    await this.progress(1000);
    return {
      partnerships,
      alone: this.ids(alone),
      aloneReasons,
      totalSaving,
      baselines: { allAlone: 0, onePartnership },
      constraints: this.c,
      notes: this.notes,
      stats: {
        authorities: this.game.n,
        evaluations: this.game.evaluations,
        merges: this.merges,
        moves: this.moves,
        swaps: this.swaps,
        removedForRationality: removed.size,
        milliseconds: Date.now() - t0,
      },
    };
  }

  private gain(p: Partition, a: number, b: number): number {
    const ma = p.members.get(a)!,
      mb = p.members.get(b)!;
    const u = [...ma, ...mb];
    if (!this.feasible(u)) return -Infinity;
    return this.game.value(u) - p.value.get(a)! - p.value.get(b)!;
  }

  /** A heap entry names clusters by their first members, so it can find them again after other merges. */
  private entry(p: Partition, c: number, d: number, gain: number): Entry {
    const [x, y] = p.members.get(c)![0]! < p.members.get(d)![0]! ? [c, d] : [d, c];
    return {
      gain,
      ra: p.members.get(x)![0]!,
      rb: p.members.get(y)![0]!,
      ca: x,
      cb: y,
      va: p.version.get(x)!,
      vb: p.version.get(y)!,
    };
  }

  private pushCandidates(p: Partition, heap: Heap, c: number): void {
    const mc = p.members.get(c)!;
    for (const d of this.nearbyClusters(p, mc, c)) {
      const g = this.gain(p, c, d);
      if (g > EPS) heap.push(this.entry(p, c, d, g));
    }
  }

  private greedy(p: Partition): void {
    const heap = new Heap();
    for (const c of [...p.members.keys()].sort((a, b) => a - b)) this.pushCandidates(p, heap, c);
    for (let e = heap.pop(); e; e = heap.pop()) {
      const a = p.clusterOf[e.ra]!,
        b = p.clusterOf[e.rb]!;
      if (a === b) continue;
      const fresh = a === e.ca && b === e.cb && p.version.get(a) === e.va && p.version.get(b) === e.vb;
      if (!fresh) {
        // an earlier merge changed one side: score the pair as it is now
        const g = this.gain(p, a, b);
        if (g > EPS) heap.push(this.entry(p, a, b, g));
        continue;
      }
      p.set(a, [...p.members.get(a)!, ...p.members.get(b)!]);
      p.set(b, []);
      this.merges++;
      this.pushCandidates(p, heap, a);
    }
  }

  /**
   * Seeded growth: economies of scale often pay only from three or four members (a partnership
   * has fixed costs of its own), so no single merge of two would look worth it. From each
   * authority not yet placed, largest first, add whichever of its unplaced neighbours makes the
   * partnership worth most, up to the size limit, and keep the best prefix if it saves anything.
   */
  private grow(p: Partition): void {
    const n = this.game.n;
    const order = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => this.game.staff[b]! - this.game.staff[a]! || a - b,
    );
    const placed = new Uint8Array(n);
    for (const c of p.members.values()) if (c.length > 1) for (const i of c) placed[i] = 1;
    for (const seed of order) {
      if (placed[seed]) continue;
      const pool = (
        n <= 4 * this.K
          ? Array.from({ length: n }, (_, i) => i)
          : this.grid.nearest(this.game.locations[seed], 2 * this.K, seed)
      ).filter((j) => j !== seed && !placed[j] && !this.locked[j]);
      const members = [seed];
      let best = { value: 0, size: 1 };
      while (members.length < this.c.maxSize && pool.length > 0) {
        let pick = -1,
          pickValue = -Infinity;
        for (let k = 0; k < pool.length; k++) {
          const trial = [...members, pool[k]!];
          if (!this.feasible(trial)) continue;
          const v = this.game.value(trial);
          if (v > pickValue) {
            pickValue = v;
            pick = k;
          }
        }
        if (pick < 0) break;
        members.push(pool.splice(pick, 1)[0]!);
        if (pickValue > best.value + EPS) best = { value: pickValue, size: members.length };
      }
      if (best.size < 2) continue;
      const chosen = members.slice(0, best.size);
      for (const i of chosen) {
        placed[i] = 1;
        if (i !== seed) p.set(p.clusterOf[i]!, []);
      }
      p.set(p.clusterOf[seed]!, chosen);
    }
  }

  private localSearch(p: Partition): void {
    const n = this.game.n;
    const maxPasses = this.opts.maxPasses ?? 10;
    const swapping = n <= (this.opts.swapLimit ?? 2000);
    for (let pass = 0; pass < maxPasses; pass++) {
      let improved = false;
      for (let i = 0; i < n; i++) {
        if (this.locked[i]) continue;
        const a = p.clusterOf[i]!;
        const ma = p.members.get(a)!;
        const without = ma.filter((x) => x !== i);
        const vA = p.value.get(a)!,
          vWithout = this.game.value(without);
        // out on its own
        let best = { delta: ma.length > 1 ? vWithout - vA : -Infinity, to: -1, swap: -1 };
        for (const b of this.nearbyClusters(p, [i], a)) {
          const mb = p.members.get(b)!;
          const vB = p.value.get(b)!;
          const joined = [...mb, i];
          if (this.feasible(joined)) {
            const d = vWithout + this.game.value(joined) - vA - vB;
            if (d > best.delta + EPS) best = { delta: d, to: b, swap: -1 };
          }
          if (!swapping || ma.length < 2) continue;
          for (const j of mb) {
            if (this.locked[j]) continue;
            const newA = [...without, j],
              newB = [...mb.filter((x) => x !== j), i];
            if (!this.feasible(newA) || !this.feasible(newB)) continue;
            const d = this.game.value(newA) + this.game.value(newB) - vA - vB;
            if (d > best.delta + EPS) best = { delta: d, to: b, swap: j };
          }
        }
        if (best.delta <= EPS) continue;
        improved = true;
        if (best.to === -1) {
          p.detach(i);
          this.moves++;
        } else if (best.swap === -1) {
          p.moveTo(i, best.to);
          this.moves++;
        } else {
          const j = best.swap,
            b = best.to;
          const newB = [...p.members.get(b)!.filter((x) => x !== j), i];
          p.set(a, [...without, j]);
          p.set(b, newB);
          this.swaps++;
        }
      }
      if (!improved) break;
    }
  }

  /**
   * The scenario for these authorities with no hub given, so they link to their own centre (each
   * partnership its own; the input's hub plays no part in planning), and no Monte Carlo.
   */
  private ownHub(authorities: Scenario['authorities']): Scenario {
    const { hub: _hub, ...rest } = this.s;
    return {
      ...rest,
      authorities,
      uncertainty: { iterations: 0, defaultRanges: false, seed: this.s.uncertainty.seed },
    };
  }

  /** A partnership simulated as a scenario of its own (cached by membership). */
  private simulated(members: readonly number[]): SimulationResult {
    const key = members.join(',');
    let r = this.results.get(key);
    if (!r) {
      r = simulate(this.ownHub(members.map((i) => this.s.authorities[i]!)), {
        allocation: this.s.allocation,
        sensitivity: false,
      });
      this.results.set(key, r);
    }
    return r;
  }

  /**
   * While a member not held by `together` is better off alone (or the partnership saves
   * nothing), the worst-off leaves; the set it left is never formed again. Returns how many left.
   */
  private enforceRationality(p: Partition, removed: Map<number, string>): number {
    let count = 0;
    const clusters = [...p.members.entries()].filter(([, m]) => m.length > 1).sort((x, y) => x[0] - y[0]);
    for (const [c] of clusters) {
      for (let members = p.members.get(c)!; members.length >= 2; members = p.members.get(c)!) {
        const r = this.simulated(members);
        const shares = r.authorities.map((x, k) => ({ x, i: members[k]! }));
        const worse = shares
          .filter(({ x, i }) => x.betterOffAlone && !this.locked[i])
          .sort((u, v) => u.x.saving - v.x.saving || u.i - v.i);
        const leave = worse[0] ?? (r.summary.npvSaving <= EPS ? shares.find(({ i }) => !this.locked[i]) : undefined);
        if (!leave) break;
        removed.set(
          leave.i,
          `better off alone: in the best partnership found (${this.ids(members).join(', ')}) its ${r.allocation.method} share of the saving would be ${Math.round(leave.x.saving)} ${this.s.currency}`,
        );
        this.ruledOut.add(members.join(','));
        p.detach(leave.i);
        count++;
      }
      const left = p.members.get(c);
      if (
        left &&
        left.length >= 2 &&
        this.simulated(left).summary.npvSaving <= EPS &&
        left.every((i) => this.locked[i])
      )
        this.ruledOut.add(left.join(','));
    }
    return count;
  }

  /** The partnerships as the API answers them, largest saving first. */
  private describe(p: Partition): PlannedPartnership[] {
    const out: PlannedPartnership[] = [];
    for (const members of p.members.values()) {
      if (members.length < 2) continue;
      const r = this.simulated(members);
      const forced = r.authorities.some((a) => a.betterOffAlone);
      out.push({
        members: this.ids(members),
        npvSaving: r.summary.npvSaving,
        paybackYear: r.summary.paybackYear,
        bcr: r.summary.bcr,
        hub: this.game.hubOf(members) ?? null,
        authorities: r.authorities.map((a) => ({
          id: a.id,
          pvAlone: a.pvAlone,
          saving: a.saving,
          savingPercent: a.savingPercent,
          betterOffAlone: a.betterOffAlone,
        })),
        allocation: r.allocation.method,
        stability: { checked: r.stability.checked, inCore: r.stability.inCore },
        forcedByConstraints: forced,
      });
      if (forced)
        this.notes.push(
          `The partnership of ${this.ids(members).join(', ')} leaves ${r.authorities
            .filter((a) => a.betterOffAlone)
            .map((a) => a.id)
            .join(', ')} worse off than alone: a together constraint holds them in.`,
        );
    }
    return out.sort((x, y) => y.npvSaving - x.npvSaving || x.members[0]!.localeCompare(y.members[0]!));
  }

  /** Why authority i is alone: no one it may join, or joining any nearby partnership costs more than it saves. */
  private whyAlone(p: Partition, i: number): string {
    let best = -Infinity,
      feasibleCount = 0;
    for (const b of this.nearbyClusters(p, [i], p.clusterOf[i]!)) {
      const mb = p.members.get(b)!;
      const joined = [...mb, i];
      if (!this.feasible(joined)) continue;
      feasibleCount++;
      best = Math.max(best, this.game.value(joined) - p.value.get(b)!);
    }
    if (feasibleCount === 0)
      return 'the constraints leave no partnership it may join (size, distance, region or apart)';
    return `joining any of the ${feasibleCount} nearest partnerships or authorities it may join would cost more than it saves (best: ${Math.round(best)} ${this.s.currency}): per-member governance, onboarding and links outweigh its share of the economies of scale`;
  }
}

/** The constraint check, shared with the exhaustive reference (exhaustive.ts). */
export function feasibility(
  game: PlanGame,
  c: PlanConstraints,
  apartOf: readonly number[][],
  region: readonly (string | undefined)[],
): (members: readonly number[]) => boolean {
  const loc = game.locations;
  return (members) => {
    if (members.length > c.maxSize) return false;
    const seen = new Set<number>();
    for (const i of members)
      for (const g of apartOf[i]!) {
        if (seen.has(g)) return false;
        seen.add(g);
      }
    if (c.sameRegion) {
      const r = region[members[0]!];
      if (members.some((i) => region[i] !== r)) return false;
    }
    if (c.maxDistanceKm !== undefined)
      for (let x = 0; x < members.length; x++)
        for (let y = x + 1; y < members.length; y++) {
          const p = loc[members[x]!],
            q = loc[members[y]!];
          if (p && q && distanceKm(p, q) > c.maxDistanceKm) return false;
        }
    if (c.maxHubDistanceKm !== undefined) {
      const hub = game.hubOf(members);
      if (hub) for (const i of members) if (loc[i] && distanceKm(loc[i]!, hub) > c.maxHubDistanceKm) return false;
    }
    return true;
  };
}

/** The constraints' groups as authority indices; an id not in the scenario is a PlanInputError at its path. */
export function constraintIndices(s: Scenario, c: PlanConstraints): { together: number[][]; apart: number[][] } {
  const index = new Map(s.authorities.map((a, i) => [a.id, i]));
  const resolve = (name: 'together' | 'apart') =>
    c[name].map((g, k) =>
      g.map((id, j) => {
        const i = index.get(id);
        if (i === undefined)
          throw new PlanInputError(`no authority "${id}" in the scenario`, `/constraints/${name}/${k}/${j}`);
        return i;
      }),
    );
  return { together: resolve('together'), apart: resolve('apart') };
}

/** An input error the API reports as a 400 at a path. */
export class PlanInputError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'PlanInputError';
  }
}

/** Union overlapping index groups (`together` groups that share a member are one group). */
function mergeOverlapping(groups: number[][]): number[][] {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r) !== undefined && parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const g of groups) for (const x of g) if (!parent.has(x)) parent.set(x, x);
  for (const g of groups) for (const x of g.slice(1)) parent.set(find(x), find(g[0]!));
  const out = new Map<number, number[]>();
  for (const x of parent.keys()) {
    const r = find(x);
    out.set(r, [...(out.get(r) ?? []), x]);
  }
  return [...out.values()].map((g) => g.sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!);
}
