/** The planner's working partition: clusters of authority indices, each a valued coalition. */
import type { Coalition, PlanGame } from './game';

/** Clusters of authority indices, each with its coalition (members, sums, value) and a version that changes with it. */
export class Partition {
  readonly clusterOf: Int32Array;
  readonly cluster = new Map<number, Coalition>();
  readonly version = new Map<number, number>();
  private nextId: number;

  constructor(readonly game: PlanGame) {
    this.clusterOf = new Int32Array(game.n).map((_, i) => i);
    for (let i = 0; i < game.n; i++) {
      this.cluster.set(i, game.coalition([i]));
      this.version.set(i, 0);
    }
    this.nextId = game.n;
  }

  members(c: number): readonly number[] {
    return this.cluster.get(c)!.members;
  }

  value(c: number): number {
    return this.cluster.get(c)!.value;
  }

  /** Cluster ids, ascending. */
  ids(): number[] {
    return [...this.cluster.keys()].sort((a, b) => a - b);
  }

  /** Give cluster c these members; none removes it. The coalition is rebuilt from its members (no drift). */
  set(c: number, members: readonly number[]): void {
    if (members.length === 0) {
      this.cluster.delete(c);
      this.version.delete(c);
      return;
    }
    const co = this.game.coalition(members);
    this.cluster.set(c, co);
    for (const i of co.members) this.clusterOf[i] = c;
    this.version.set(c, (this.version.get(c) ?? 0) + 1);
  }

  /** Take authority i out of its cluster into a cluster of its own; returns that cluster's id. */
  detach(i: number): number {
    const c = this.clusterOf[i]!;
    const rest = this.members(c).filter((x) => x !== i);
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
    this.set(b, [...this.members(b), i]);
  }
}
