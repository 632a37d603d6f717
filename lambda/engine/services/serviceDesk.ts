import type { Assumptions } from '../defaults';
import { agentFte, agentsFor } from '../erlang';

export interface DeskCost {
  readonly cost: number;
  readonly fte: number;
}

const HOURS_PER_YEAR = 8760;

/** Hourly ticket arrival rates in and out of hours; only 24/7 bodies raise tickets out of hours. */
export function deskArrivals(
  ticketsPerYear: number,
  needs24x7: boolean,
  a: Assumptions,
): { inHours: number; outOfHours: number } {
  const out = needs24x7 ? a.deskOutOfHoursShare : 0;
  const outHours = HOURS_PER_YEAR - a.deskHoursPerYear;
  return {
    inHours: (ticketsPerYear * (1 - out)) / a.deskHoursPerYear,
    outOfHours: outHours > 0 ? (ticketsPerYear * out) / outHours : 0,
  };
}

/** Analyst FTE: Erlang C agents for each period, converted to FTE over its hours. */
export function deskFte(inHoursPerHour: number, outOfHoursPerHour: number, a: Assumptions): number {
  const aht = a.deskAhtMinutes * 60;
  const agentsIn = agentsFor(inHoursPerHour, aht, a.deskServiceLevel, a.deskAnswerSeconds);
  const agentsOut = agentsFor(outOfHoursPerHour, aht, a.deskServiceLevel, a.deskAnswerSeconds);
  return (
    agentFte(agentsIn, a.deskHoursPerYear, a.annualHoursPerFte, a.shrinkage) +
    agentFte(agentsOut, HOURS_PER_YEAR - a.deskHoursPerYear, a.annualHoursPerFte, a.shrinkage)
  );
}

/** Alone: the authority's own desk (Erlang C on its own arrivals) and tooling scaled by size. */
export function serviceDeskAlone(
  inHours: number,
  outOfHours: number,
  fixedCostScale: number,
  a: Assumptions,
): DeskCost {
  const fte = deskFte(inHours, outOfHours, a);
  const tool = inHours + outOfHours > 0 ? a.deskToolCost * fixedCostScale : 0;
  return { cost: fte * a.deskAgentCost + tool, fte };
}

/** Shared: Erlang C on the pooled arrivals (out of hours only those of 24/7 members) and one tool. */
export function serviceDeskShared(inHours: number, outOfHours: number, a: Assumptions): DeskCost {
  const fte = deskFte(inHours, outOfHours, a);
  return { cost: fte * a.deskAgentCost + a.deskToolSharedCost, fte };
}
