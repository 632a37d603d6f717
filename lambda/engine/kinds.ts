/**
 * Authority kinds (and tiers within them) and the presets that derive an IT and contact profile
 * from staff numbers. Sourced where a public figure exists (school devices and budgets, BESA;
 * tickets per user, MetricNet; council contacts, Socitm), illustrative elsewhere, and said so in
 * each preset's `basis`. docs/model.md lists every figure; tests hold the presets to the
 * published budgets (a primary and a secondary school, a council's IT cost per employee).
 *
 * Long because it is data: one preset per kind and tier, each field with its basis.
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
  /** Where the figures come from, in a sentence. */
  readonly basis: string;
  readonly serversPer1000Staff: number;
  /** Whether the body runs a server room of its own (schools keep a cabinet, not a room). */
  readonly serverRoom: boolean;
  readonly storageTbPer1000Staff: number;
  readonly sitesPer1000Staff: number;
  readonly minSites: number;
  readonly ticketsPerStaffYear: number;
  readonly needs24x7: boolean;
  /** End-user devices per member of staff (a school's include its pupils' devices). */
  readonly devicesPerStaff: number;
  readonly devicePrice: number;
  /** What one of its sites' circuits costs bought alone, GBP a year (2025 prices). */
  readonly circuitPrice: number;
  /** Commodity licences (office suite, e-mail, security, filtering) per user, GBP a year. */
  readonly licencePerUser: number;
  /** Line-of-business applications and their support per user, GBP a year (not shareable here). */
  readonly appsPerUser: number;
  /** Whether the body has IT management of its own (a head of IT and service managers). */
  readonly itManagement: boolean;
  /** Specialist FTE demanded per 1,000 staff, by role. */
  readonly specialistsPer1000Staff: Readonly<Record<SpecialistRole, number>>;
  /** Citizen contacts per staff member per year, by channel. */
  readonly contactsPerStaffYear: Readonly<Record<Channel, number>>;
  /** Supplier invoices, purchase orders and (councils) benefit and council-tax cases per staff member a year. */
  readonly invoicesPerStaff: number;
  readonly purchaseOrdersPerStaff: number;
  readonly benefitCasesPerStaff: number;
}

const NO_CONTACT: Readonly<Record<Channel, number>> = { faceToFace: 0, telephone: 0, email: 0, letter: 0, web: 0 };
const COUNCIL_CONTACTS: Readonly<Record<Channel, number>> = {
  faceToFace: 25,
  telephone: 70,
  email: 15,
  letter: 5,
  web: 210,
};
const ILLUSTRATIVE_BASIS = "illustrative ratios; replace with the body's own inventory";

