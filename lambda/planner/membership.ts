/**
 * Who belongs in a partnership, and on what split. A member stays when the partnership with it
 * is worth more than without it (its marginal contribution v(S) − v(S∖{i}) is positive) and a
 * split exists that leaves everyone at least as well off as alone: up to 16 members, a split no
 * group can beat (the core is not empty: the scenario's split if it is in the core, else the
 * least-core split nearest it); above 16, separable costs and remaining benefits, which gives
 * each member its marginal contribution at the partnership's hub scaled to the total, so
 * positive contributions make it individually rational exactly (a member the split still
 * leaves below zero leaves), and the group checks (kinds, regions, pairs, greedy growth) are
 * evidence, not proof. Not the sign of a Shapley share: Shapley averages over small groups
 * that carry all the fixed costs, and drops members every large group is better with.
 * Marginal contributions are evaluated afresh from the partnership's running sums: O(m) values
 * of O(T·D + m) each for a partnership of m.
 */
import type { Scenario } from '../engine/schema';
import { simulate, type SimulationResult } from '../engine/simulate';
import type { Coalition, PlanGame } from './game';
import type { Partition } from './partition';
import type { PlannedPartnership } from './types';

const EPS = 1e-6;
/**
 * Largest partnership whose split the planner checks against every group of its members (2^16
 * coalitions, a fraction of a second); above, separable costs with the group checks as
 * evidence. `simulate` of one partnership checks exactly up to 20, but 2^20 coalitions take
 * seconds, and a national plan has dozens of partnerships of that size.
 */
export const PLANNER_EXACT_MEMBERS = 16;
/** Members listed as gaining least in each partnership. */
const LEAST_GAINERS = 3;

export interface MembershipContext {
  readonly s: Scenario;
  readonly game: PlanGame;
  readonly locked: Uint8Array;
  /** Member sets (by membership key) that failed admission: not formed again. */
  readonly ruledOut: Set<number>;
  /** The scenario for these authorities with their own hub and no Monte Carlo. */
  readonly ownHub: (authorities: Scenario['authorities']) => Scenario;
}

/** Why an authority is alone, in words and figures. */
export interface AloneReason {
  readonly reason: string;
  /**
   * What it adds to the partnership named (v(P ∪ {i}) − v(P)), or to the one it left; null when
   * it may join none.
   */
  readonly wouldAdd: number | null;
  /** The cluster of that partnership while planning (the caller turns it into an index of the plan's partnerships). */
  readonly partnership: number | null;
}

/** The split a partnership uses, and its stability evidence. */
export interface Split {
  readonly method: string;
  readonly shares: number[];
  readonly result: SimulationResult;
  readonly stable: boolean | null;
}

export class Membership {
  private readonly results = new Map<number, SimulationResult>();

  constructor(private readonly x: MembershipContext) {}

  ids(members: readonly number[]): string[] {
    return members.map((i) => this.x.s.authorities[i]!.id);
  }

  /** A partnership named in a sentence: its members up to four, else three and how many more. */
  label(members: readonly number[]): string {
    if (members.length === 1) return `a partnership with ${this.ids(members)[0]}`;
    const named = members.length <= 4 ? members : members.slice(0, 3);
    const more = members.length - named.length;
    const others = more > 0 ? ` and ${more} others` : '';
    return `the partnership of ${members.length} (${this.ids(named).join(', ')}${others})`;
  }

  /** A partnership simulated as a scenario of its own (cached by membership). */
  simulated(members: readonly number[]): SimulationResult {
    const key = this.x.game.keyOf(members);
    let r = this.results.get(key);
    if (!r) {
      r = simulate(this.x.ownHub(members.map((i) => this.x.s.authorities[i]!)), {
        allocation: members.length <= PLANNER_EXACT_MEMBERS ? this.x.s.allocation : 'separableCosts',
        sensitivity: false,
        compareDelivery: false,
        exactUpTo: PLANNER_EXACT_MEMBERS,
      });
      this.results.set(key, r);
    }
    return r;
  }

  /** The split used: the scenario's if it holds, else the least-core split when the core is not empty. */
  split(members: readonly number[]): Split {
    const r = this.simulated(members);
    const alt = r.stability.coreAllocation;
    if (alt?.inCore)
      return { method: 'leastCore', shares: alt.authorities.map((a) => a.saving), result: r, stable: true };
    return {
      method: r.allocation.method,
      shares: r.authorities.map((a) => a.saving),
      result: r,
      stable: r.stability.inCore,
    };
  }

