/**
 * Hostile input, over real HTTP against the local server (the same handlers as Lambda): random
 * and mutated JSON, deep nesting, huge numbers, strings where numbers belong, unicode and
 * prototype-pollution keys, oversized bodies, wrong content types, bad ETags, bad and forged
 * cursors, odd ids in paths; and valid scenarios that used to hang the engine or answer NaN
 * (issue 19): huge magnitudes, growth compounded over 60 years, many distinct PERT shapes. Every request must get a 4xx
 * problem+json (whose status matches)
 * or a valid answer: never a 500, a hang or a crash; health answers afterwards and
 * Object.prototype is untouched. Cases per route: FUZZ_RUNS (default 2,000). The suites that
 * use this kit (fuzz-*.test.ts) split the routes so each runs in well under a minute.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { type LocalServer, startLocalServer } from '../../lambda/local/server';
import type { RouteSpec } from '../../lambda/api/routes';
import { example } from '../helpers';
import { ASSUMPTIONS, ASSUMPTION_KEYS } from '../../lambda/engine/defaults';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
/** A request that takes longer than this counts as a hang. */
const HANG_MS = 15_000;

let srv: LocalServer;
let dataDir: string;
/** Ids that exist, so mutated requests reach past the 404 into the handlers. */
const known = { scenario: '', run: '', cursor: '', etag: '' };
const tally = { requests: 0, byStatus: new Map<number, number>() };

export function startFuzzServer(): void {
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharesim-fuzz-'));
    srv = await startLocalServer({ port: 0, host: '127.0.0.1', dataDir });
    const h = { 'content-type': 'application/json', 'x-sharesim-user': 'fuzzer' };
    for (let i = 0; i < 3; i++) {
      const r = await fetch(`${srv.url}/v1/scenarios`, {
        method: 'POST',
        headers: h,
        body: JSON.stringify(example('minimal')),
      });
      const b = (await r.json()) as { id: string };
      known.scenario = b.id;
      known.etag = r.headers.get('etag')!;
    }
    const run = (await (
      await fetch(`${srv.url}/v1/scenarios/${known.scenario}/runs`, { method: 'POST', headers: h })
    ).json()) as { runId: string };
    known.run = run.runId;
    const page = (await (await fetch(`${srv.url}/v1/scenarios?limit=1`, { headers: h })).json()) as {
      nextCursor: string;
    };
    known.cursor = page.nextCursor;
  });

  afterAll(async () => {
    await srv.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    const statuses = [...tally.byStatus.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ');
    console.log(`fuzz: ${tally.requests} requests; by status ${statuses}`);
  });
}

// ---- arbitraries -------------------------------------------------------------------------

const printable = (max: number) => fc.stringMatching(new RegExp(`^[\\x20-\\x7e]{0,${max}}$`));
/** Header values fetch can send: latin-1 without controls. */
const headerValue = fc.oneof(
  printable(80),
  fc.stringMatching(/^[\xa0-\xff]{1,20}$/),
  fc.constant(''),
  fc.constant('x'.repeat(5000)),
);

const hostileScalar = fc.oneof(
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -0, 0, 1e-320, 4.9e-324, 2 ** 53),
  fc.constantFrom(
    '1e999',
    'NaN',
    'Infinity',
    '-1',
    '',
    ' ',
    '0x10',
    '１２３',
    'null',
    'true',
    '\u0000',
    '\ud83d\ude00'.repeat(20),
  ),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'),
  fc.string({ unit: 'grapheme', maxLength: 70 }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileScalar },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      {},
      [],
      [[[[[]]]]],
      { dist: 'triangular', min: 3, mode: 2, max: 1 },
      { dist: 'normal', mean: 1, sd: -1 },
      { dist: 'beta' },
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 2000 })
      .map((n) => Array.from({ length: n }, (_, i) => ({ id: `a${i % 7}`, kind: 'school', staff: 1 }))),
  },
);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path into a JSON value, as key lists. */
function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      out.push(...paths(x, [...prefix, i]));
    });
  } else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  return out;
}

function setAt(root: Json, at: (string | number)[], value: unknown, del: boolean): Json {
  if (at.length === 0) return value as Json;
  const copy = structuredClone(root);
  let node = copy as Record<string | number, Json>;
  for (const k of at.slice(0, -1)) node = node[k] as Record<string | number, Json>;
  const last = at[at.length - 1]!;
  if (del) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value as Json;
  return copy;
}