export const KIND_PRESETS: Readonly<Record<Kind, KindPreset>> = {
  police: {
    description: 'Police force: 24/7, heavy evidence storage (body-worn video), secure sites, many non-emergency calls',
    basis:
      `${ILLUSTRATIVE_BASIS}; UK police spend about GBP 1.1bn a year on ICT (2019-20), about GBP 5,000 per head ` +
      `of workforce`,
    serversPer1000Staff: 45,
    serverRoom: true,
    storageTbPer1000Staff: 300,
    sitesPer1000Staff: 12,
    minSites: 1,
    ticketsPerStaffYear: 12,
    needs24x7: true,
    devicesPerStaff: 1.4,
    devicePrice: 700,
    circuitPrice: 4500,
    licencePerUser: 250,
    appsPerUser: 2600,
    itManagement: true,
    specialistsPer1000Staff: { security: 0.2, network: 0.12, database: 0.08, cloud: 0.08, data: 0.1 },
    contactsPerStaffYear: { faceToFace: 8, telephone: 120, email: 15, letter: 2, web: 40 },
    invoicesPerStaff: 6,
    purchaseOrdersPerStaff: 2,
    benefitCasesPerStaff: 0,
  },
  council: {
    description: 'Local council: office hours, most citizen contact (about 30 residents per employee)',
    basis:
      `${ILLUSTRATIVE_BASIS}; contacts calibrated to Socitm (2012): about 3.8 assisted and 7.3 web contacts per ` +
      `resident`,
    serversPer1000Staff: 50,
    serverRoom: true,
    storageTbPer1000Staff: 70,
    sitesPer1000Staff: 15,
    minSites: 1,
    ticketsPerStaffYear: 12,
    needs24x7: false,
    devicesPerStaff: 1.2,
    devicePrice: 600,
    circuitPrice: 3500,
    licencePerUser: 200,
    appsPerUser: 1200,
    itManagement: true,
    specialistsPer1000Staff: { security: 0.12, network: 0.1, database: 0.08, cloud: 0.08, data: 0.08 },
    contactsPerStaffYear: COUNCIL_CONTACTS,
    invoicesPerStaff: 15,
    purchaseOrdersPerStaff: 3,
    benefitCasesPerStaff: 3,
  },
  school: {
    description: 'School: one site, many pupil devices, a cabinet not a server room, support bought in',
    basis:
      'BESA, ICT in UK maintained schools (2019): 76.7 devices in an average primary, 384.6 in a secondary; budgets ' +
      'GBP 14,360 and 60,290 (2018/19)',
    serversPer1000Staff: 30,
    serverRoom: false,
    storageTbPer1000Staff: 80,
    sitesPer1000Staff: 0,
    minSites: 1,
    ticketsPerStaffYear: 10,
    needs24x7: false,
    devicesPerStaff: 3.5,
    devicePrice: 350,
    circuitPrice: 3000,
    licencePerUser: 40,
    appsPerUser: 80,
    itManagement: false,
    specialistsPer1000Staff: { security: 0.05, network: 0.05, database: 0.02, cloud: 0.05, data: 0.03 },
    contactsPerStaffYear: NO_CONTACT,
    invoicesPerStaff: 40,
    purchaseOrdersPerStaff: 6,
    benefitCasesPerStaff: 0,
  },
  health: {
    description: 'Health body: 24/7, imaging and records storage, appointment calls',
    basis: `${ILLUSTRATIVE_BASIS}; NHS trusts spent about 1.8 % of revenue on IT (Department of Health, 2005-06)`,
    serversPer1000Staff: 35,
    serverRoom: true,
    storageTbPer1000Staff: 150,
    sitesPer1000Staff: 5,
    minSites: 1,
    ticketsPerStaffYear: 10,
    needs24x7: true,
    devicesPerStaff: 0.9,
    devicePrice: 650,
    circuitPrice: 4500,
    licencePerUser: 150,
    appsPerUser: 700,
    itManagement: true,
    specialistsPer1000Staff: { security: 0.15, network: 0.1, database: 0.1, cloud: 0.08, data: 0.12 },
    contactsPerStaffYear: { faceToFace: 5, telephone: 60, email: 10, letter: 15, web: 30 },
    invoicesPerStaff: 10,
    purchaseOrdersPerStaff: 4,
    benefitCasesPerStaff: 0,
  },
  fire: {
    description: 'Fire and rescue service: 24/7, many stations, little citizen contact',
    basis: ILLUSTRATIVE_BASIS,
    serversPer1000Staff: 40,
    serverRoom: true,
    storageTbPer1000Staff: 40,
    sitesPer1000Staff: 25,
    minSites: 1,
    ticketsPerStaffYear: 8,
    needs24x7: true,
    devicesPerStaff: 0.9,
    devicePrice: 650,
    circuitPrice: 3000,
    licencePerUser: 180,
    appsPerUser: 900,
    itManagement: true,
    specialistsPer1000Staff: { security: 0.1, network: 0.08, database: 0.05, cloud: 0.05, data: 0.05 },
    contactsPerStaffYear: { faceToFace: 2, telephone: 10, email: 5, letter: 1, web: 20 },
    invoicesPerStaff: 6,
    purchaseOrdersPerStaff: 2,
    benefitCasesPerStaff: 0,
  },
  university: {
    description: 'University: research storage, students as users, web-first contact',
    basis: `${ILLUSTRATIVE_BASIS}; UCISA suggests about 5 % of a university budget on IT (2007)`,
    serversPer1000Staff: 80,
    serverRoom: true,
    storageTbPer1000Staff: 300,
    sitesPer1000Staff: 3,
    minSites: 1,
    ticketsPerStaffYear: 15,
    needs24x7: false,
    devicesPerStaff: 2,
    devicePrice: 600,
    circuitPrice: 5000,
    licencePerUser: 120,
    appsPerUser: 1000,
    itManagement: true,
    specialistsPer1000Staff: { security: 0.15, network: 0.1, database: 0.1, cloud: 0.1, data: 0.12 },
    contactsPerStaffYear: { faceToFace: 20, telephone: 30, email: 60, letter: 1, web: 300 },
    invoicesPerStaff: 15,
    purchaseOrdersPerStaff: 4,
    benefitCasesPerStaff: 0,
  },
  other: {
    description: 'Other public body: a modest generic profile',
    basis: ILLUSTRATIVE_BASIS,
    serversPer1000Staff: 40,
    serverRoom: true,
    storageTbPer1000Staff: 60,
    sitesPer1000Staff: 5,
    minSites: 1,
    ticketsPerStaffYear: 12,
    needs24x7: false,
    devicesPerStaff: 1.2,
    devicePrice: 600,
    circuitPrice: 3500,
    licencePerUser: 200,
    appsPerUser: 900,
    itManagement: true,
    specialistsPer1000Staff: { security: 0.08, network: 0.06, database: 0.05, cloud: 0.05, data: 0.05 },
    contactsPerStaffYear: { faceToFace: 5, telephone: 20, email: 10, letter: 3, web: 50 },
    invoicesPerStaff: 10,
    purchaseOrdersPerStaff: 3,
    benefitCasesPerStaff: 0,
  },
};

