/**
 * The register of UK public bodies: the committed file on its own (ids, locations, sizes,
 * provenance, the counts in docs/register.md), the selection rules, and, when the source extracts
 * are beside the repository (../shared/data/uk), the file re-derived from them and its counts
 * checked against what the sources hold.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { distanceKm } from '../../lambda/engine/geo';
import { KINDS, TIERS_BY_KIND } from '../../lambda/engine/kinds';
import { authoritySchema, scenarioSchema } from '../../lambda/engine/schema';
import { register, registerBody, SelectionError, selectBodies, toAuthority } from '../../lambda/register';
import {
  buildRegister,
  COUNCIL_FTE_ENGLAND_2020,
  countsMarkdown,
  DEFAULT_SOURCE_DIR,
  FIRE_FTE_ENGLAND_2018,
  noticeText,
  registerJson,
} from '../../scripts/build-register';
import { gridToWgs84 } from '../../scripts/osgb';

const root = path.join(__dirname, '..', '..');
const bodies = register().bodies;
const sources = path.join(root, DEFAULT_SOURCE_DIR);
const haveSources = fs.existsSync(path.join(sources, 'PROVENANCE.md'));
const csv = (file: string) =>
  parse(fs.readFileSync(path.join(sources, file), 'utf8'), { columns: true }) as Record<string, string>[];

/** The official code shapes: GSS for councils, police force areas and Welsh boards; E31; ODS. */
const OFFICIAL: Record<string, RegExp> = {
  council: /^(E06|E07|E08|E09|E10|W06|S12|N09)\d{6}$/,
  police: /^(E23|W15)\d{6}$/,
  fire: /^E31\d{6}$/,
  health: /^(R[A-Z0-9]{1,4}|[A-Z0-9]{5}|W11\d{6})$/,
};

describe('the committed register', () => {
  it('has unique, official ids of its four kinds', () => {
    expect(new Set(bodies.map((b) => b.id)).size).toBe(bodies.length);
    for (const b of bodies) {
      expect(KINDS).toContain(b.kind);
      expect([b.id, OFFICIAL[b.kind]!.test(b.id)]).toEqual([b.id, true]);
    }
  });

  it('puts every body inside the UK, on land of its own nation (a box per nation)', () => {
    const box: Record<string, [number, number, number, number]> = {
      England: [49.85, 55.85, -6.5, 1.8],
      Wales: [51.3, 53.5, -5.4, -2.6],
      Scotland: [54.6, 60.9, -8.7, -0.7],
      'Northern Ireland': [54, 55.35, -8.2, -5.4],
    };
    for (const b of bodies) {
      const [s, n, w, e] = box[b.nation]!;
      const { lat, lon } = b.location;
      expect([b.id, lat >= s && lat <= n && lon >= w && lon <= e]).toEqual([b.id, true]);
    }
  });

  it('gives every body a positive whole size, a tier of its own kind, and a provenance for each field', () => {
    for (const b of bodies) {
      expect(Number.isInteger(b.staff) && b.staff > 0).toBe(true);
      if (b.tier) expect((TIERS_BY_KIND as Record<string, readonly string[]>)[b.kind]).toContain(b.tier);
      const fields = ['id', 'name', 'region', 'nation', 'location', 'staff', ...(b.tier ? ['tier'] : [])];
      expect(Object.keys(b.provenance).sort()).toEqual(fields.sort());
      for (const p of Object.values(b.provenance)) {
        expect(p.source).toMatch(/\.csv/);
        expect(p.vintage.length).toBeGreaterThan(3);
        expect(p.rule.length).toBeGreaterThan(3);
      }
      expect(b.provenance.staff!.rule.startsWith('PROXY')).toBe(b.staffBasis === 'proxy');
    }
  });

  it('every council has a tier, and every body is a valid authority of a scenario', () => {
    expect(bodies.filter((b) => b.kind === 'council' && !b.tier)).toEqual([]);
    for (const b of bodies) expect(authoritySchema.safeParse(toAuthority(b)).success).toBe(true);
    const s = scenarioSchema.parse({ name: 'everyone', authorities: bodies.map(toAuthority) });
    expect(s.authorities).toHaveLength(bodies.length);
  });

  it('carries the attributions the licences require, in the file and its NOTICE', () => {
    const notice = fs.readFileSync(path.join(root, 'data', 'register', 'NOTICE'), 'utf8');
    expect(notice).toBe(noticeText());
    for (const a of register().attribution) expect(notice).toContain(a);
    expect(register().attribution.join(' ')).toContain('CC BY 4.0');
  });

  it('is counted in docs/register.md exactly as it is', () => {
    const doc = fs.readFileSync(path.join(root, 'docs', 'register.md'), 'utf8');
    const counts = /<!-- register:counts:start -->\n([\s\S]*)\n<!-- register:counts:end -->/.exec(doc)?.[1];
    expect(counts).toBe(countsMarkdown(register()));
  });

  it('has no schools (the sources have none, and none are made up)', () => {
    expect(bodies.some((b) => (b.kind as string) === 'school')).toBe(false);
    expect(register().excluded.join(' ')).toMatch(/Schools/);
  });
});