  /**
   * v(S) and each unlocked member's marginal contribution v(S) − v(S∖{i}), smallest first: one
   * evaluation per member from the partnership's running sums, valued afresh (not from the
   * search's memo), since admission decides on them.
   */
  private marginals(co: Coalition): { value: number; ms: { i: number; m: number }[] } {
    const { game, locked } = this.x;
    const value = game.valueChanged(co, [], [], false);
    const ms = co.members
      .filter((i) => !locked[i])
      .map((i) => ({ i, m: value - game.valueChanged(co, [], [i], false) }))
      .sort((a, b) => a.m - b.m || a.i - b.i);
    return { value, ms };
  }

  /**
   * Hold every partnership to the admission rule: while a member not held by `together` adds
   * nothing (or no split leaves everyone at least as well off as alone), the member adding
   * least leaves, and the set it left is never formed again. Returns how many left.
   */
  enforce(p: Partition, removed: Map<number, AloneReason>): number {
    const { s, game, ruledOut, locked } = this.x;
    const money = (x: number) => `${Math.round(x)} ${s.currency}`;
    let count = 0;
    const clusters = p.ids().filter((c) => p.members(c).length > 1);
    for (const c of clusters) {
      for (let co = p.cluster.get(c)!; co.members.length >= 2; co = p.cluster.get(c)!) {
        const members = co.members;
        const { value, ms } = this.marginals(co);
        let leaving = ms[0];
        if (!leaving) break;
        let reason: string | undefined;
        const where = this.label(members);
        if (value <= EPS) reason = `the best partnership found for it, ${where}, saves nothing`;
        else if (leaving.m <= EPS)
          reason = [
            `it adds nothing to the best partnership found, ${where}:`,
            `with it the partnership saves ${money(value)}, without it ${money(value - leaving.m)}`,
          ].join(' ');
        else if (members.length <= PLANNER_EXACT_MEMBERS) {
          const split = this.split(members);
          if (split.stable === false && !split.result.stability.core?.empty) break; // forced by together only
          if (split.result.stability.core?.empty)
            reason = [
              `no split of the best partnership found, ${where}, leaves every group at least as well off`,
              `as on its own (the least core falls short by ${money(split.result.stability.core.deficit)}),`,
              `and it adds least to it (${money(leaving.m)})`,
            ].join(' ');
        } else {
          // separable costs give each member its contribution to the partnership at its own hub;
          // a member whose share is still below zero there is worse off than alone: it leaves
          const split = this.split(members);
          const tol = 1e-9 * Math.max(1, Math.abs(split.result.summary.npvSaving));
          const worst = members
            .map((i, k) => ({ i, share: split.shares[k]! }))
            .filter((x) => !locked[x.i])
            .sort((a, b) => a.share - b.share || a.i - b.i)[0];
          if (worst && worst.share < -tol) {
            leaving = ms.find((x) => x.i === worst.i)!;
            reason = [
              `the split of the best partnership found, ${where} (separable costs),`,
              `gives it ${money(worst.share)}, less than alone`,
            ].join(' ');
          }
        }
        if (!reason) break;
        removed.set(leaving.i, { reason, wouldAdd: leaving.m, partnership: null });
        ruledOut.add(game.key(co));
        p.detach(leaving.i);
        count++;
      }
      const left = p.cluster.get(c);
      if (left && left.members.length >= 2 && left.value <= EPS && left.members.every((i) => locked[i]))
        ruledOut.add(game.key(left));
    }
    return count;
  }

