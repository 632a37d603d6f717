import { ASSISTED_CHANNELS, type AssistedChannel, type Channel } from './kinds';

export interface ChannelShiftPolicy {
  readonly targetDigitalShare: number;
  readonly rampYears: number;
  /** Share of the shifting channels' contacts that never moves (digitally excluded). */
  readonly excludedShare: number;
  readonly channels: readonly AssistedChannel[];
}

export interface ChannelYear {
  readonly volumes: Readonly<Record<Channel, number>>;
  readonly digitalShare: number;
  /** Contacts handled on the web this year that the status quo would have handled on an assisted channel. */
  readonly contactsMoved: number;
}

/**
 * Contact volumes in year t. Status quo: every channel grows at `growth`. With a policy, a
 * share of the shiftable contacts moves to the web, ramping linearly to the target digital
 * share over `rampYears` (year 0 is the base year), taken from each shifting channel in
 * proportion to its volume; the excluded share never shifts.
 */
export function channelYear(
  base: Readonly<Record<Channel, number>>,
  t: number,
  growth: number,
  policy: ChannelShiftPolicy | undefined,
  growthFactor: number = (1 + growth) ** t,
): ChannelYear {
  const g = growthFactor;
  // a literal of fixed shape: this runs for every authority and year of every Monte Carlo draw
  const volumes: Record<Channel, number> = {
    faceToFace: base.faceToFace * g,
    telephone: base.telephone * g,
    email: base.email * g,
    letter: base.letter * g,
    web: base.web * g,
  };
  const total = volumes.faceToFace + volumes.telephone + volumes.email + volumes.letter + volumes.web;
  const d0 = total > 0 ? volumes.web / total : 0;
  if (!policy || total <= 0) return { volumes, digitalShare: d0, contactsMoved: 0 };

  let shiftable = 0;
  for (const c of policy.channels) shiftable += volumes[c];
  const maxMove = shiftable * (1 - policy.excludedShare);
  const wanted = Math.max(0, policy.targetDigitalShare - d0) * total;
  const ramp = policy.rampYears <= 0 ? 1 : Math.min(1, t / policy.rampYears);
  const moved = Math.min(wanted, maxMove) * ramp;
  if (moved > 0) {
    const keep = 1 - moved / shiftable;
    for (const c of policy.channels) volumes[c] *= keep;
    volumes.web += moved;
  }
  return { volumes, digitalShare: volumes.web / total, contactsMoved: moved };
}

export const ALL_ASSISTED: readonly AssistedChannel[] = ASSISTED_CHANNELS;