describe('selecting from the register', () => {
  it('by nation and region, case-insensitively; by kinds; a tier filter narrows only its kinds', () => {
    const wales = selectBodies({ nation: 'wales' });
    expect(wales.length).toBeGreaterThan(0);
    expect(wales.every((b) => b.nation === 'Wales')).toBe(true);
    expect(wales).toEqual(bodies.filter((b) => b.nation === 'Wales'));
    const nw = selectBodies({ region: ['North West'], kinds: ['police', 'fire'] });
    expect(nw.map((b) => b.kind).sort()).toEqual(
      bodies
        .filter((b) => b.region === 'North West' && (b.kind === 'police' || b.kind === 'fire'))
        .map((b) => b.kind)
        .sort(),
    );
    const districtsAndPolice = selectBodies({ kinds: ['council', 'police'], tiers: ['district'] });
    expect(districtsAndPolice.filter((b) => b.kind === 'council').every((b) => b.tier === 'district')).toBe(true);
    expect(districtsAndPolice.filter((b) => b.kind === 'police')).toHaveLength(
      bodies.filter((b) => b.kind === 'police').length,
    );
  });

  it('by codes and within a radius of a point: exactly the bodies inside, none outside', () => {
    expect(selectBodies({ codes: ['W15000002', 'W06000022'] }).map((b) => b.id)).toEqual(['W06000022', 'W15000002']);
    const near = { lat: 51.59, lon: -3.0, radiusKm: 25 };
    const inside = new Set(selectBodies({ near }).map((b) => b.id));
    expect(inside.size).toBeGreaterThan(3);
    for (const b of bodies) expect([b.id, inside.has(b.id)]).toEqual([b.id, distanceKm(near, b.location) <= 25]);
  });

  it('names what it does not know, with a path', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as SelectionError;
      }
      throw new Error('no error');
    };
    const e = err(() => selectBodies({ region: ['Wales', 'Atlantis'], codes: ['E06000001', 'X1'] }));
    expect(e).toBeInstanceOf(SelectionError);
    expect(e.problems.map((p) => p.path)).toEqual([
      ['region', 1],
      ['codes', 1],
    ]);
    expect(e.problems[0]!.message).toContain('North West');
  });

  it('finds one body by code', () => {
    expect(registerBody('W15000002')?.name).toBe('Gwent Police');
    expect(registerBody('nope')).toBeUndefined();
  });
});

const withSources = haveSources ? describe : describe.skip;
if (!haveSources)
  console.log(
    `register: source extracts not found at ${sources}; the re-derivation and source-count tests are skipped`,
  );

