#!/usr/bin/env node
/**
 * `npm run build:register [-- <source dir>]`: derives data/register/uk-public-bodies.json (and its
 * NOTICE, and the counts in docs/register.md) from the public extracts in ../shared/data/uk (their
 * provenance, vintages and licences are in that directory's PROVENANCE.md). Deterministic: the same
 * sources give the same bytes, which a test checks against the committed file when the sources are
 * present. The rules for every field are written beside the code that applies them, and again in
 * each body's `provenance`.
 *
 * Long because it is one derivation from seven source files, step by step (councils, police,
 * fire, NHS trusts and boards, their sizes and locations, the NOTICE and the counts); split, the
 * rules a reader checks against PROVENANCE.md would be spread over files that only this uses.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { gridToWgs84 } from './osgb';
import type { Provenance, RegisterBody, RegisterFile } from '../lambda/register/types';

export const DEFAULT_SOURCE_DIR = path.join('..', 'shared', 'data', 'uk');
const ROOT = path.join(__dirname, '..');
export const REGISTER_PATH = path.join(ROOT, 'data', 'register', 'uk-public-bodies.json');
export const NOTICE_PATH = path.join(ROOT, 'data', 'register', 'NOTICE');
export const DOC_PATH = path.join(ROOT, 'docs', 'register.md');

/** The attributions PROVENANCE.md says the sources' licences require, word for word. */
export const ATTRIBUTION = [
  'Contains public sector information licensed under the Open Government Licence v3.0.',
  'Contains OS data © Crown copyright and database right 2025.',
  'Contains Royal Mail data © Royal Mail copyright and database right 2025.',
  'Source: Office for National Statistics licensed under the Open Government Licence v3.0.',
  'Contains Home Office data (police workforce statistics; fire stations dataset) © Crown copyright, licensed under ' +
    'the Open Government Licence v3.0.',
  'Contains NHS data (NHS Digital / NHS England: Organisation Data Service, HCHS workforce statistics, nhs.uk ' +
    'datasets) © Crown copyright / © Health and Social Care Information Centre, licensed under the Open Government ' +
    'Licence v3.0.',
  'Local authority data: "UK Local Authority Names and Codes" by mySociety (https://mysociety.org), licensed under ' +
    'CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). The three `mysociety_*` files are unmodified copies.',
] as const;

const F = {
  la: 'mysociety_uk_local_authorities_current.csv',
  gss: 'mysociety_lookup_gss_to_registry.csv',
  pfa: 'ons_lad16_csp16_pfa16_lookup.csv',
  policeFte: 'homeoffice_police_workforce_fte_2018_2019.csv',
  policeNames: 'openregister_police_force.csv',
  stations: 'homeoffice_fire_stations.csv',
  fireNames: 'openregister_fire_service_eng.csv',
  trusts: 'nhs_ods_etr_trusts.csv',
  nhsFte: 'nhs_hchs_staff_fte_by_organisation_2017_2018.csv',
  postcodes: 'nspl_postcode_latlon_extract.csv',
  lhb: 'ons_ua19_lhb19_lookup_wales.csv',
} as const;

const V = {
  la: 'mySociety v1.6.1, July 2025 (population mid-2020)',
  pfa: 'ONS, December 2016 boundaries',
  police: '30 September 2019',
  policeNames: 'openregister, January 2018',
  stations: 'Home Office, February 2018',
  fireNames: 'openregister draft list, March 2018',
  trusts: 'NHS ODS extract, mid-2026',
  nhsFte: '30 June 2018',
  postcodes: 'NSPL May 2025',
  lhb: 'ONS, April 2019',
} as const;

/**
 * Council staff are not in the sources. Proxy: population (mySociety, mid-2020) times England's
 * local government full-time equivalents per resident, split between the tiers that serve the same
 * residents. The numerator: 1,016,100 FTE, ONS Quarterly Public Sector Employment Survey, England,
 * Q3 2020 (as summarised by the LGA, "Local government workforce summary data", March 2021); it
 * may include staff of council-maintained schools, which the register therefore leaves with their
 * councils. The denominator: the sum of the English single-tier and district councils'
 * populations in the sources, so the English councils add up to the survey's total.
 */
