/**
 * Authority kinds and the presets that derive an IT and contact profile from staff numbers.
 * All ratios are illustrative (see README): they are placeholders calibrated only loosely,
 * councils' contacts against Socitm (2012): about 3.8 assisted and 7.3 web contacts per
 * resident, with about 30 residents per council employee.
 */
export const KINDS = ['police', 'council', 'school', 'health', 'fire', 'university', 'other'] as const;
export type Kind = (typeof KINDS)[number];

/**
 * Finer types within a kind, where costs differ enough to need their own preset: councils by
 * tier, schools by phase, health bodies by function. Optional: a kind's preset is used without.
 */
export const TIERS_BY_KIND = {
  council: [
    'county',
    'district',
    'unitary',
    'metropolitan',
    'londonBorough',
    'welshPrincipal',
    'scottish',
    'northernIreland',
  ],
  school: ['primary', 'secondary'],
  health: ['acute', 'mentalHealth', 'community', 'ambulance', 'healthBoard'],
} as const satisfies Partial<Record<Kind, readonly string[]>>;
export type Tier = (typeof TIERS_BY_KIND)[keyof typeof TIERS_BY_KIND][number];
export const TIERS: readonly Tier[] = [...new Set(Object.values(TIERS_BY_KIND).flat())];

export const SPECIALIST_ROLES = ['security', 'network', 'database', 'cloud', 'data'] as const;
export type SpecialistRole = (typeof SPECIALIST_ROLES)[number];

export const CHANNELS = ['faceToFace', 'telephone', 'email', 'letter', 'web'] as const;
export type Channel = (typeof CHANNELS)[number];
export const ASSISTED_CHANNELS = ['faceToFace', 'telephone', 'email', 'letter'] as const;
export type AssistedChannel = (typeof ASSISTED_CHANNELS)[number];

export interface KindPreset {
  readonly description: string;
  readonly serversPer1000Staff: number;
  readonly storageTbPer1000Staff: number;
  readonly sitesPer1000Staff: number;
  readonly ticketsPerStaffYear: number;
  readonly needs24x7: boolean;
  /** Specialist FTE demanded per 1,000 staff, by role. */
  readonly specialistsPer1000Staff: Readonly<Record<SpecialistRole, number>>;
  /** Citizen contacts per staff member per year, by channel. */
  readonly contactsPerStaffYear: Readonly<Record<Channel, number>>;
}

export const KIND_PRESETS: Readonly<Record<Kind, KindPreset>> = {
  police: {
    description: 'Police force: 24/7, heavy evidence storage (body-worn video), many non-emergency calls',
    serversPer1000Staff: 90,
    storageTbPer1000Staff: 350,
    sitesPer1000Staff: 14,
    ticketsPerStaffYear: 8,
    needs24x7: true,
    specialistsPer1000Staff: { security: 0.2, network: 0.12, database: 0.08, cloud: 0.08, data: 0.1 },
    contactsPerStaffYear: { faceToFace: 8, telephone: 120, email: 15, letter: 2, web: 40 },
  },
  council: {
    description: 'Local council: office hours, most citizen contact (about 30 residents per employee)',
    serversPer1000Staff: 60,
    storageTbPer1000Staff: 80,
    sitesPer1000Staff: 20,
    ticketsPerStaffYear: 7,
    needs24x7: false,
    specialistsPer1000Staff: { security: 0.12, network: 0.1, database: 0.08, cloud: 0.08, data: 0.08 },
    contactsPerStaffYear: { faceToFace: 25, telephone: 70, email: 15, letter: 5, web: 210 },
  },
  school: {
    description: 'School: one site, small estate, contact with parents',
    serversPer1000Staff: 25,
    storageTbPer1000Staff: 40,
    sitesPer1000Staff: 8,
    ticketsPerStaffYear: 10,
    needs24x7: false,
    specialistsPer1000Staff: { security: 0.05, network: 0.05, database: 0.02, cloud: 0.05, data: 0.03 },
    contactsPerStaffYear: { faceToFace: 10, telephone: 40, email: 40, letter: 2, web: 150 },
  },
  health: {
    description: 'Health body: 24/7, imaging and records storage, appointment calls',
    serversPer1000Staff: 70,
    storageTbPer1000Staff: 200,
    sitesPer1000Staff: 6,
    ticketsPerStaffYear: 9,
    needs24x7: true,
    specialistsPer1000Staff: { security: 0.15, network: 0.1, database: 0.1, cloud: 0.08, data: 0.12 },
    contactsPerStaffYear: { faceToFace: 5, telephone: 60, email: 10, letter: 15, web: 30 },
  },
  fire: {
    description: 'Fire and rescue service: 24/7, many stations, little citizen contact',
    serversPer1000Staff: 50,
    storageTbPer1000Staff: 40,
    sitesPer1000Staff: 28,
    ticketsPerStaffYear: 6,
    needs24x7: true,
    specialistsPer1000Staff: { security: 0.1, network: 0.08, database: 0.05, cloud: 0.05, data: 0.05 },
    contactsPerStaffYear: { faceToFace: 2, telephone: 10, email: 5, letter: 1, web: 20 },
  },
  university: {
    description: 'University: research storage, students as users, web-first contact',
    serversPer1000Staff: 80,
    storageTbPer1000Staff: 300,
    sitesPer1000Staff: 3,
    ticketsPerStaffYear: 10,
    needs24x7: false,
    specialistsPer1000Staff: { security: 0.15, network: 0.1, database: 0.1, cloud: 0.1, data: 0.12 },
    contactsPerStaffYear: { faceToFace: 20, telephone: 30, email: 60, letter: 1, web: 300 },
  },
  other: {
    description: 'Other public body: a modest generic profile',
    serversPer1000Staff: 40,
    storageTbPer1000Staff: 60,
    sitesPer1000Staff: 5,
    ticketsPerStaffYear: 7,
    needs24x7: false,
    specialistsPer1000Staff: { security: 0.08, network: 0.06, database: 0.05, cloud: 0.05, data: 0.05 },
    contactsPerStaffYear: { faceToFace: 5, telephone: 20, email: 10, letter: 3, web: 50 },
  },
};