  /** The partnerships as the API answers them, largest saving first. */
  describe(p: Partition, notes: string[]): PlannedPartnership[] {
    const out: PlannedPartnership[] = [];
    for (const c of p.ids()) {
      const members = p.members(c);
      if (members.length < 2) continue;
      const { method, shares, result: r, stable } = this.split(members);
      const tol = 1e-9 * Math.max(1, Math.abs(r.summary.npvSaving));
      const authorities = r.authorities.map((a, k) => ({
        id: a.id,
        pvAlone: a.pvAlone,
        saving: shares[k]!,
        savingPercent: a.pvAlone > 0 ? (100 * shares[k]!) / a.pvAlone : 0,
        betterOffAlone: shares[k]! < -tol,
      }));
      const forced = authorities.some((a) => a.betterOffAlone);
      out.push({
        members: this.ids(members),
        npvSaving: r.summary.npvSaving,
        paybackYear: r.summary.paybackYear,
        bcr: r.summary.bcr,
        hub: this.x.game.hubOf(members) ?? null,
        authorities,
        allocation: method,
        stability: {
          checked: r.stability.checked,
          inCore: stable,
          margin: r.stability.core?.margin ?? null,
          coalitionsChecked: r.stability.coalitionsChecked,
          evidence:
            r.stability.checked === 'exhaustive'
              ? `every one of the ${r.stability.coalitionsChecked} groups of members checked against the split`
              : [
                  `each member's share checked against its saving alone (all ${members.length});`,
                  `${r.stability.coalitionsChecked} groups (pairs, all-but-one, each kind and region, greedy growth)`,
                  'checked: evidence, not proof',
                ].join(' '),
        },
        leastGain: [...authorities]
          .sort((a, b) => a.saving - b.saving)
          .slice(0, LEAST_GAINERS)
          .map((a) => a.id),
        forcedByConstraints: forced,
      });
      if (forced)
        notes.push(
          `${capitalise(this.label(members))} leaves ${authorities
            .filter((a) => a.betterOffAlone)
            .map((a) => a.id)
            .join(', ')} worse off than alone: a together constraint holds them in.`,
        );
    }
    return out.sort((x, y) => y.npvSaving - x.npvSaving || x.members[0]!.localeCompare(y.members[0]!));
  }

  /**
   * Why authority i is alone: what it would add to the nearby partnership it adds most to (and,
   * when pairing with a single body would cost less, to that), and what a split would need to
   * give it: at least what it saves alone, nothing, so the others would pay for any loss it brings.
   */
  whyAlone(
    p: Partition,
    i: number,
    nearby: readonly number[],
    canJoin: (b: Coalition, add: readonly number[]) => boolean,
  ): AloneReason {
    const { game, s } = this.x;
    const best = {
      partnership: { add: -Infinity, c: -1 },
      single: { add: -Infinity, c: -1 },
    };
    let feasibleCount = 0;
    for (const b of nearby) {
      const B = p.cluster.get(b)!;
      if (!canJoin(B, [i])) continue;
      feasibleCount++;
      const add = game.valueChanged(B, [i]) - B.value;
      const kind = B.members.length > 1 ? best.partnership : best.single;
      if (add > kind.add) {
        kind.add = add;
        kind.c = b;
      }
    }
    if (feasibleCount === 0)
      return {
        reason: 'the constraints leave no partnership it may join (size, distance, region or apart)',
        wouldAdd: null,
        partnership: null,
      };
    const money = (x: number) => `${Math.round(x)} ${s.currency}`;
    const top = best.partnership.add >= best.single.add ? best.partnership : best.single;
    const where = (c: number) => this.label(p.members(c));
    const out = { wouldAdd: top.add, partnership: top === best.partnership ? top.c : null };
    if (top.add > EPS)
      return {
        ...out,
        reason: [
          `it would add ${money(top.add)} to ${where(top.c)}, and a split would need to give it at least 0`,
          '(what it saves alone) from that; no partnership found was worth more with it on those terms',
          'within the constraints',
        ].join(' '),
      };
    const clauses: string[] = [];
    if (best.partnership.c >= 0)
      clauses.push(`joining ${where(best.partnership.c)} would ${change(best.partnership.add, money, 'its saving')}`);
    if (best.single.c >= 0)
      clauses.push(`${where(best.single.c)} would ${change(best.single.add, money, 'its members')}`);
    return {
      ...out,
      reason: [
        `it adds nothing to any of the ${feasibleCount} partnerships or bodies near it that it may join:`,
        `${clauses.join('; ')}. For it to be no worse off than alone, a split would need the others`,
        `to give it ${money(Math.max(0, -top.add))} of theirs`,
      ].join(' '),
    };
  }
}

/** "lower its saving by £x", "lose £x" (for a pair), or "save nothing more" for a change of about zero. */
function change(add: number, money: (x: number) => string, what: 'its saving' | 'its members'): string {
  if (Math.abs(add) < 0.5) return what === 'its saving' ? 'leave its saving as it is' : 'save nothing';
  if (what === 'its saving') return `lower its saving by ${money(-add)}`;
  return `lose ${money(-add)} between them`;
}

function capitalise(x: string): string {
  return x.charAt(0).toUpperCase() + x.slice(1);
}
