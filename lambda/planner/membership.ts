/**
 * Who belongs in a partnership, and on what split. A member stays when the partnership with it
 * is worth more than without it (its marginal contribution v(S) − v(S∖{i}) is positive) and a
 * split exists that leaves everyone at least as well off as alone: up to 20 members, a split no
 * group can beat (the core is not empty: the scenario's split if it is in the core, else the
 * least-core split nearest it); above 20, separable costs and remaining benefits, which gives
 * each member its marginal contribution scaled to the total, so positive contributions make it
 * individually rational exactly, and the group checks (kinds, regions, pairs, greedy growth)
 * are evidence, not proof. Not the sign of a Shapley share: Shapley averages over small
 * groups that carry all the fixed costs, and drops members every large group is better with.
 */
import { MAX_EXACT_PLAYERS } from '../engine/allocation/game';
import type { Scenario } from '../engine/schema';
import { simulate, type SimulationResult } from '../engine/simulate';
import type { PlanGame } from './game';
import type { Partition } from './partition';
import type { PlannedPartnership } from './types';

const EPS = 1e-6;
/** Members listed as gaining least in each partnership. */
const LEAST_GAINERS = 3;

export interface MembershipContext {
  readonly s: Scenario;
  readonly game: PlanGame;
  readonly locked: Uint8Array;
  /** Member sets that failed admission: not formed again. */
  readonly ruledOut: Set<string>;
  /** The scenario for these authorities with their own hub and no Monte Carlo. */
  readonly ownHub: (authorities: Scenario['authorities']) => Scenario;
}

/** The split a partnership uses, and its stability evidence. */
export interface Split {
  readonly method: string;
  readonly shares: number[];
  readonly result: SimulationResult;
  readonly stable: boolean | null;
}

export class Membership {
  private readonly results = new Map<string, SimulationResult>();

  constructor(private readonly x: MembershipContext) {}

  ids(members: readonly number[]): string[] {
    return members.map((i) => this.x.s.authorities[i]!.id);
  }

  /** A partnership simulated as a scenario of its own (cached by membership). */
  simulated(members: readonly number[]): SimulationResult {
    const key = members.join(',');
    let r = this.results.get(key);
    if (!r) {
      r = simulate(this.x.ownHub(members.map((i) => this.x.s.authorities[i]!)), {
        allocation: members.length <= MAX_EXACT_PLAYERS ? this.x.s.allocation : 'separableCosts',
        sensitivity: false,
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

  /** Each unlocked member's marginal contribution v(S) − v(S∖{i}), smallest first. */
  private marginals(members: readonly number[]): { i: number; m: number }[] {
    const v = this.x.game.value(members);
    return members
      .filter((i) => !this.x.locked[i])
      .map((i) => ({ i, m: v - this.x.game.value(members.filter((j) => j !== i)) }))
      .sort((a, b) => a.m - b.m || a.i - b.i);
  }

  /**
   * Hold every partnership to the admission rule: while a member not held by `together` adds
   * nothing (or no split leaves everyone at least as well off as alone), the member adding
   * least leaves, and the set it left is never formed again. Returns how many left.
   */
  enforce(p: Partition, removed: Map<number, string>): number {
    const { s, game, ruledOut, locked } = this.x;
    let count = 0;
    const clusters = [...p.members.entries()].filter(([, m]) => m.length > 1).sort((a, b) => a[0] - b[0]);
    for (const [c] of clusters) {
      for (let members = p.members.get(c)!; members.length >= 2; members = p.members.get(c)!) {
        const ms = this.marginals(members);
        const least = ms[0];
        if (!least) break;
        const value = game.value(members);
        let reason: string | undefined;
        if (value <= EPS) reason = `the best partnership found for it (${this.ids(members).join(', ')}) saves nothing`;
        else if (least.m <= EPS)
          reason = `it adds nothing to the best partnership found (${this.ids(members).join(', ')}): with it the partnership saves ${Math.round(value)} ${s.currency}, without it ${Math.round(value - least.m)}`;
        else if (members.length <= MAX_EXACT_PLAYERS) {
          const split = this.split(members);
          if (split.stable === false && !split.result.stability.core?.empty) break; // forced by together only
          if (split.result.stability.core?.empty)
            reason = `no split of the best partnership found (${this.ids(members).join(', ')}) leaves every group at least as well off as on its own (the least core falls short by ${Math.round(split.result.stability.core.deficit)} ${s.currency}), and it adds least to it (${Math.round(least.m)} ${s.currency})`;
        }
        if (!reason) break;
        removed.set(least.i, reason);
        ruledOut.add(members.join(','));
        p.detach(least.i);
        count++;
      }
      const left = p.members.get(c);
      if (left && left.length >= 2 && game.value(left) <= EPS && left.every((i) => locked[i]))
        ruledOut.add(left.join(','));
    }
    return count;
  }

  /** The partnerships as the API answers them, largest saving first. */
  describe(p: Partition, notes: string[]): PlannedPartnership[] {
    const out: PlannedPartnership[] = [];
    for (const members of p.members.values()) {
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
              : `each member's share checked against its saving alone (all ${members.length}); ${r.stability.coalitionsChecked} groups (pairs, all-but-one, each kind and region, greedy growth) checked: evidence, not proof`,
        },
        leastGain: [...authorities]
          .sort((a, b) => a.saving - b.saving)
          .slice(0, LEAST_GAINERS)
          .map((a) => a.id),
        forcedByConstraints: forced,
      });
      if (forced)
        notes.push(
          `The partnership of ${this.ids(members).join(', ')} leaves ${authorities
            .filter((a) => a.betterOffAlone)
            .map((a) => a.id)
            .join(', ')} worse off than alone: a together constraint holds them in.`,
        );
    }
    return out.sort((x, y) => y.npvSaving - x.npvSaving || x.members[0]!.localeCompare(y.members[0]!));
  }

  /**
   * Why authority i is alone: what it would add to the nearby partnership it adds most to, and
   * what a split would need to give it (at least its saving alone, nothing).
   */
  whyAlone(p: Partition, i: number, nearby: readonly number[], feasible: (m: readonly number[]) => boolean): string {
    const { game, s } = this.x;
    let best = -Infinity,
      bestIds: string[] = [],
      feasibleCount = 0;
    for (const b of nearby) {
      const mb = p.members.get(b)!;
      const joined = [...mb, i];
      if (!feasible(joined)) continue;
      feasibleCount++;
      const add = game.value(joined) - p.value.get(b)!;
      if (add > best) {
        best = add;
        bestIds = this.ids(mb);
      }
    }
    if (feasibleCount === 0)
      return 'the constraints leave no partnership it may join (size, distance, region or apart)';
    const where = bestIds.length > 1 ? `the partnership of ${bestIds.join(', ')}` : `a partnership with ${bestIds[0]}`;
    return best > EPS
      ? `it would add ${Math.round(best)} ${s.currency} to ${where}, and a split would need to give it at least 0 (what it saves alone) from that; no partnership found was worth more with it on those terms within the constraints`
      : `joining ${where} (the best of the ${feasibleCount} nearest it may join) would change its saving by ${Math.round(best)} ${s.currency}: a split would need the others to give it ${Math.round(-best)} ${s.currency} for it to be no worse off than alone, so it adds nothing`;
  }
}