/** The profile of one authority: every field can be overridden in the scenario. */
export interface Profile {
  readonly servers: number;
  readonly serverRooms: number;
  readonly storageTb: number;
  readonly sites: number;
  readonly ticketsPerYear: number;
  readonly needs24x7: boolean;
  readonly specialists: Readonly<Record<SpecialistRole, number>>;
  readonly contacts: Readonly<Record<Channel, number>>;
  /** Multiplier on the fixed costs of running services alone (array, tools, core, platform). */
  readonly fixedCostScale: number;
  /** Distance of the authority to the partnership hub, km (else from its location). */
  readonly linkKm?: number;
}

export type ProfileOverride = Partial<Omit<Profile, 'specialists' | 'contacts'>> & {
  readonly specialists?: Partial<Record<SpecialistRole, number>>;
  readonly contacts?: Partial<Record<Channel, number>>;
};

function mapRecord<K extends string>(keys: readonly K[], f: (k: K) => number): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const k of keys) out[k] = f(k);
  return out;
}

/** Derive a profile from the kind preset scaled by staff, then apply overrides field by field. */
export function deriveProfile(
  kind: Kind,
  staff: number,
  override: ProfileOverride | undefined,
  serversPerRoom: number,
  fixedCostReferenceStaff: number,
): Profile {
  const p = KIND_PRESETS[kind];
  const k = staff / 1000;
  const servers = override?.servers ?? Math.max(1, Math.round(p.serversPer1000Staff * k));
  const o = override ?? {};
  return {
    servers,
    serverRooms: o.serverRooms ?? Math.max(1, Math.ceil(servers / serversPerRoom)),
    storageTb: o.storageTb ?? p.storageTbPer1000Staff * k,
    sites: o.sites ?? Math.max(1, Math.round(p.sitesPer1000Staff * k)),
    ticketsPerYear: o.ticketsPerYear ?? p.ticketsPerStaffYear * staff,
    needs24x7: o.needs24x7 ?? p.needs24x7,
    specialists: mapRecord(SPECIALIST_ROLES, (r) => o.specialists?.[r] ?? p.specialistsPer1000Staff[r] * k),
    contacts: mapRecord(CHANNELS, (c) => o.contacts?.[c] ?? Math.round(p.contactsPerStaffYear[c] * staff)),
    fixedCostScale: o.fixedCostScale ?? Math.min(1, Math.max(0.1, Math.sqrt(staff / fixedCostReferenceStaff))),
    ...(o.linkKm !== undefined ? { linkKm: o.linkKm } : {}),
  };
}
