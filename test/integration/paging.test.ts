/**
 * Issue 19, item 4: every response body is at most 6,291,456 bytes. A run's CSV comes in pages
 * sized by bytes (`limit` can only make them smaller); a run's result larger than a response
 * is read in byte-bounded pages that concatenate to it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { RESPONSE_BODY_LIMIT } from '../../lambda/api/paging';
import { type LocalServer, startLocalServer } from '../../lambda/local/server';
import { syntheticNation } from '../../lambda/synthetic/national';
import { client, poll } from './client';

let srv: LocalServer;
let dataDir: string;
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharesim-paging-'));
  srv = await startLocalServer({ port: 0, host: '127.0.0.1', dataDir });
});
afterAll(async () => {
  await srv.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const get = (p: string) => fetch(srv.url + p, { headers: { 'x-sharesim-user': 'pager' } });

async function succeededRun(scenario: unknown): Promise<string> {
  const api = client(srv.url, 'pager');
  const sc = await api.post<{ id: string }>('/v1/scenarios', scenario);
  expect(sc.status).toBe(201);
  const run = await api.post<{ runId: string }>(`/v1/scenarios/${sc.body.id}/runs`);
  const done = await poll(
    () => api.get<{ status: string }>(`/v1/runs/${run.body.runId}`),
    (r) => r.body.status === 'succeeded' || r.body.status === 'failed',
    120_000,
  );
  expect(done.body.status).toBe('succeeded');
  return run.body.runId;
}

describe('byte-bounded pages', () => {
  it('CSV with long names and ?limit= past everything: each page at most the limit in bytes, and the pages tile the ' +
    'table', async () => {
    const nation = syntheticNation({ authorities: 2500, seed: 7 });
    nation.authorities.forEach((a, i) => {
      a.name = `${'Long name of a public body with a board and a long history '.repeat(3).slice(0, 190)} ${i}`;
    });
    const runId = await succeededRun({ ...nation, horizonYears: 60 });
    let next: string | null = `/v1/runs/${runId}/report?format=csv&limit=30000`;
    let pages = 0;
    const ids = new Set<string>();
    let rows = 0;
    while (next) {
      const r = await get(next);
      expect(r.status).toBe(200);
      const text = await r.text();
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(RESPONSE_BODY_LIMIT);
      const records = parse(text, { columns: true }) as { authority_id: string }[];
      rows += records.length;
      for (const x of records) ids.add(x.authority_id);
      pages++;
      const link = r.headers.get('link');
      next = link ? link.slice(1, link.indexOf('>')) : null;
      if (next) expect(next).toContain('limit=30000');
    }
    expect(pages).toBeGreaterThan(1);
    expect(rows).toBe(2500 * 60);
    expect(ids.size).toBe(2500);
  }, 240_000);

  it('a result larger than a response: the run answers ' +
    'it whole (compressed, or by download) and in pages', async () => {
    const runId = await succeededRun(syntheticNation({ authorities: 30000, seed: 1 }));
    // fetch asks for gzip and follows a 303 (api/delivery.ts): the whole run, result included
    const view = await get(`/v1/runs/${runId}`);
    const whole = (await view.json()) as { result: { authorities: unknown[] }; links: { result: string } };
    expect(whole.result.authorities).toHaveLength(30000);
    const body = {
      links: whole.links,
      resultBytes: Buffer.byteLength(JSON.stringify(whole.result)),
    };
    expect(body.resultBytes).toBeGreaterThan(RESPONSE_BODY_LIMIT);
    let next: string | null = body.links.result;
    const parts: Buffer[] = [];
    while (next) {
      const r = await get(next);
      expect(r.status).toBe(200);
      const page = Buffer.from(await r.arrayBuffer());
      expect(page.length).toBeLessThanOrEqual(RESPONSE_BODY_LIMIT);
      expect(Number(r.headers.get('x-result-bytes'))).toBe(body.resultBytes);
      parts.push(page);
      const link = r.headers.get('link');
      next = link ? link.slice(1, link.indexOf('>')) : null;
    }
    expect(parts.length).toBeGreaterThan(1);
    const result = JSON.parse(Buffer.concat(parts).toString('utf8')) as { authorities: unknown[] };
    expect(result.authorities).toHaveLength(30000);
    // an offset that is not one the API gave (inside a character, or past the end) is a 400
    expect((await get(`/v1/runs/${runId}/result?offset=${body.resultBytes + 5}`)).status).toBe(400);
  }, 240_000);
});