export const COUNCIL_FTE_ENGLAND_2020 = 1_016_100;
/**
 * Share of a resident's council workforce each tier employs. County 0.8 and district 0.2 are
 * ILLUSTRATIVE (the county runs education, social care and highways, the district housing,
 * planning and waste collection; no source in the extracts splits staff by tier). Northern
 * Ireland's districts hold district-like powers (no education, social care or roads), so 0.2,
 * also illustrative. Welsh and Scottish councils are single tier: England's ratio is applied.
 */
export const TIER_SHARE: Readonly<Record<string, number>> = {
  county: 0.8,
  district: 0.2,
  unitary: 1,
  metropolitan: 1,
  londonBorough: 1,
  welshPrincipal: 1,
  scottish: 1,
  northernIreland: 0.2,
};
/**
 * Fire staff are not in the sources. Proxy: the service's stations times England's fire and rescue
 * FTE per station: 40,500 FTE at 31 March 2018 (Home Office, Fire statistics table FIRE1101, as
 * cited by ONS, "Activities, spending and productivity in the fire and rescue services since 2009",
 * May 2019) over the 1,399 stations of the February 2018 station list (the same year).
 */
export const FIRE_FTE_ENGLAND_2018 = 40_500;

const COUNCIL_TIERS: Readonly<Record<string, string>> = {
  CTY: 'county',
  NMD: 'district',
  UA: 'unitary',
  MD: 'metropolitan',
  LBO: 'londonBorough',
  CC: 'londonBorough',
  WPA: 'welshPrincipal',
  SCO: 'scottish',
  NID: 'northernIreland',
};

/** ONS Government Office Region letters as the ODS file carries them. */
const GOR: Readonly<Record<string, string>> = {
  A: 'North East',
  B: 'North West',
  D: 'Yorkshire and The Humber',
  E: 'East Midlands',
  F: 'West Midlands',
  G: 'East of England',
  H: 'London',
  J: 'South East',
  K: 'South West',
  W: 'Wales',
};

/** Home Office region labels to mySociety's (the register's) region names. */
const POLICE_REGION: Readonly<Record<string, string>> = {
  'Yorkshire and the Humber': 'Yorkshire and The Humber',
  Eastern: 'East of England',
};

/**
 * NHS trust tiers. Names that say so (AMBULANCE; MENTAL HEALTH or PARTNERSHIP; COMMUNITY) decide;
 * these trusts' names do not, and their main function is named here. Everything else is acute.
 */
const TRUST_TIER_BY_CODE: Readonly<Record<string, string | null>> = {
  G6V2S: 'mentalHealth',
  RAT: 'mentalHealth',
  RKL: 'mentalHealth',
  RV3: 'mentalHealth',
  RV5: 'mentalHealth',
  RV9: 'mentalHealth',
  RHA: 'mentalHealth',
  RNU: 'mentalHealth',
  RP1: 'mentalHealth',
  RPG: 'mentalHealth',
  RLY: 'mentalHealth',
  RMY: 'mentalHealth',
  RT1: 'mentalHealth',
  RT2: 'mentalHealth',
  RTQ: 'mentalHealth',
  RW1: 'mentalHealth',
  RW4: 'mentalHealth',
  RW5: 'mentalHealth',
  RWK: 'mentalHealth',
  RX3: 'mentalHealth',
  RX4: 'mentalHealth',
  RXE: 'mentalHealth',
  RXM: 'mentalHealth',
  RDY: 'mentalHealth',
  R1A: 'community',
  RKE: 'acute',
  RMP: 'acute',
  RNN: 'acute',
  RQF: 'acute',
  K0N6A: null,
  RYT: null,
};

type Row = Record<string, string>;

function readCsv(dir: string, file: string): Row[] {
  return parse(fs.readFileSync(path.join(dir, file), 'utf8'), { columns: true, skip_empty_lines: true }) as Row[];
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));
const at = (lat: number, lon: number) => ({ lat: round(lat, 5), lon: round(lon, 5) });