withSources('the register against its sources (../shared/data/uk)', () => {
  it('re-derives byte for byte from the sources', () => {
    const committed = fs.readFileSync(path.join(root, 'data', 'register', 'uk-public-bodies.json'), 'utf8');
    expect(registerJson(buildRegister(sources))).toBe(committed);
  });

  it(
    'holds every body the sources cover: councils, 43 police ' + 'force areas, E31 fire services, open trusts, boards',
    () => {
      const councils = csv('mysociety_uk_local_authorities_current.csv').filter(
        (r) => r['current-authority'] === 'True' && !['COMB', 'SRA'].includes(r['local-authority-type']!),
      );
      const count = (k: string) => bodies.filter((b) => b.kind === k).length;
      expect(count('council')).toBe(councils.length);
      const forces = csv('homeoffice_police_workforce_fte_2018_2019.csv').filter((r) => r.row_type === 'force');
      expect(forces).toHaveLength(43);
      expect(count('police')).toBe(43);
      expect(new Set(csv('ons_lad16_csp16_pfa16_lookup.csv').map((r) => r.PFA16CD)).size).toBe(43);
      const e31 = new Set(
        csv('homeoffice_fire_stations.csv')
          .map((r) => r.E_CODE!)
          .filter((c) => c.startsWith('E31')),
      );
      expect(count('fire')).toBe(e31.size);
      const open = csv('nhs_ods_etr_trusts.csv').filter((r) => !r['Close Date']);
      const boards = new Set(csv('ons_ua19_lhb19_lookup_wales.csv').map((r) => r.LHB19CD));
      expect(count('health')).toBe(open.length + boards.size);
      expect(boards.size).toBe(7);
    },
  );

  it('reports police staff as the Home Office tables give them, summed by hand for Gwent', () => {
    const gwent = csv('homeoffice_police_workforce_fte_2018_2019.csv').find((r) => r.area_name === 'Gwent')!;
    const d = '2019-09-30';
    const sum = ['officers_fte', 'police_staff_fte', 'designated_officers_fte', 'pcso_fte'].reduce(
      (s, k) => s + Number(gwent[`${k}_${d}`] || 0),
      0,
    );
    expect(registerBody('W15000002')!.staff).toBe(Math.round(sum));
  });

  it('calibrates the proxies to their national totals: English councils and English fire services', () => {
    const sum = (f: (b: (typeof bodies)[number]) => boolean) => bodies.filter(f).reduce((s, b) => s + b.staff, 0);
    const councils = bodies.filter((b) => b.kind === 'council' && b.nation === 'England');
    // each body is rounded once: the total is within half a person per body of the survey's figure
    expect(Math.abs(sum((b) => councils.includes(b)) - COUNCIL_FTE_ENGLAND_2020)).toBeLessThanOrEqual(
      councils.length / 2,
    );
    const stations = csv('homeoffice_fire_stations.csv');
    const e31 = stations.filter((r) => r.E_CODE!.startsWith('E31')).length;
    const fire = bodies.filter((b) => b.kind === 'fire');
    expect(
      Math.abs(sum((b) => b.kind === 'fire') - (FIRE_FTE_ENGLAND_2018 * e31) / stations.length),
    ).toBeLessThanOrEqual(fire.length / 2);
  });

  it('converts British National Grid as mySociety did (their lat/long for the same x/y)', () => {
    const rows = csv('mysociety_uk_local_authorities_current.csv').filter((r) => r.lat && r.x);
    let worst = 0;
    for (const r of rows) {
      const p = gridToWgs84(Number(r.x), Number(r.y));
      worst = Math.max(worst, distanceKm(p, { lat: Number(r.lat), lon: Number(r.long) }));
    }
    // four rows of the file disagree with their own x/y by about 100 m; the rest to the millimetre
    expect(worst).toBeLessThan(0.2);
  });

  it('places fire stations where their postcodes are (NSPL), to within a few km for nearly all', () => {
    const pc = new Map(csv('nspl_postcode_latlon_extract.csv').map((r) => [r.postcode_nospace!, r]));
    const d: number[] = [];
    for (const s of csv('homeoffice_fire_stations.csv')) {
      const p = pc.get(s.STATION_POSTCODE!.replace(/\s+/g, '').toUpperCase());
      if (!p || !Number.isFinite(Number(s.STATION_EASTING))) continue;
      d.push(
        distanceKm(gridToWgs84(Number(s.STATION_EASTING), Number(s.STATION_NORTHING)), {
          lat: Number(p.lat),
          lon: Number(p.long),
        }),
      );
    }
    d.sort((a, b) => a - b);
    expect(d.length).toBeGreaterThan(1300);
    expect(d[Math.floor(d.length * 0.95)]).toBeLessThan(2);
  });
});
