/**
 * Reports over HTTP against the local server: the HTML page's structure and headers, the CSV's
 * round trip against the result JSON, paging, and errors.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { type LocalServer, startLocalServer } from '../../lambda/local/server';
import type { SimulationResult } from '../../lambda/engine/simulate';
import { SERVICES } from '../../lambda/engine/model';
import { CSV_COLUMNS, csvField } from '../../lambda/report/csv';
import { example } from '../helpers';
import { client, poll } from './client';

let srv: LocalServer;
let dataDir: string;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharesim-report-'));
  srv = await startLocalServer({ port: 0, host: '127.0.0.1', dataDir });
  api = client(srv.url, 'planner');
});
afterAll(async () => {
  await srv.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type RunView = { status: string; result: SimulationResult | null };

async function finishedRun(
  scenario: unknown,
  request: unknown = {},
): Promise<{ runId: string; result: SimulationResult }> {
  const sc = await api.post<{ id: string }>('/v1/scenarios', scenario);
  expect(sc.status).toBe(201);
  const started = await api.post<{ runId: string }>(`/v1/scenarios/${sc.body.id}/runs`, request);
  expect(started.status).toBe(202);
  const done = await poll(
    () => api.get<RunView>(`/v1/runs/${started.body.runId}`),
    (r) => r.body.status === 'succeeded' || r.body.status === 'failed',
    60_000,
  );
  expect(done.body.status).toBe('succeeded');
  return { runId: started.body.runId, result: done.body.result! };
}

const get = (p: string, user = 'planner') => fetch(srv.url + p, { headers: { 'x-sharesim-user': user } });

describe('GET /v1/runs/{runId}/report', () => {
  let gwent: { runId: string; result: SimulationResult };
  beforeAll(async () => {
    gwent = await finishedRun(example('gwent-psn'), { iterations: 500 });
  });

  it('is one self-contained HTML page with a restrictive CSP, its headline and a chart per result part', async () => {
    const r = await get(`/v1/runs/${gwent.runId}/report`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = r.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await r.text();
    // nothing to fetch: no script, no external URL in src/href (the vega-lite $schema is compiled away)
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//i);
    expect(html).toContain('NPV saving from sharing');
    // Gwent as shipped draws every unpinned assumption from its default range: a tornado of them
    for (const id of ['chart-costs', 'chart-cumulative', 'chart-authorities', 'chart-distribution', 'chart-tornado'])
      expect(html).toContain(`id="${id}"`);
    expect(gwent.result.sensitivity.length).toBeGreaterThan(30);
    // Every authority that is better off alone is named
    for (const a of gwent.result.authorities.filter((x) => x.betterOffAlone)) expect(html).toContain(a.id);
  });

  it('CSV: RFC 4180 that parses back to the result JSON totals', async () => {
    const r = await get(`/v1/runs/${gwent.runId}/report?format=csv`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(r.headers.get('link')).toBeNull();
    const text = await r.text();
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    const res = gwent.result;
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(res.authorities.length * res.years.length);
    const num = (row: Record<string, string>, c: string) => Number(row[c]);
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));
    for (const y of res.years) {
      const inYear = rows.filter((row) => Number(row.year) === y.year);
      for (const k of SERVICES)
        expect(
          rel(
            inYear.reduce((s, row) => s + num(row, `alone_${k}`), 0),
            y.alone[k],
          ),
        ).toBeLessThan(1e-9);
      expect(
        rel(
          inYear.reduce((s, row) => s + num(row, 'alone_total'), 0),
          y.alone.total,
        ),
      ).toBeLessThan(1e-9);
      expect(
        rel(
          inYear.reduce((s, row) => s + num(row, 'status_quo_total'), 0),
          y.statusQuo.total,
        ),
      ).toBeLessThan(1e-9);
      // the allocated net saving of all authorities is the partnership's net saving that year
      expect(
        rel(
          inYear.reduce((s, row) => s + num(row, 'allocated_net_saving'), 0),
          y.netSaving,
        ),
      ).toBeLessThan(1e-6);
      expect(
        rel(
          inYear.reduce((s, row) => s + num(row, 'shared_cost_allocated'), 0),
          y.shared.total,
        ),
      ).toBeLessThan(1e-6);
    }
    for (const a of res.authorities) {
      const mine = rows.filter((row) => row.authority_id === a.id);
      expect(
        rel(
          mine.reduce((s, row) => s + num(row, 'allocated_discounted_saving'), 0),
          a.saving,
        ),
      ).toBeLessThan(1e-9);
    }
    expect(
      rel(
        rows.reduce((s, row) => s + num(row, 'allocated_discounted_saving'), 0),
        res.summary.npvSaving,
      ),
    ).toBeLessThan(1e-9);
  });

  it('CSV pages by authorities with a Link to the next page, and the pages tile the table', async () => {
    const first = await get(`/v1/runs/${gwent.runId}/report?format=csv&limit=3`);
    const link = first.headers.get('link')!;
    expect(link).toBe(`</v1/runs/${gwent.runId}/report?format=csv&offset=3&limit=3>; rel="next"`);
    const texts = [await first.text()];
    let next: string | null = link.slice(1, link.indexOf('>'));
    while (next) {
      const r = await get(next);
      texts.push(await r.text());
      const l = r.headers.get('link');
      next = l ? l.slice(1, l.indexOf('>')) : null;
    }
    const all = await (await get(`/v1/runs/${gwent.runId}/report?format=csv`)).text();
    const body = (t: string) => t.split('\r\n').slice(1).join('\r\n');
    expect(texts.map(body).join('')).toBe(body(all));
    expect(texts).toHaveLength(Math.ceil(gwent.result.authorities.length / 3));
  });

  it('escapes text a spreadsheet would run as a formula, and quotes commas and quotes', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('Blaenau Gwent, County Borough')).toBe('"Blaenau Gwent, County Borough"');
    expect(csvField('plain')).toBe('plain');
    expect(csvField(-1.5)).toBe('-1.5');
  });

  it('escapes names in the HTML page', async () => {
    const s = example('minimal') as { authorities: { name?: string }[] };
    s.authorities[0]!.name = '<img src=x onerror=alert(1)>';
    const { runId } = await finishedRun(s);
    const html = await (await get(`/v1/runs/${runId}/report`)).text();
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it("the local front page lists the caller's scenarios and links their reports, and no one else's", async () => {
    const mine = await (await get('/')).text();
    expect(mine).toContain(`href="/v1/runs/${gwent.runId}/report"`);
    const theirs = await get('/', 'someone-else');
    expect(theirs.status).toBe(200);
    expect(theirs.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await theirs.text();
    expect(page).not.toContain(gwent.runId);
    expect(page).toContain('No scenario yet');
  });

  it('answers 404 for an unknown or foreign run, 409 before success, 400 for a bad query', async () => {
    expect((await get(`/v1/runs/${gwent.runId}/report`, 'someone-else')).status).toBe(404);
    expect((await get('/v1/runs/nope/report')).status).toBe(404);
    const bad = await get(`/v1/runs/${gwent.runId}/report?format=pdf`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe('/query/format');
    // a run that is still queued: 409 (the store is written directly to hold the run there)
    const sc = await api.post<{ id: string }>('/v1/scenarios', example('minimal'));
    await srv.store.createRun(
      'local:planner',
      {
        runId: 'held-run',
        scenarioId: sc.body.id,
        scenarioVersion: 1,
        status: 'queued',
        progress: { done: 0, total: 1 },
        request: { iterations: 0, seed: 1, allocation: 'shapley' },
        executor: 'test',
        createdAt: new Date().toISOString(),
      },
      '{}',
    );
    const held = await get('/v1/runs/held-run/report');
    expect(held.status).toBe(409);
  });
});