function prov(source: string | readonly string[], vintage: string, rule: string): Provenance {
  return { source: typeof source === 'string' ? source : source.join(' + '), vintage, rule };
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function weightedCentre(points: readonly { lat: number; lon: number; w: number }[]): { lat: number; lon: number } {
  const w = points.reduce((s, p) => s + p.w, 0);
  return {
    lat: points.reduce((s, p) => s + p.lat * p.w, 0) / w,
    lon: points.reduce((s, p) => s + p.lon * p.w, 0) / w,
  };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function titleCase(upper: string): string {
  const small = new Set(['and', 'of', 'for', 'the', 'upon', 'on']);
  return upper
    .toLowerCase()
    .split(/(\s+|-|,)/)
    .map((w, i) =>
      w === 'nhs'
        ? 'NHS'
        : i > 0 && small.has(w)
          ? w
          : w.replace(/^([a-z])/, (c) => c.toUpperCase()).replace(/'([a-z])\b/, (c) => c),
    )
    .join('');
}

interface Council {
  code: string;
  body: RegisterBody;
  population: number;
  lowerOrUnitary: boolean;
}

function councils(dir: string): { list: Council[]; rows: Map<string, Row>; englandRatio: number } {
  const rows = readCsv(dir, F.la);
  const byCode = new Map(rows.map((r) => [r['local-authority-code']!, r]));
  const current = rows.filter((r) => r['current-authority'] === 'True' && COUNCIL_TIERS[r['local-authority-type']!]);
  const englandPop = current
    .filter((r) => r.nation === 'England' && r['lower-or-unitary'] === 'True')
    .reduce((s, r) => s + Number(r['pop-2020']), 0);
  const ratio = COUNCIL_FTE_ENGLAND_2020 / englandPop;
  // mySociety's centres of the shire counties are not where the counties are (Devon's lies in the
  // Bristol Channel): a county's location is the population-weighted centre of its districts.
  const countyCentre = new Map<string, { lat: number; lon: number }>();
  for (const county of current.filter((r) => r['local-authority-type'] === 'CTY')) {
    const districts = current.filter((d) => d['county-la'] === county['local-authority-code']);
    if (districts.length === 0) throw new Error(`county ${county['local-authority-code']} has no districts`);
    countyCentre.set(
      county['local-authority-code']!,
      weightedCentre(districts.map((d) => ({ lat: Number(d.lat), lon: Number(d.long), w: Number(d['pop-2020']) }))),
    );
  }
  const list = current.map((r): Council => {
    const tier = COUNCIL_TIERS[r['local-authority-type']!]!;
    const population = Number(r['pop-2020']);
    const share = TIER_SHARE[tier]!;
    const cityOfLondon = r['local-authority-type'] === 'CC';
    const county = countyCentre.get(r['local-authority-code']!);
    return {
      code: r['local-authority-code']!,
      population,
      lowerOrUnitary: r['lower-or-unitary'] === 'True',
      body: {
        id: r['gss-code']!,
        name: r['official-name']!,
        kind: 'council',
        tier: tier as RegisterBody['tier'],
        region: r.region!,
        nation: r.nation!,
        location: county ? at(county.lat, county.lon) : at(Number(r.lat), Number(r.long)),
        staff: Math.max(1, Math.round(population * ratio * share)),
        staffBasis: 'proxy',
        provenance: {
          id: prov(F.la, V.la, 'gss-code: the GSS code of the current authority'),
          name: prov(F.la, V.la, 'official-name'),
          tier: prov(
            F.la,
            V.la,
            cityOfLondon
              ? 'local-authority-type CC (the City of London Corporation, a London council with borough powers): ' +
                  'londonBorough'
              : `local-authority-type ${r['local-authority-type']} (${r['local-authority-type-name']}): ${tier}`,
          ),
          region: prov(F.la, V.la, 'region'),
          nation: prov(F.la, V.la, 'nation'),
          location: prov(
            F.la,
            V.la,
            county
              ? "population-weighted centre (pop-2020) of the districts whose county-la is this county (the file's " +
                  'own county centre is misplaced)'
              : "lat, long: the authority's centre (WGS84), rounded to 5 decimals",
          ),
          staff: prov(
            F.la,
            `${V.la}; ONS QPSES England Q3 2020`,
            `PROXY: pop-2020 ${population} x ${ratio.toFixed(6)} FTE per resident (1,016,100 local government FTE in ` +
              `England, Q3 2020, over the English councils' population) x tier share ${share} ` +
              `(${tier}${share === 1 ? ': single tier' : ': illustrative split'}), rounded`,
          ),
        },
      },
    };
  });
  return { list, rows: byCode, englandRatio: ratio };
}

/** Follow `replaced-by` from a 2016 district to the current lower-tier or unitary council. */
function currentCouncil(code: string, rows: Map<string, Row>): Row {
  let r = rows.get(code);
  for (let hops = 0; r && r['current-authority'] !== 'True' && hops < 10; hops++) {
    const next = r['replaced-by']!;
    if (!next || next.includes(',')) throw new Error(`${code}: no single successor (${next})`);
    r = rows.get(next);
  }
  if (!r) throw new Error(`${code}: unknown authority`);
  return r;
}

function police(dir: string, rows: Map<string, Row>): RegisterBody[] {
  const gss = new Map(readCsv(dir, F.gss).map((r) => [r['gss-code']!, r['local-authority-code']!]));
  const names = new Map(readCsv(dir, F.policeNames).map((r) => [r['police-force']!, r.name!]));
  const fte = readCsv(dir, F.policeFte);
  const slugOf = (name: string) =>
    ({ 'metropolitan-police': 'metropolitan', 'london-city-of': 'city-of-london' })[slug(name)] ?? slug(name);
  const workforce = new Map<string, { row: Row; region: string }>();
  let region = '';
  for (const r of fte) {
    if (r.row_type === 'region') region = POLICE_REGION[r.area_name!] ?? r.area_name!;
    else if (r.row_type === 'force') workforce.set(slugOf(r.area_name!), { row: r, region });
  }
  const areas = new Map<string, { name: string; councils: Map<string, Row> }>();
  for (const r of readCsv(dir, F.pfa)) {
    const a = areas.get(r.PFA16CD!) ?? { name: r.PFA16NM!, councils: new Map<string, Row>() };
    const c = currentCouncil(gss.get(r.LAD16CD!) ?? '', rows);
    a.councils.set(c['local-authority-code']!, c);
    areas.set(r.PFA16CD!, a);
  }
  const date = '2019-09-30';
  return [...areas.entries()].map(([code, a]): RegisterBody => {
    const s = slugOf(a.name);
    const w = workforce.get(s);
    const name = names.get(s);
    if (!w || !name) throw new Error(`police force area ${code} ${a.name}: no workforce row or name`);
    const num = (k: string) => Number(w.row[`${k}_${date}`] || 0);
    const staff = num('officers_fte') + num('police_staff_fte') + num('designated_officers_fte') + num('pcso_fte');
    const centre = weightedCentre(
      [...a.councils.values()].map((c) => ({ lat: Number(c.lat), lon: Number(c.long), w: Number(c['pop-2020']) })),
    );
    const nation = code.startsWith('W') ? 'Wales' : 'England';
    return {
      id: code,
      name,
      kind: 'police',
      region: w.region,
      nation,
      location: at(centre.lat, centre.lon),
      staff: Math.round(staff),
      staffBasis: 'reported',
      provenance: {
        id: prov(F.pfa, V.pfa, 'PFA16CD: the police force area code'),
        name: prov([F.pfa, F.policeNames], V.policeNames, 'the force named for PFA16NM (matched by slug)'),
        region: prov(F.policeFte, V.police, 'the region row above the force in the Home Office tables'),
        nation: prov(F.pfa, V.pfa, 'W15 codes: Wales; E23: England'),
        location: prov(
          [F.pfa, F.gss, F.la],
          `${V.pfa}; ${V.la}`,
          "population-weighted centre (pop-2020) of the current councils covering the force area's 2016 districts " +
            '(replaced-by followed)',
        ),
        staff: prov(
          F.policeFte,
          V.police,
          'officers + police staff + designated officers + PCSOs, FTE at 30 Sep 2019 (an empty cell counts 0: those ' +
            'forces include designated officers in staff; Norfolk has no PCSOs)',
        ),
      },
    };
  });
}

function nearestRegion(p: { lat: number; lon: number }, english: readonly Council[]): string {
  let best = english[0]!;
  let d = Number.POSITIVE_INFINITY;
  for (const c of english) {
    const dy = c.body.location.lat - p.lat;
    const dx = (c.body.location.lon - p.lon) * Math.cos((p.lat * Math.PI) / 180);
    const e = dx * dx + dy * dy;
    if (e < d) {
      d = e;
      best = c;
    }
  }
  return best.body.region;
}

function fire(dir: string, list: readonly Council[]): RegisterBody[] {
  const stations = readCsv(dir, F.stations);
  const names = readCsv(dir, F.fireNames).map((r) => r.name!);
  const perStation = FIRE_FTE_ENGLAND_2018 / stations.length;
  const english = list.filter((c) => c.body.nation === 'England' && c.lowerOrUnitary);
  const services = new Map<string, { name: string; stations: number; points: { lat: number; lon: number }[] }>();
  for (const s of stations) {
    // The Isles of Scilly's service is run by its council (E06000053), already in the register.
    if (!s.E_CODE!.startsWith('E31')) continue;
    const v = services.get(s.E_CODE!) ?? { name: s.FRS_FULLNAME!, stations: 0, points: [] };
    v.stations++;
    const e = Number(s.STATION_EASTING);
    const n = Number(s.STATION_NORTHING);
    if (s.STATION_EASTING !== '' && Number.isFinite(e) && Number.isFinite(n)) v.points.push(gridToWgs84(e, n));
    services.set(s.E_CODE!, v);
  }
  return [...services.entries()].map(([code, v]): RegisterBody => {
    const words = new RegExp(`\\b${v.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
    const name = names.find((n) => words.test(n)) ?? `${v.name} Fire and Rescue Service`;
    // West Sussex's stations carry a web address instead of coordinates: its service is run by
    // West Sussex County Council, whose centre stands in for the stations.
    const council =
      v.points.length === 0
        ? list.find((c) => c.body.name === `${v.name} County Council` || c.body.name === `${v.name} Council`)
        : undefined;
    if (v.points.length === 0 && !council) throw new Error(`fire service ${code}: no located station and no council`);
    const points = council ? [council.body.location] : v.points;
    const votes = new Map<string, number>();
    for (const p of points) {
      const r = nearestRegion(p, english);
      votes.set(r, (votes.get(r) ?? 0) + 1);
    }
    const region = [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
    const centre = weightedCentre(points.map((p) => ({ ...p, w: 1 })));
    return {
      id: code,
      name,
      kind: 'fire',
      region,
      nation: 'England',
      location: at(centre.lat, centre.lon),
      staff: Math.round(v.stations * perStation),
      staffBasis: 'proxy',
      provenance: {
        id: prov(F.stations, V.stations, 'E_CODE: the fire and rescue authority code (E31)'),
        name: prov(
          [F.stations, F.fireNames],
          V.fireNames,
          names.includes(name)
            ? 'the openregister name containing FRS_FULLNAME'
            : 'FRS_FULLNAME + " Fire and Rescue Service"',
        ),
        region: prov(
          [F.stations, F.la],
          `${V.stations}; ${V.la}`,
          'the region of most of its stations, each taking the region of the English council whose centre is nearest',
        ),
        nation: prov(F.stations, V.stations, 'the station list covers England only'),
        location: council
          ? prov(
              [F.stations, F.la],
              `${V.stations}; ${V.la}`,
              `its stations have no coordinates: the centre of ${council.body.name} (${council.body.id}), which runs ` +
                `the service`,
            )
          : prov(
              F.stations,
              V.stations,
              'mean of its stations, STATION_EASTING/NORTHING (British National Grid) converted to WGS84 (OS Helmert)',
            ),
        staff: prov(
          F.stations,
          `${V.stations}; Home Office FIRE1101, 31 Mar 2018`,
          `PROXY: ${v.stations} stations x ${perStation.toFixed(3)} FTE per station (40,500 fire and rescue FTE in ` +
            `England, 31 Mar 2018, over the list's ${stations.length} stations), rounded`,
        ),
      },
    };
  });
}

function health(dir: string, list: readonly Council[], rows: Map<string, Row>): RegisterBody[] {
  const trusts = readCsv(dir, F.trusts).filter((r) => !r['Close Date']);
  const fte = new Map(
    readCsv(dir, F.nhsFte)
      .filter((r) => r.month === '2018-JUN')
      .map((r) => [r.organisation_code!, Number(r.fte_total)]),
  );
  const postcodes = new Map(
    readCsv(dir, F.postcodes).map((r) => [r.postcode_nospace!, { lat: Number(r.lat), lon: Number(r.long) }]),
  );
  const tierOf = (code: string, name: string): string | undefined => {
    if (code in TRUST_TIER_BY_CODE) return TRUST_TIER_BY_CODE[code] ?? undefined;
    if (/AMBULANCE/.test(name)) return 'ambulance';
    if (/MENTAL HEALTH|PARTNERSHIP/.test(name)) return 'mentalHealth';
    if (/COMMUNITY/.test(name)) return 'community';
    return 'acute';
  };
  const tierRule = (code: string, name: string) =>
    code in TRUST_TIER_BY_CODE
      ? "named in the build script's table of trusts whose names do not say their function"
      : /AMBULANCE|MENTAL HEALTH|PARTNERSHIP|COMMUNITY/.test(name)
        ? 'from the name (AMBULANCE; MENTAL HEALTH or PARTNERSHIP; COMMUNITY)'
        : 'acute: the name names no other function';
  const withTier = trusts.map((r) => ({ r, tier: tierOf(r['Organisation Code']!, r.Name!) }));
  const reported = withTier.filter((t) => fte.has(t.r['Organisation Code']!));
  const medianOf = (tier: string | undefined) => {
    const same = reported.filter((t) => t.tier === tier).map((t) => fte.get(t.r['Organisation Code']!)!);
    return { value: median(same.length > 0 ? same : reported.map((t) => fte.get(t.r['Organisation Code']!)!)), same };
  };
  const bodies = withTier.map(({ r, tier }): RegisterBody => {
    const code = r['Organisation Code']!;
    const pc = r.Postcode!.replace(/\s+/g, '').toUpperCase();
    const where = postcodes.get(pc);
    if (!where) throw new Error(`trust ${code}: postcode ${r.Postcode} not in the NSPL extract`);
    const reportedFte = fte.get(code);
    const m = medianOf(tier);
    const region = GOR[r['GOR Code']!];
    if (!region) throw new Error(`trust ${code}: GOR code ${r['GOR Code']}`);
    return {
      id: code,
      name: titleCase(r.Name!),
      kind: 'health',
      ...(tier ? { tier: tier as RegisterBody['tier'] } : {}),
      region,
      nation: region === 'Wales' ? 'Wales' : 'England',
      location: at(where.lat, where.lon),
      staff: Math.round(reportedFte ?? m.value),
      staffBasis: reportedFte !== undefined ? 'reported' : 'proxy',
      provenance: {
        id: prov(F.trusts, V.trusts, 'Organisation Code: the ODS code of an open trust (no Close Date)'),
        name: prov(F.trusts, V.trusts, 'Name, in title case'),
        ...(tier ? { tier: prov(F.trusts, V.trusts, tierRule(code, r.Name!)) } : {}),
        region: prov(F.trusts, V.trusts, `GOR Code ${r['GOR Code']}: ${region}`),
        nation: prov(F.trusts, V.trusts, 'GOR Code W: Wales; else England'),
        location: prov(
          [F.trusts, F.postcodes],
          `${V.trusts}; ${V.postcodes}`,
          "the registered address's Postcode, located by NSPL",
        ),
        staff:
          reportedFte !== undefined
            ? prov(F.nhsFte, V.nhsFte, 'fte_total of the organisation code at 30 Jun 2018 (all staff groups)')
            : prov(
                F.nhsFte,
                V.nhsFte,
                `PROXY: no June 2018 figure for this code (opened later, or not in England's workforce statistics): ` +
                  `the median June 2018 FTE of the register's ${m.same.length > 0 ? `${tier} ` : ''}trusts that have ` +
                  `one, rounded`,
              ),
      },
    };
  });
  // Welsh local health boards: ONS codes (the ODS codes of NHS Wales boards are not in the sources).
  const england = reported.filter((t) => t.r['GOR Code'] !== 'W');
  const englandFte = england.reduce((s, t) => s + fte.get(t.r['Organisation Code']!)!, 0);
  const englandPop = list
    .filter((c) => c.body.nation === 'England' && c.lowerOrUnitary)
    .reduce((s, c) => s + c.population, 0);
  const perHead = englandFte / englandPop;
  const byGss = new Map([...rows.values()].map((r) => [r['gss-code']!, r]));
  const boards = new Map<string, { name: string; uas: Row[] }>();
  for (const r of readCsv(dir, F.lhb)) {
    const b = boards.get(r.LHB19CD!) ?? { name: r.LHB19NM!, uas: [] };
    const ua = byGss.get(r.UA19CD!);
    if (!ua) throw new Error(`health board ${r.LHB19CD}: unknown council ${r.UA19CD}`);
    b.uas.push(ua);
    boards.set(r.LHB19CD!, b);
  }
  for (const [code, b] of boards) {
    const pop = b.uas.reduce((s, u) => s + Number(u['pop-2020']), 0);
    const centre = weightedCentre(
      b.uas.map((u) => ({ lat: Number(u.lat), lon: Number(u.long), w: Number(u['pop-2020']) })),
    );
    bodies.push({
      id: code,
      name: `${b.name} Local Health Board`,
      kind: 'health',
      tier: 'healthBoard',
      region: 'Wales',
      nation: 'Wales',
      location: at(centre.lat, centre.lon),
      staff: Math.round(pop * perHead),
      staffBasis: 'proxy',
      provenance: {
        id: prov(F.lhb, V.lhb, 'LHB19CD: the ONS code of the local health board'),
        name: prov(F.lhb, V.lhb, 'LHB19NM (the short ONS name) + " Local Health Board"'),
        tier: prov(F.lhb, V.lhb, 'a Welsh local health board: healthBoard'),
        region: prov(F.lhb, V.lhb, 'Wales'),
        nation: prov(F.lhb, V.lhb, 'Wales'),
        location: prov(
          [F.lhb, F.la],
          `${V.lhb}; ${V.la}`,
          "population-weighted centre (pop-2020) of the board's councils (UA19CD)",
        ),
        staff: prov(
          [F.lhb, F.la, F.nhsFte, F.trusts],
          `${V.nhsFte}; ${V.la}`,
          `PROXY: the board's councils' pop-2020 ${pop} x ${perHead.toFixed(6)} FTE per resident (June 2018 FTE of ` +
            `the register's English trusts over England's population), rounded; NHS Wales staff are not in the ` +
            `sources`,
        ),
      },
    });
  }
  return bodies;
}

const KIND_ORDER = ['council', 'police', 'fire', 'health'];

export function buildRegister(sourceDir: string = DEFAULT_SOURCE_DIR): RegisterFile {
  const c = councils(sourceDir);
  const bodies = [
    ...c.list.map((x) => x.body),
    ...police(sourceDir, c.rows),
    ...fire(sourceDir, c.list),
    ...health(sourceDir, c.list, c.rows),
  ];
  bodies.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.id.localeCompare(b.id));
  return {
    title: 'UK public bodies: councils, police forces, fire and rescue services, NHS trusts and Welsh health boards',
    builtBy: 'npm run build:register (scripts/build-register.ts) from the extracts described in docs/register.md',
    attribution: [...ATTRIBUTION],
    excluded: [
      'Schools: not in the sources; none are generated.',
      'Combined authorities and the Greater London Authority: strategic authorities over councils that are listed.',
      'Isles of Scilly Fire and Rescue Service: run by the Council of the Isles of Scilly (E06000053), listed as a ' +
        'council.',
      'Police Service of Northern Ireland, Police Scotland, British Transport Police: no force area code or ' +
        'workforce figure in the sources.',
      'Fire and rescue services of Wales, Scotland and Northern Ireland: the station list covers England only.',
      'Health bodies of Scotland and Northern Ireland, and NHS Wales bodies other than the 7 local health boards and ' +
        '3 trusts: not in the sources.',
      'Closed NHS trusts (ODS Close Date set) and former councils (current-authority False).',
    ],
    bodies,
  };
}

/** One body a line: diffs stay readable, the file stays compact. */
export function registerJson(r: RegisterFile): string {
  const { bodies, ...head } = r;
  const top = JSON.stringify(head, null, 1).replace(/\n}$/, '');
  return `${top},\n "bodies": [\n${bodies.map((b) => `  ${JSON.stringify(b)}`).join(',\n')}\n ]\n}\n`;
}

