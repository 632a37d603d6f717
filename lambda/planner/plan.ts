/**
 * Which partnerships to form: a partition of the authorities that saves most, within the
 * constraints, every member admitted by contribution (membership.ts: the partnership is worth
 * more with it, and a split leaves everyone at least as well off as alone) unless a `together`
 * constraint forces it.
 *
 * 1. Greedy agglomeration. Start from singletons (with `together` groups pre-merged). Candidate
 *    merges are between a cluster and the clusters of the K authorities nearest its hub (a grid
 *    index over lat/lon), scored by the gain v(A∪B) − v(A) − v(B); a max-heap takes the best
 *    feasible positive gain, entries made stale by an earlier merge are re-scored lazily.
 * 2. Local search. Move one authority to a neighbouring cluster or out on its own, and (up to
 *    2,000 authorities) swap two, while any move gains; passes in index order.
 * 3. Admission by contribution (membership.ts). Each partnership is simulated as a scenario of
 *    its own; while a member not held by `together` adds nothing, or no split leaves every
 *    group at least as well off as alone, the member adding least leaves and the set is ruled out.
 *
 * Cost: with n authorities, K neighbours and partnerships of at most m, the greedy phase makes
 * O(n·K) gain evaluations (each O(m·T) for T years) and O(n·K·log(n·K)) heap work; each
 * local-search pass O(n·K) moves; the final simulations O(P·2^m) for P partnerships. Similar
 * authorities cost nothing extra: a school is scored only against its K neighbours, never
 * against the other thousands, and repeated memberships are memoised.
 * Deterministic: ties break by authority index, and nothing is random.
 */
import { loadLpSolver } from '../engine/allocation/solver';
import { compile } from '../engine/model';
import type { Scenario } from '../engine/schema';
import { grandSaving } from '../engine/uncertainty/monteCarlo';
import { constraintIndices, feasibility, mergeOverlapping } from './constraints';
import { PlanGame } from './game';
import { Membership } from './membership';
import { type Entry, Heap } from './heap';
import { Partition } from './partition';
import type { PlanConstraints } from './schema';
import { SpatialGrid } from './spatial';
import type { PartnershipPlan, PlanOptions } from './types';

export { constraintIndices, feasibility, PlanInputError } from './constraints';
export type { PartnershipPlan, PlannedPartnership, PlanOptions } from './types';

const EPS = 1e-6;
/** Search rounds: each after individual rationality made members leave. */
const MAX_ROUNDS = 4;

export async function planPartnerships(
  s: Scenario,
  constraints: PlanConstraints,
  opts: PlanOptions = {},
): Promise<PartnershipPlan> {
  await loadLpSolver(); // each partnership's core allocation
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
  private readonly membership: Membership;
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
    this.membership = new Membership({
      s,
      game: this.game,
      locked: this.locked,
      ruledOut: this.ruledOut,
      ownHub: (a) => this.ownHub(a),
    });
    this.feasible = (members) =>
      allowed(members) &&
      (this.ruledOut.size === 0 || !this.ruledOut.has([...members].sort((x, y) => x - y).join(',')));
  }

  /** Member sets that failed individual rationality: not formed again. */
  private readonly ruledOut = new Set<string>();

  /** Does a set of authorities respect every constraint? (`together` is enforced by locking.) */
  private readonly feasible: (members: readonly number[]) => boolean;

  private ids(members: readonly number[]): string[] {
    return this.membership.ids(members);
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
      if (this.membership.enforce(p, removed) === 0) break;
    }
    this.membership.enforce(p, removed);
    const partnerships = this.membership.describe(p, this.notes);
    await this.progress(950);
    const alone = [...p.members.values()]
      .filter((m) => m.length === 1)
      .map((m) => m[0]!)
      .sort((a, b) => a - b);
    const aloneReasons = alone.map((i) => ({
      id: this.s.authorities[i]!.id,
      reason:
        removed.get(i) ?? this.membership.whyAlone(p, i, this.nearbyClusters(p, [i], p.clusterOf[i]!), this.feasible),
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
}