// Gwent's 10,000 inline iterations take a second a case: the fuzz is about hostility, so 20.
const seeds = [
  example('minimal'),
  { ...(example('gwent-psn') as object), uncertainty: { iterations: 20, seed: 1 } },
  example('copenhagen-channel-shift'),
] as Json[];

/** Valid but odd: unicode names, extreme valid sizes, so cases also reach the engine and the store. */
const oddButValid = fc
  .tuple(
    fc.constantFrom(...seeds),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }),
    fc.constantFrom(1, 1e-6, 1e7, 123456.789),
  )
  .map(([seed, name, staff]) => {
    const doc = structuredClone(seed) as { name: string; authorities: { staff: number; name?: string }[] };
    doc.name = name;
    doc.authorities[0]!.staff = staff;
    doc.authorities[0]!.name = name;
    return JSON.stringify(doc);
  });

/** A valid scenario with one to three mutations at random places. */
const mutatedScenario = fc
  .tuple(
    fc.constantFrom(...seeds),
    fc.array(fc.tuple(fc.nat(), hostileValue, fc.boolean(), fc.string({ maxLength: 12 })), {
      minLength: 1,
      maxLength: 3,
    }),
  )
  .map(([seed, muts]) => {
    let doc = seed;
    for (const [pick, value, del, newKey] of muts) {
      const ps = paths(doc);
      const at = ps[pick % ps.length]!;
      // sometimes add an unknown key instead of replacing
      doc =
        newKey.length > 8 && at.length > 0
          ? setAt(doc, [...at.slice(0, -1), newKey], value, false)
          : setAt(doc, at, value, del && at.length > 0);
    }
    return JSON.stringify(doc);
  });

const pollutionBody = fc
  .constantFrom(...seeds)
  .chain((seed) =>
    fc
      .constantFrom(
        '{"__proto__":{"polluted":"yes"},',
        '{"constructor":{"prototype":{"polluted":"yes"}},',
        '{"__proto__":null,',
      )
      .map((inject) => inject + JSON.stringify(seed).slice(1)),
  );

// ---- issue 19: valid shapes that used to hang the engine or answer NaN ----------------------

const minimalSeed = example('minimal') as { authorities: Record<string, unknown>[] } & Record<string, unknown>;
const PROFILE_NUMBERS = ['servers', 'serverRooms', 'storageTb', 'sites', 'ticketsPerYear'] as const;
const HUGE = [1e6, 1e9, 1e10, 1e12, 1e15, 1e22, 1e100, 1e308, Number.MAX_VALUE];

/** Huge magnitudes in profile figures and assumptions: valid up to the bounds, refused past them. */
const hugeMagnitudes = fc
  .tuple(
    fc.constantFrom(...PROFILE_NUMBERS),
    fc.constantFrom(...HUGE),
    fc.constantFrom(...ASSUMPTION_KEYS),
    fc.constantFrom(...HUGE),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([field, value, key, big, asDistribution, inProfile]) => {
    const doc = structuredClone(minimalSeed);
    if (inProfile) doc.authorities[0]!.profile = { [field]: value };
    const [g, leaf] = key.split('.');
    const v = asDistribution ? { dist: 'normal', mean: ASSUMPTIONS[key].value || 1, sd: big } : big;
    doc.assumptions = leaf ? { [g!]: { [leaf]: v } } : { [g!]: v };
    return JSON.stringify(doc);
  });

/** Growth compounding over up to 60 years (each growth within its bounds and beyond). */
const growthRates = fc
  .tuple(
    fc.integer({ min: 1, max: 60 }),
    fc.record(
      {
        ticketGrowth: fc.double({ min: -0.6, max: 2.2, noNaN: true }),
        contactGrowth: fc.double({ min: -0.6, max: 2.2, noNaN: true }),
        serverGrowth: fc.double({ min: -0.6, max: 2.2, noNaN: true }),
        storageGrowth: fc.double({ min: -0.6, max: 2.2, noNaN: true }),
      },
      { requiredKeys: [] },
    ),
  )
  .map(([years, assumptions]) => JSON.stringify({ ...minimalSeed, horizonYears: years, assumptions }));

