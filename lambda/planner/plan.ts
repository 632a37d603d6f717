/**
 * Which partnerships to form: a partition of the authorities that saves most, within the
 * constraints, every member admitted by contribution (membership.ts: the partnership is worth
 * more with it, and a split leaves everyone at least as well off as alone) unless a `together`
 * constraint forces it.
 *
 * 1. Seeded growth. From each authority not yet placed, largest first, add whichever of its
 *    neighbours (below) makes the partnership worth most, and keep the best prefix.
 * 2. Greedy merging. Candidate merges are between a partnership and the partnerships of its
 *    neighbours, scored by the gain v(A∪B) − v(A) − v(B); a max-heap takes the best feasible
 *    positive gain, entries made stale by an earlier merge are re-scored lazily. This is where
 *    partnerships of hundreds form: a school joins the council partnership beside it when it
 *    adds to it, and neighbouring partnerships merge while the union is worth more.
 * 3. Local search. Move one authority to a neighbouring partnership or out on its own, and swap
 *    two between partnerships of up to 20 members (up to 2,000 authorities), while any move gains.
 * 4. Admission by contribution (membership.ts). While a member not held by `together` adds
 *    nothing, or no split leaves every group at least as well off as alone, the member adding
 *    least leaves and the set is ruled out; then search again.
 *
 * Neighbours: the K authorities nearest a partnership's hub and the ⌈K/2⌉ nearest of each kind
 * (a grid index over lat/lon per kind), or everyone when there are at most 4K.
 *
 * Cost: every candidate is valued incrementally from its partnership's running sums
 * (game.ts): O(T·D + m) for T years, D demand dimensions and a partnership of m (the links to
 * its moved hub are re-summed), and memoised by a membership hash. With n authorities and c
 * neighbours per partnership (K plus ⌈K/2⌉ per kind), growth makes O(n·c) evaluations plus a
 * few per step (stale candidates re-scored lazily, and a seed gives up after 8 steps without a
 * better prefix), the greedy phase O(n·c) plus the lazy re-scores, each local-search pass O(n·c)
 * moves, and admission O(m) per partnership per member that leaves. Similar authorities cost
 * nothing extra: a school is scored only against its neighbours, never against the other
 * thousands. The final simulations are O(2^m) up to 16 members (membership.ts), O(m) plus a
 * bounded core search above. Deterministic: ties break by authority index, and nothing is random.
 *
 * Long because it orchestrates the planner's phases (growth, merging, local search, admission) and
 * assembles the output; the phases' machinery lives in the modules beside it.
 */
import { loadLpSolver } from '../engine/allocation/solver';
import { compile } from '../engine/model';
import type { Scenario } from '../engine/schema';
import { grandSaving } from '../engine/uncertainty/monteCarlo';
import { constraintIndices, feasibility, joinFeasibility, mergeOverlapping } from './constraints';
import type { Coalition } from './game';
import { PlanGame } from './game';
import { type AloneReason, Membership } from './membership';
import { type Entry, Heap } from './heap';
import { Partition } from './partition';
import type { PlanConstraints } from './schema';
import { Neighbourhood } from './spatial';
import type { PartnershipPlan, PlanOptions } from './types';

export { constraintIndices, feasibility, joinFeasibility, PlanInputError } from './constraints';
export type { PartnershipPlan, PlannedPartnership, PlanOptions } from './types';