/** What differs for a tier from its kind's preset. */
export const TIER_PRESETS: Readonly<Record<Tier, Partial<KindPreset>>> = {
  county: {
    description: 'County council: social care, highways, education support; few transactional contacts per employee',
    benefitCasesPerStaff: 0,
    contactsPerStaffYear: { faceToFace: 10, telephone: 45, email: 12, letter: 3, web: 120 },
  },
  district: {
    description: 'District council: revenues and benefits, housing, planning, waste; contact-heavy per employee',
    benefitCasesPerStaff: 15,
    contactsPerStaffYear: { faceToFace: 35, telephone: 100, email: 20, letter: 8, web: 300 },
    appsPerUser: 1400,
  },
  unitary: { description: 'Unitary council: every local service' },
  metropolitan: { description: 'Metropolitan borough: every local service, dense and urban', sitesPer1000Staff: 12 },
  londonBorough: { description: 'London borough: every local service, dense and urban', sitesPer1000Staff: 12 },
  welshPrincipal: { description: 'Welsh principal council (unitary)' },
  scottish: { description: 'Scottish council (unitary)' },
  northernIreland: {
    description: 'Northern Ireland district council: fewer functions (no education or social care)',
    benefitCasesPerStaff: 0,
    contactsPerStaffYear: { faceToFace: 20, telephone: 60, email: 12, letter: 4, web: 180 },
  },
  primary: {
    description: 'Primary school: about 25 staff, 77 devices, one cabinet, support bought in',
    devicesPerStaff: 3.1,
    circuitPrice: 2000,
    serversPer1000Staff: 20,
    storageTbPer1000Staff: 60,
  },
  secondary: {
    description: 'Secondary school: about 100 staff, 385 devices, a comms room, technicians or bought support',
    devicesPerStaff: 3.85,
    circuitPrice: 5000,
    serversPer1000Staff: 40,
    storageTbPer1000Staff: 100,
  },
  acute: { description: 'Acute hospital trust: 24/7, imaging storage' },
  mentalHealth: {
    description: 'Mental health trust: community sites, modest storage',
    storageTbPer1000Staff: 60,
    sitesPer1000Staff: 10,
  },
  community: {
    description: 'Community health trust: many small sites',
    sitesPer1000Staff: 12,
    storageTbPer1000Staff: 60,
  },
  ambulance: {
    description: 'Ambulance trust: 24/7 control rooms, stations, heavy telephony',
    sitesPer1000Staff: 15,
    storageTbPer1000Staff: 60,
  },
  healthBoard: { description: 'Welsh local health board: acute, community and primary care together' },
};