/** Many distinct PERT shapes at once (a cache that emptied at 64 rebuilt every table on every draw). */
const pertShapes = fc
  .array(
    fc.tuple(
      fc.constantFrom(...ASSUMPTION_KEYS),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0.01, max: 1, noNaN: true }),
    ),
    { minLength: 1, maxLength: 40 },
  )
  .map((picks) => {
    const assumptions: Record<string, unknown> = {};
    for (const [key, at, width] of picks) {
      const spec = ASSUMPTIONS[key];
      const hi = spec.max ?? Math.max(1, spec.value) * 3;
      const span = (hi - spec.min) * width;
      const d = { dist: 'pert', min: spec.min, mode: spec.min + span * at, max: spec.min + span };
      const [g, leaf] = key.split('.');
      if (leaf) assumptions[g!] = { ...((assumptions[g!] as object) ?? {}), [leaf]: d };
      else assumptions[g!] = d;
    }
    return JSON.stringify({ ...minimalSeed, uncertainty: { iterations: 20, seed: 1 }, assumptions });
  });

const rawBody = fc.oneof(
  { weight: 1, arbitrary: hugeMagnitudes },
  { weight: 1, arbitrary: growthRates },
  { weight: 1, arbitrary: pertShapes },
  { weight: 3, arbitrary: mutatedScenario },
  { weight: 2, arbitrary: oddButValid },
  { weight: 1, arbitrary: pollutionBody },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  // truncated
  { weight: 1, arbitrary: mutatedScenario.chain((s) => fc.nat({ max: s.length }).map((n) => s.slice(0, n))) },
  // deep nesting
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 200_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 5000 })
      .map((n) => `{"name":"x","authorities":[],"assumptions":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`),
  },
  { weight: 1, arbitrary: mutatedScenario.map((s) => `\ufeff${s}`) },
  { weight: 1, arbitrary: fc.constant('') },
);

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'text/plain',
      'application/json; charset=utf-16',
      'application/problem+json',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonx',
      'APPLICATION/JSON',
      ';',
      '',
    ),
  },
  { weight: 1, arbitrary: printable(60) },
);

/** A path parameter: known ids, odd ones, and ones that should never parse. */
const idParam = (kind: 'scenario' | 'run') =>
  fc
    .oneof(
      { weight: 3, arbitrary: fc.constant(null) }, // the known id, filled in at request time
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '..',
          '.',
          '%2e%2e',
          'a'.repeat(65),
          '__proto__',
          'constructor',
          '%00',
          '%ZZ',
          '%F0%9F%98%80',
          'x%2Fy',
          'SC%23x',
          'O%23other',
        ),
      },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 70 }).map(encodeURIComponent) },
    )
    .map((v) => v ?? encodeURIComponent(kind === 'scenario' ? known.scenario : known.run));

const query = fc.oneof(
  fc.constant(''),
  fc
    .record(
      {
        limit: fc.oneof(
          fc.constantFrom('0', '1', '100', '101', '-1', '1e3', 'abc', '', '2.5'),
          fc.integer().map(String),
        ),
        cursor: fc.oneof(fc.constant(null), printable(120), fc.constantFrom('a.b', '..', 'eyJzayI6IlNDI3p6eiJ9.AAAA')),
        format: fc.constantFrom('html', 'csv', 'pdf', ''),
        offset: fc.constantFrom('0', '-1', '99999999', 'x'),
        extra: printable(10),
      },
      { requiredKeys: [] },
    )
    .map((q) => {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(q)) p.set(k, v === null ? known.cursor : String(v));
      return `?${p}`;
    }),
);

const headers = fc.record(
  {
    'content-type': contentType,
    'if-match': fc.oneof(
      fc.constant(null),
      headerValue,
      fc.constantFrom('"v1"', 'W/"v1"', '*', '"v999999999999999999999"', '"v-1"', '"v1", "v2"'),
    ),
    'idempotency-key': fc.oneof(fc.constant(undefined), headerValue, fc.constant('k'.repeat(129))),
    'x-sharesim-user': fc.oneof(
      { weight: 5, arbitrary: fc.constant('fuzzer') },
      { weight: 1, arbitrary: fc.constantFrom('someone-else', '', 'a'.repeat(65), 'bad user', 'local:fuzzer', '../x') },
    ),
  },
  { requiredKeys: ['content-type', 'x-sharesim-user'] },
);

// ---- the property ------------------------------------------------------------------------

interface Case {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string | null | undefined>;
  body: string;
}