export function noticeText(): string {
  return [
    'data/register/uk-public-bodies.json is derived from public data. Its sources and their licences',
    'require these attributions:',
    '',
    ...ATTRIBUTION.map((a) => `- ${a}`),
    '',
    'Fire and rescue service names are matched to the GDS openregister draft list of English fire and',
    'rescue services (openregister/fire-data, March 2018), which states no licence; the names of public',
    'bodies are the only content taken from it. Full provenance: docs/register.md.',
    '',
  ].join('\n');
}

/** The counts table of docs/register.md (between its markers), by kind and tier and by region. */
export function countsMarkdown(r: RegisterFile): string {
  const kinds = ['council', 'police', 'fire', 'health'];
  const regions = [...new Set(r.bodies.map((b) => `${b.nation}|${b.region}`))].sort();
  const count = (f: (b: RegisterBody) => boolean) => r.bodies.filter(f).length;
  const lines = [
    `${r.bodies.length} bodies.`,
    '',
    '| nation | region | council | police | fire | health | all |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const key of regions) {
    const [nation, region] = key.split('|') as [string, string];
    const inRegion = (b: RegisterBody) => b.nation === nation && b.region === region;
    lines.push(
      `| ${nation} | ${region} | ${kinds.map((k) => count((b) => inRegion(b) && b.kind === k)).join(' | ')} | ` +
        `${count(inRegion)} |`,
    );
  }
  lines.push(
    `| **UK** | **all** | ${kinds.map((k) => `**${count((b) => b.kind === k)}**`).join(' | ')} | ` +
      `**${r.bodies.length}** |`,
  );
  lines.push('', '| kind | tier | bodies | staff reported | staff by proxy |', '|---|---|---:|---:|---:|');
  const tiers = [...new Set(r.bodies.map((b) => `${b.kind}|${b.tier ?? '(none)'}`))].sort(
    (a, b) => kinds.indexOf(a.split('|')[0]!) - kinds.indexOf(b.split('|')[0]!) || a.localeCompare(b),
  );
  for (const key of tiers) {
    const [kind, tier] = key.split('|') as [string, string];
    const of = (b: RegisterBody) => b.kind === kind && (b.tier ?? '(none)') === tier;
    lines.push(
      `| ${kind} | ${tier} | ${count(of)} | ${count((b) => of(b) && b.staffBasis === 'reported')} | ` +
        `${count((b) => of(b) && b.staffBasis === 'proxy')} |`,
    );
  }
  return lines.join('\n');
}

export function withCounts(doc: string, r: RegisterFile): string {
  return doc.replace(
    /<!-- register:counts:start -->[\s\S]*<!-- register:counts:end -->/,
    `<!-- register:counts:start -->\n${countsMarkdown(r)}\n<!-- register:counts:end -->`,
  );
}

function main(): void {
  const dir = process.argv[2] ?? DEFAULT_SOURCE_DIR;
  if (!fs.existsSync(path.join(dir, F.la))) {
    console.error(`no source extracts in ${dir} (expected ${F.la} and the files beside it)`);
    process.exit(2);
  }
  const r = buildRegister(dir);
  fs.mkdirSync(path.dirname(REGISTER_PATH), { recursive: true });
  fs.writeFileSync(REGISTER_PATH, registerJson(r));
  fs.writeFileSync(NOTICE_PATH, noticeText());
  if (fs.existsSync(DOC_PATH)) fs.writeFileSync(DOC_PATH, withCounts(fs.readFileSync(DOC_PATH, 'utf8'), r));
  console.log(`${r.bodies.length} bodies written to ${path.relative(process.cwd(), REGISTER_PATH)}`);
}

if (require.main === module) main();