const EPS = 1e-6;
/** Search rounds: each after admission made members leave. */
const MAX_ROUNDS = 4;
/** Growth from a seed stops after this many additions without a better partnership. */
const PATIENCE = 8;
/** Swaps are tried between partnerships of at most this many members. */
const MAX_SWAP_PARTNERSHIP = 20;

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
  private readonly neighbourhood: Neighbourhood;
  /** Growth's wider pool: the 2K nearest and the K nearest of each kind. */
  private readonly wide: Neighbourhood;
  private readonly K: number;
  private readonly locked: Uint8Array;
  /** Members of a `together` group that breaks another constraint: kept as asked, joined to nothing. */
  private readonly sealed: Uint8Array;
  private readonly together: number[][];
  private readonly notes: string[] = [];
  private readonly membership: Membership;
  /** The full constraint check (for `together` groups). */
  private readonly allowed: (members: readonly number[]) => boolean;
  private readonly joinable: (a: readonly number[], b: readonly number[]) => boolean;
  /** Member sets (by membership key) that failed admission: not formed again. */
  private readonly ruledOut = new Set<number>();
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
    this.K = opts.neighbours ?? 10;
    const kinds = s.authorities.map((a) => a.kind);
    this.neighbourhood = new Neighbourhood(this.game.locations, kinds, this.K);
    this.wide = new Neighbourhood(this.game.locations, kinds, 2 * this.K);
    const { together, apart } = constraintIndices(s, c);
    this.together = together;
    this.locked = new Uint8Array(s.authorities.length);
    this.sealed = new Uint8Array(s.authorities.length);
    for (const g of together) for (const i of g) this.locked[i] = 1;
    const apartOf: number[][] = s.authorities.map(() => []);
    apart.forEach((g, k) => {
      for (const i of g) apartOf[i]!.push(k);
    });
    const region = s.authorities.map((a) => a.region);
    this.allowed = feasibility(this.game, c, apartOf, region);
    this.joinable = joinFeasibility(this.game, c, apartOf, region);
    this.membership = new Membership({
      s,
      game: this.game,
      locked: this.locked,
      ruledOut: this.ruledOut,
      ownHub: (a) => this.ownHub(a),
    });
  }

  /** May disjoint sets a and b (each allowed) be one partnership, whose membership key is `key`? */
  private canJoin(a: readonly number[], b: readonly number[], key: number): boolean {
    if (this.sealed[a[0]!] || this.sealed[b[0]!]) return false;
    return this.joinable(a, b) && !this.ruledOut.has(key);
  }

  private ids(members: readonly number[]): string[] {
    return this.membership.ids(members);
  }

  private get everyone(): boolean {
    return this.game.n <= 4 * this.K;
  }

  /** Clusters near cluster `self` (of these members): those of its neighbours (everyone when few). */
  private nearbyClusters(p: Partition, members: readonly number[], self: number): number[] {
    const out = new Set<number>();
    if (this.everyone) {
      for (const c of p.cluster.keys()) if (c !== self) out.add(c);
    } else if (members.length === 1) {
      for (const j of this.neighbourhood.around(members[0]!)) if (p.clusterOf[j] !== self) out.add(p.clusterOf[j]!);
    } else {
      for (const j of this.neighbourhood.near(this.game.hubOf(members), members[0]!, (x) => p.clusterOf[x] === self))
        out.add(p.clusterOf[j]!);
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
      const all = [...new Set(g.flatMap((i) => p.members(p.clusterOf[i]!)))].sort((a, b) => a - b);
      for (const i of all) if (p.clusterOf[i] !== head) p.set(p.clusterOf[i]!, []);
      p.set(head, all);
      if (!this.allowed(all)) {
        for (const i of all) this.sealed[i] = 1;
        this.notes.push(
          `The together group ${this.ids(all).join(', ')} breaks another constraint; it is kept together as asked.`,
        );
      }
    }
    await this.progress(50);
    // Search, then hold every partnership to the admission rule; members that leave (and the
    // partnerships they leave) get another search, with the sets that failed ruled out.
    const removed = new Map<number, AloneReason>();
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
    const alone = p
      .ids()
      .filter((c) => p.members(c).length === 1)
      .map((c) => p.members(c)[0]!)
      .sort((a, b) => a - b);
    // a cluster as its place in the answer (partnerships sorted by saving)
    const index = new Map(this.s.authorities.map((a, i) => [a.id, i]));
    const place = new Map(partnerships.map((q, k) => [index.get(q.members[0]!)!, k]));
    const aloneReasons = alone.map((i) => {
      const why =
        removed.get(i) ??
        this.membership.whyAlone(p, i, this.nearbyClusters(p, [i], p.clusterOf[i]!), (a, b) =>
          this.canJoin(a.members, b, this.game.keyChanged(a, b)),
        );
      const head = why.partnership === null ? undefined : p.cluster.get(why.partnership)?.members[0];
      return {
        id: this.s.authorities[i]!.id,
        reason: why.reason,
        wouldAdd: why.wouldAdd,
        partnership: head === undefined ? null : (place.get(head) ?? null),
      };
    });
    const totalSaving = partnerships.reduce((x, q) => x + q.npvSaving, 0);
    // without a hub of its own the scenario's is its authorities' centre: the planning model's
    const onePartnership = grandSaving(this.s.hub ? compile(this.s) : this.model);
    if (onePartnership > totalSaving + EPS)
      this.notes.push(
        [
          `One partnership of all ${this.game.n} would save more on paper (${Math.round(onePartnership)})`,
          `than this plan (${Math.round(totalSaving)}), but it breaks the constraints (${this.limits()})`,
          'or leaves some members worse off than alone.',
        ].join(' '),
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

  /** The size, distance and region limits, in words. */
  private limits(): string {
    const km = this.c.maxDistanceKm ? `, ${this.c.maxDistanceKm} km apart` : '';
    return `at most ${this.c.maxSize} members${km}${this.c.sameRegion ? ', one region' : ''}`;
  }

  private gain(p: Partition, a: number, b: number): number {
    const A = p.cluster.get(a)!,
      B = p.cluster.get(b)!;
    if (!this.canJoin(A.members, B.members, this.game.keyChanged(A, B.members))) return -Infinity;
    return this.game.valueUnion(A, B) - A.value - B.value;
  }

  /** A heap entry names clusters by their first members, so it can find them again after other merges. */
  private entry(p: Partition, c: number, d: number, gain: number): Entry {
    const [x, y] = p.members(c)[0]! < p.members(d)[0]! ? [c, d] : [d, c];
    return {
      gain,
      ra: p.members(x)[0]!,
      rb: p.members(y)[0]!,
      ca: x,
      cb: y,
      va: p.version.get(x)!,
      vb: p.version.get(y)!,
    };
  }

  private pushCandidates(p: Partition, heap: Heap, c: number): void {
    for (const d of this.nearbyClusters(p, p.members(c), c)) {
      const g = this.gain(p, c, d);
      if (g > EPS) heap.push(this.entry(p, c, d, g));
    }
  }

  private greedy(p: Partition): void {
    const heap = new Heap();
    for (const c of p.ids()) this.pushCandidates(p, heap, c);
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
      p.set(a, [...p.members(a), ...p.members(b)]);
      p.set(b, []);
      this.merges++;
      this.pushCandidates(p, heap, a);
    }
  }

  /**
   * Seeded growth: economies of scale often pay only from three or four members (a partnership
   * has fixed costs of its own), so no single merge of two would look worth it. From each
   * authority not yet placed, largest first, add whichever of its unplaced neighbours (the 2K
   * nearest and the K nearest of each kind) makes the partnership worth most, up to the size
   * limit or until 8 additions find nothing better, and keep the best prefix if it saves
   * anything. After the first step candidates are re-scored lazily: the best by its last score
   * is re-scored, and taken if it still beats every other candidate's last score.
   */
  private grow(p: Partition): void {
    const n = this.game.n;
    const order = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => this.game.staff[b]! - this.game.staff[a]! || a - b,
    );
    const placed = new Uint8Array(n);
    for (const c of p.cluster.values()) if (c.members.length > 1) for (const i of c.members) placed[i] = 1;
    for (const seed of order) {
      if (placed[seed]) continue;
      const pool = (
        this.everyone
          ? Array.from({ length: n }, (_, i) => i)
          : this.wide.near(
              this.game.locations[seed],
              seed,
              (j) => j === seed || placed[j] === 1 || this.locked[j] === 1,
            )
      ).filter((j) => j !== seed && !placed[j] && !this.locked[j]);
      const best = this.growFrom(seed, pool);
      if (best.members.length < 2) continue;
      for (const i of best.members) {
        placed[i] = 1;
        if (i !== seed) p.set(p.clusterOf[i]!, []);
      }
      p.set(p.clusterOf[seed]!, best.members);
    }
  }

  /** The best partnership grown greedily from `seed` out of `pool` (the seed alone when none saves). */
  private growFrom(seed: number, pool: readonly number[]): Coalition {
    let co = this.game.coalition([seed]);
    let best = co,
      since = 0;
    // candidates by their last gain v(co + j) − v(co), and the step at which it was scored
    const scored: { j: number; gain: number; step: number }[] = [];
    const score = (j: number, step: number): { j: number; gain: number; step: number } | null => {
      if (!this.canJoin(co.members, [j], this.game.keyChanged(co, [j]))) return null;
      return { j, gain: this.game.valueChanged(co, [j]) - co.value, step };
    };
    for (const j of pool) {
      const x = score(j, 0);
      if (x) scored.push(x);
    }
    const before = (x: { j: number; gain: number }, y: { j: number; gain: number }) =>
      x.gain > y.gain || (x.gain === y.gain && x.j < y.j);
    for (let step = 0; co.members.length < this.c.maxSize && scored.length > 0; step++) {
      let pick = -1;
      for (;;) {
        let top = -1;
        for (let k = 0; k < scored.length; k++) if (top < 0 || before(scored[k]!, scored[top]!)) top = k;
        if (top < 0) break;
        const x = scored[top]!;
        if (x.step === step) {
          pick = top;
          break;
        }
        const fresh = score(x.j, step);
        if (fresh) scored[top] = fresh;
        else scored.splice(top, 1);
      }
      if (pick < 0) break;
      const [x] = scored.splice(pick, 1);
      co = this.game.coalition([...co.members, x!.j]);
      if (co.value > best.value + EPS) {
        best = co;
        since = 0;
      } else if (++since >= PATIENCE) break;
    }
    return best;
  }

  private localSearch(p: Partition): void {
    const n = this.game.n;
    const maxPasses = this.opts.maxPasses ?? 10;
    const swapping = n <= (this.opts.swapLimit ?? 2000);
    const g = this.game;
    for (let pass = 0; pass < maxPasses; pass++) {
      let improved = false;
      for (let i = 0; i < n; i++) {
        if (this.locked[i]) continue;
        const a = p.clusterOf[i]!;
        const A = p.cluster.get(a)!;
        const without = A.members.filter((x) => x !== i);
        const vWithout = g.valueChanged(A, [], [i]);
        // out on its own
        let best = { delta: A.members.length > 1 ? vWithout - A.value : -Infinity, to: -1, swap: -1 };
        const swapsHere = swapping && A.members.length >= 2 && A.members.length <= MAX_SWAP_PARTNERSHIP;
        for (const b of this.nearbyClusters(p, [i], a)) {
          const B = p.cluster.get(b)!;
          if (this.canJoin(B.members, [i], g.keyChanged(B, [i]))) {
            const d = vWithout + g.valueChanged(B, [i]) - A.value - B.value;
            if (d > best.delta + EPS) best = { delta: d, to: b, swap: -1 };
          }
          if (!swapsHere || B.members.length > MAX_SWAP_PARTNERSHIP) continue;
          for (const j of B.members) {
            if (this.locked[j]) continue;
            const restB = B.members.filter((x) => x !== j);
            if (!this.canJoin(without, [j], g.keyChanged(A, [j], [i]))) continue;
            if (!this.canJoin(restB, [i], g.keyChanged(B, [i], [j]))) continue;
            const d = g.valueChanged(A, [j], [i]) + g.valueChanged(B, [i], [j]) - A.value - B.value;
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
          const newB = [...p.members(b).filter((x) => x !== j), i];
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
