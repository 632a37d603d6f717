/** The shape of the committed register (data/register/uk-public-bodies.json). */
import type { Tier } from '../engine/kinds';

export const REGISTER_KINDS = ['council', 'police', 'fire', 'health'] as const;
export type RegisterKind = (typeof REGISTER_KINDS)[number];

/** Where one field of a body came from: the source file(s), their vintage, and the rule applied. */
export interface Provenance {
  readonly source: string;
  readonly vintage: string;
  readonly rule: string;
}

export interface RegisterBody {
  /** The official code: GSS (councils), force area (police), E31 (fire), ODS (NHS trusts), ONS (Welsh boards). */
  readonly id: string;
  readonly name: string;
  readonly kind: RegisterKind;
  readonly tier?: Tier;
  readonly region: string;
  readonly nation: string;
  readonly location: { readonly lat: number; readonly lon: number };
  /** Full-time equivalent staff, reported or (staffBasis `proxy`) estimated by the rule in provenance.staff. */
  readonly staff: number;
  readonly staffBasis: 'reported' | 'proxy';
  readonly provenance: Readonly<Record<string, Provenance>>;
}

export interface RegisterFile {
  readonly title: string;
  readonly builtBy: string;
  readonly attribution: readonly string[];
  readonly excluded: readonly string[];
  readonly bodies: readonly RegisterBody[];
}
