/**
 * Large answers and inputs through the local server (issue 17), the flow a deployed client
 * follows: a 30,000-authority scenario with 120-character names is refused as a body (its
 * event is over Lambda's limit), accepted by upload, and read back by a 303 to a signed
 * download; a run whose result is larger than a response comes back whole the same way. Every
 * answer is measured as Lambda would count it.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { LAMBDA_RESPONSE_LIMIT } from '../../lambda/api/delivery';
import { type LocalServer, startLocalServer } from '../../lambda/local/server';
import { LocalTransfers } from '../../lambda/local/localTransfers';
import { syntheticNation } from '../../lambda/synthetic/national';

jest.setTimeout(180_000);

let srv: LocalServer;
let dataDir: string;
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharesim-large-'));
  srv = await startLocalServer({ port: 0, host: '127.0.0.1', dataDir });
});
afterAll(async () => {
  await srv.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const user = (name: string, headers: Record<string, string> = {}) => ({ 'x-sharesim-user': name, ...headers });

interface Raw {
  status: number;
  headers: Record<string, string>;
  /** As sent: still gzipped when content-encoding says so (fetch would decode it). */
  body: Buffer;
  /** Its size as Lambda would have had to return it: the result's JSON, a binary body base64. */
  bytes: number;
}

/** GET without following redirects or decoding: the answer as the server sent it. */
function raw(p: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    http
      .get(srv.url + p, { headers: { 'accept-encoding': 'identity', ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          const hs = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)]));
          const binary = hs['content-encoding'] === 'gzip';
          const result = {
            statusCode: res.statusCode,
            headers: hs,
            body: binary ? body.toString('base64') : body.toString('utf8'),
            isBase64Encoded: binary,
          };
          resolve({ status: res.statusCode!, headers: hs, body, bytes: Buffer.byteLength(JSON.stringify(result)) });
        });
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** The worst case: 30,000 authorities, each named with 120 characters (quotes included). */
function worstScenario(): string {
  const s = syntheticNation({ authorities: 30_000, seed: 3 });
  const named = {
    ...s,
    authorities: s.authorities.map((a, i) => ({ ...a, name: `"${String(i).padStart(6, '0')}" ${'x'.repeat(111)}` })),
  };
  return JSON.stringify(named);
}

describe('a 30,000-authority scenario with 120-character names', () => {
  let doc: string;
  let id: string;
  beforeAll(() => {
    doc = worstScenario();
  });

  it('as a body is a 413 that points at uploads; under 6 MB but over it escaped, the measured event size', async () => {
    const post = (body: string) =>
      fetch(`${srv.url}/v1/scenarios`, {
        method: 'POST',
        headers: user('ulla', { 'content-type': 'application/json' }),
        body,
      });
    const r = await post(doc);
    expect(r.status).toBe(413);
    expect(((await r.json()) as { detail: string }).detail).toMatch(/POST \/v1\/uploads/);
    // what `npm run national` writes: 5.7 MB, a 6.6 MB event
    const national = `${JSON.stringify(syntheticNation({ authorities: 30_000, seed: 3 }), null, 1)}\n`;
    expect(Buffer.byteLength(national)).toBeLessThan(6_291_456);
    const e = await post(national);
    expect(e.status).toBe(413);
    const p = (await e.json()) as { detail: string };
    expect(p.detail).toMatch(/6291456/);
    expect(p.detail).toMatch(/the request as Lambda receives it .* is \d+ bytes/);
  });

  it('is stored by upload, with errors pointing into the uploaded document', async () => {
    const ticket = async () => {
      const t = await fetch(`${srv.url}/v1/uploads`, { method: 'POST', headers: user('ulla') });
      expect(t.status).toBe(201);
      return (await t.json()) as { uploadId: string; uploadUrl: string; headers: Record<string, string> };
    };
    const put = (t: { uploadUrl: string; headers: Record<string, string> }, body: string) =>
      fetch(srv.url + t.uploadUrl, { method: 'PUT', headers: t.headers, body });
    const create = (uploadId: string, who = 'ulla') =>
      fetch(`${srv.url}/v1/scenarios`, {
        method: 'POST',
        headers: user(who, { 'content-type': 'application/json' }),
        body: JSON.stringify({ uploadId }),
      });
    // an invalid document: the same schema, the same JSON Pointers
    const bad = await ticket();
    const invalid = JSON.parse(doc) as { authorities: { staff: number }[] };
    invalid.authorities[29_999]!.staff = -1;
    expect((await put(bad, JSON.stringify(invalid))).status).toBe(200);
    const refused = await create(bad.uploadId);
    expect(refused.status).toBe(400);
    const errors = ((await refused.json()) as { errors: { path: string }[] }).errors;
    expect(errors.map((e) => e.path)).toContain('/authorities/29999/staff');

    const t = await ticket();
    expect((await put(t, doc)).status).toBe(200);
    // another owner cannot use the id
    expect((await create(t.uploadId, 'mallory')).status).toBe(400);
    const made = await create(t.uploadId);
    expect(made.status).toBe(201);
    id = ((await made.json()) as { id: string }).id;
    // an edited signature is refused
    const forged = t.uploadUrl.replace(/signature=./, (m) =>
      m.endsWith('A') ? `${m.slice(0, -1)}B` : `${m.slice(0, -1)}A`,
    );
    expect((await fetch(srv.url + forged, { method: 'PUT', headers: t.headers, body: '{}' })).status).toBe(403);
  });

  it('reads back whole by a 303 to a signed download, plain or gzipped, every answer under the limit', async () => {
    for (const gzip of [false, true]) {
      const r = await raw(`/v1/scenarios/${id}`, user('ulla', gzip ? { 'accept-encoding': 'gzip' } : {}));
      expect(r.bytes).toBeLessThan(LAMBDA_RESPONSE_LIMIT);
      let body: Buffer;
      if (r.status === 303) {
        // no identity: the signature is the permission
        const d = await raw(r.headers.location!, gzip ? { 'accept-encoding': 'gzip' } : {});
        expect(d.status).toBe(200);
        body = d.headers['content-encoding'] === 'gzip' ? gunzipSync(d.body) : d.body;
      } else {
        expect(gzip).toBe(true); // only compressed can 8 MB fit a response
        expect(r.status).toBe(200);
        body = gunzipSync(r.body);
      }
      const got = JSON.parse(body.toString('utf8')) as { scenario: { authorities: { name: string }[] } };
      expect(got.scenario.authorities).toHaveLength(30_000);
      expect(got.scenario.authorities[12_345]!.name).toHaveLength(120);
    }
  });

  it("another owner's GET is a 404, and the download path without its signature a 403", async () => {
    expect((await fetch(`${srv.url}/v1/scenarios/${id}`, { headers: user('mallory') })).status).toBe(404);
    const r = await raw(`/v1/scenarios/${id}`, user('ulla'));
    expect(r.status).toBe(303);
    expect((await raw(r.headers.location!.split('?')[0]!)).status).toBe(403);
  });
});