/** The preset of a kind and tier. A school given no tier is taken as primary up to 50 staff, else secondary. */
export function presetOf(kind: Kind, tier: Tier | undefined, staff: number): KindPreset {
  const t = tier ?? (kind === 'school' ? (staff <= 50 ? 'primary' : 'secondary') : undefined);
  return t ? { ...KIND_PRESETS[kind], ...TIER_PRESETS[t] } : KIND_PRESETS[kind];
}

/** The profile of one authority: every field can be overridden in the scenario. */
export interface Profile {
  readonly users: number;
  readonly devices: number;
  readonly devicePrice: number;
  readonly servers: number;
  readonly serverRooms: number;
  readonly storageTb: number;
  readonly sites: number;
  readonly ticketsPerYear: number;
  readonly needs24x7: boolean;
  readonly circuitPrice: number;
  readonly licencePerUser: number;
  readonly appsPerUser: number;
  readonly itManagement: boolean;
  readonly specialists: Readonly<Record<SpecialistRole, number>>;
  readonly contacts: Readonly<Record<Channel, number>>;
  /** Back-office transactions a year. */
  readonly invoicesPerYear: number;
  readonly purchaseOrdersPerYear: number;
  readonly benefitCasesPerYear: number;
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

/** Derive a profile from the kind's (and tier's) preset scaled by staff, then apply overrides field by field. */
export function deriveProfile(
  kind: Kind,
  staff: number,
  override: ProfileOverride | undefined,
  serversPerRoom: number,
  fixedCostReferenceStaff: number,
  tier?: Tier,
): Profile {
  const p = presetOf(kind, tier, staff);
  const k = staff / 1000;
  const o = override ?? {};
  const servers = o.servers ?? Math.max(0, Math.round(p.serversPer1000Staff * k));
  return {
    users: o.users ?? staff,
    devices: o.devices ?? Math.round(p.devicesPerStaff * staff),
    devicePrice: o.devicePrice ?? p.devicePrice,
    servers,
    serverRooms: o.serverRooms ?? (p.serverRoom && servers > 0 ? Math.ceil(servers / serversPerRoom) : 0),
    storageTb: o.storageTb ?? p.storageTbPer1000Staff * k,
    sites: o.sites ?? Math.max(p.minSites, Math.round(p.sitesPer1000Staff * k)),
    ticketsPerYear: o.ticketsPerYear ?? p.ticketsPerStaffYear * staff,
    needs24x7: o.needs24x7 ?? p.needs24x7,
    circuitPrice: o.circuitPrice ?? p.circuitPrice,
    licencePerUser: o.licencePerUser ?? p.licencePerUser,
    appsPerUser: o.appsPerUser ?? p.appsPerUser,
    itManagement: o.itManagement ?? p.itManagement,
    specialists: mapRecord(SPECIALIST_ROLES, (r) => o.specialists?.[r] ?? p.specialistsPer1000Staff[r] * k),
    contacts: mapRecord(CHANNELS, (c) => o.contacts?.[c] ?? Math.round(p.contactsPerStaffYear[c] * staff)),
    invoicesPerYear: o.invoicesPerYear ?? p.invoicesPerStaff * staff,
    purchaseOrdersPerYear: o.purchaseOrdersPerYear ?? p.purchaseOrdersPerStaff * staff,
    benefitCasesPerYear: o.benefitCasesPerYear ?? p.benefitCasesPerStaff * staff,
    fixedCostScale: o.fixedCostScale ?? Math.min(4, Math.max(0.02, Math.sqrt(staff / fixedCostReferenceStaff))),
    ...(o.linkKm !== undefined ? { linkKm: o.linkKm } : {}),
  };
}