async function send(c: Case): Promise<{ status: number; type: string; text: string }> {
  const h: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.headers)) {
    if (k === 'if-match' && v === null) h[k] = known.etag;
    else if (typeof v === 'string') h[k] = v;
  }
  const ctl = AbortSignal.timeout(HANG_MS);
  const r = await fetch(srv.url + c.path + c.query, {
    method: c.method,
    headers: h,
    signal: ctl,
    ...(c.method === 'GET' || c.method === 'DELETE' ? {} : { body: c.body }),
  });
  const text = await r.text();
  tally.requests++;
  tally.byStatus.set(r.status, (tally.byStatus.get(r.status) ?? 0) + 1);
  return { status: r.status, type: r.headers.get('content-type') ?? '', text };
}

function check(c: Case, r: { status: number; type: string; text: string }): void {
  const where = `${c.method} ${c.path}${c.query} -> ${r.status}`;
  if (r.status >= 500 && r.status !== 503) throw new Error(`${where}: server error ${r.text.slice(0, 300)}`);
  if (!r.type) throw new Error(`${where}: no content type`);
  if (r.status >= 400) {
    if (!r.type.startsWith('application/problem+json')) throw new Error(`${where}: not problem+json (${r.type})`);
    const p = JSON.parse(r.text) as { status: number; type: string; title: string };
    if (p.status !== r.status || !p.type || !p.title)
      throw new Error(`${where}: malformed problem ${r.text.slice(0, 200)}`);
    if (/\bat [\w.<>]+ \(|node:internal|\.ts:\d+/.test(r.text)) throw new Error(`${where}: stack trace in a response`);
  } else if (r.type.startsWith('application/json') && r.text) JSON.parse(r.text);
}

function fill(template: string, scenarioId: string, runId: string): string {
  return template.replace('{id}', scenarioId).replace('{runId}', runId);
}

async function assertHealthy(): Promise<void> {
  const h = await fetch(`${srv.url}/v1/health`);
  expect(h.status).toBe(200);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
}

/** The suite: one property per route in `routes`, and the fixed cases when `extras`. */
export function fuzzRoutes(routes: readonly RouteSpec[], extras: boolean): void {
  describe.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))('hostile input: %s', (_, route) => {
    it(`${RUNS} cases: a 4xx problem or a valid answer, never a 500 or a hang`, async () => {
      await fc.assert(
        fc.asyncProperty(idParam('scenario'), idParam('run'), query, headers, rawBody, async (sid, rid, q, h, body) => {
          const c: Case = { method: route.method, path: fill(route.path, sid, rid), query: q, headers: h, body };
          check(c, await send(c));
        }),
        { numRuns: RUNS, seed: 20261123, endOnFailure: true },
      );
      await assertHealthy();
    }, 120_000);
  });

  if (extras)
    describe('hostile input that no generator should spend thousands of cases on', () => {
      const post = (p: string, body: string | Buffer, h: Record<string, string> = {}) =>
        fetch(srv.url + p, { method: 'POST', headers: { 'content-type': 'application/json', ...h }, body });

      it('bodies over 6 MB, and 30,001 authorities, are refused with 413 and 400 and a path', async () => {
        const big = await post('/v1/scenarios', Buffer.alloc(7 * 1024 * 1024, 0x20));
        expect(big.status).toBe(413);
        const many = {
          name: 'x',
          authorities: Array.from({ length: 30_001 }, (_, i) => ({ id: `a${i}`, kind: 'school', staff: 1 })),
        };
        const r = await post('/v1/simulate', JSON.stringify(many));
        expect(r.status).toBe(400);
        expect(((await r.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe('/authorities');
        await assertHealthy();
      });

      it('a request that lies about its length, and bytes that are not HTTP, leave the server answering', async () => {
        const garbage = (payload: string) =>
          new Promise<string>((resolve) => {
            const u = new URL(srv.url);
            const s = net.connect(Number(u.port), u.hostname, () => s.end(payload));
            let got = '';
            s.on('data', (d) => (got += d.toString()));
            s.on('close', () => resolve(got));
            s.on('error', () => resolve(got));
            s.setTimeout(5000, () => s.destroy());
          });
        expect(await garbage('\x00\x01\x02 not http at all\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
        await garbage(
          'POST /v1/simulate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ' +
            '999999\r\n\r\n{"name":',
        );
        await garbage(`GET /v1/health HTTP/1.1\r\nHost: x\r\n${'X-A: b\r\n'.repeat(5000)}\r\n`);
        await assertHealthy();
      });
    });
}