describe('a run whose result is larger than a response', () => {
  it('GET /v1/runs/{id} answers it whole by a 303, and the result pages stay under the limit escaped', async () => {
    const owner = 'local:rhian';
    const head = await srv.store.createScenario(owner, { name: 'r' }, { name: 'r', authorities: 0 }, new Date());
    const runId = 'bigresult0001';
    await srv.store.createRun(
      owner,
      {
        runId,
        scenarioId: head.id,
        scenarioVersion: 1,
        status: 'running',
        progress: { done: 0, total: 1 },
        request: { iterations: 0, seed: 1, allocation: 'equal' },
        executor: 'test',
        createdAt: new Date().toISOString(),
      },
      '{}',
    );
    // 30,000 authorities' worth of rows, quotes throughout every name: 6 MB, about 10 MB escaped
    const rows = Array.from({ length: 30_000 }, (_, i) => ({ id: `a${i}`, name: `${'"n'.repeat(60)}`, saving: i }));
    const result = JSON.stringify({ authorities: rows, summary: { npvSaving: 1 } });
    expect(await srv.store.putRunResult(owner, runId, result, new Date())).toBe(true);
    const r = await raw(`/v1/runs/${runId}`, user('rhian'));
    expect(r.status).toBe(303);
    expect(r.bytes).toBeLessThan(LAMBDA_RESPONSE_LIMIT);
    const d = await raw(r.headers.location!);
    const whole = JSON.parse(d.body.toString('utf8')) as { status: string; result: { authorities: unknown[] } };
    expect(whole.status).toBe('succeeded');
    expect(whole.result.authorities).toHaveLength(30_000);
    // the result alone, in pages: each page under the limit as Lambda counts it
    const parts: Buffer[] = [];
    for (let next: string | null = `/v1/runs/${runId}/result`; next; ) {
      const p = await raw(next, user('rhian'));
      expect(p.status).toBe(200);
      expect(p.bytes).toBeLessThan(LAMBDA_RESPONSE_LIMIT);
      parts.push(p.body);
      const link = p.headers.link;
      next = link ? link.slice(1, link.indexOf('>')) : null;
    }
    expect(Buffer.concat(parts).toString('utf8')).toBe(result);
  });
});

describe('local signed paths', () => {
  it('stop working after their expiry (a clock set, not slept on)', async () => {
    let now = Date.parse('2026-11-30T12:00:00Z');
    const t = new LocalTransfers(
      path.join(dataDir, 'clock'),
      () => 'k'.repeat(32),
      () => now,
    );
    const link = await t.download(Buffer.from('x'), { contentType: 'text/plain' }, 60);
    const u = new URL(link.url, 'http://x');
    expect(t.verify('GET', u.pathname, u.searchParams)).toBe(true);
    expect(t.verify('PUT', u.pathname, u.searchParams)).toBe(false);
    now += 61_000;
    expect(t.verify('GET', u.pathname, u.searchParams)).toBe(false);
  });
});
