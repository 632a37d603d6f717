/** The planner's working partition: clusters of authority indices with their values. */
import type { PlanGame } from './game';

/** Clusters of authority indices, each with its value and a version that changes when it does. */
export class Partition {
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
