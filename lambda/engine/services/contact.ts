import type { Assumptions } from '../defaults';
import { agentFte, agentsFor } from '../erlang';
import type { Channel } from '../kinds';

/** Telephone: Erlang C advisers over the opening hours plus a per-call telephony cost. */
export function telephoneCost(callsPerYear: number, a: Assumptions): { cost: number; fte: number } {
  const agents = agentsFor(
    callsPerYear / a.contactHoursPerYear,
    a.contactAhtMinutes * 60,
    a.contactServiceLevel,
    a.contactAnswerSeconds,
  );
  const fte = agentFte(agents, a.contactHoursPerYear, a.annualHoursPerFte, a.shrinkage);
  return { cost: fte * a.contactAgentCost + callsPerYear * a.telephonyCostPerCall, fte };
}

/** Face-to-face, email, letter and web are costed per contact: linear, so the same alone or shared. */
export function perContactCost(volumes: Readonly<Record<Channel, number>>, a: Assumptions): number {
  return (
    volumes.faceToFace * a['costPerContact.faceToFace'] +
    volumes.email * a['costPerContact.email'] +
    volumes.letter * a['costPerContact.letter'] +
    volumes.web * a['costPerContact.web']
  );
}

/** Alone: own telephone team, per-contact channels, own digital platform (scaled by size). */
export function contactAlone(
  calls: number,
  perContact: number,
  fixedCostScale: number,
  a: Assumptions,
): { cost: number; fte: number } {
  const tel = telephoneCost(calls, a);
  return { cost: tel.cost + perContact + a.platformCost * fixedCostScale, fte: tel.fte };
}

/** Shared: a pooled contact centre (Erlang C on all calls) and one digital platform with per-member onboarding. */
export function contactShared(
  calls: number,
  perContact: number,
  members: number,
  a: Assumptions,
): { cost: number; fte: number } {
  const tel = telephoneCost(calls, a);
  return { cost: tel.cost + perContact + a.platformSharedFixed + a.platformSharedPerMember * members, fte: tel.fte };
}
