/**
 * A signed report link (issue 17) opened the way a board member would: in headless Chromium,
 * with no credentials and no X-Sharesim-User, it shows the report page; after its expiry (the
 * server's clock moved, not slept on) it no longer does; a forged, another owner's or a deleted
 * run's link is a 404.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { type LocalServer, startLocalServer } from '../../lambda/local/server';
import { example } from '../helpers';
import { client, poll } from '../integration/client';

const executable = process.env.SHARESIM_CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = fs.existsSync(executable);
if (!haveChromium)
  console.warn(`SKIPPED the browser test of report links: no Chromium at ${executable} (apt-get install chromium).`);
const describeBrowser = haveChromium ? describe : describe.skip;

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];

describeBrowser('a signed report link in headless Chromium', () => {
  let srv: LocalServer;
  let dataDir: string;
  let browser: Browser;
  let now = Date.parse('2026-11-30T09:00:00Z');
  let runId: string;
  let scenarioId: string;
  const api = () => client(srv.url, 'board-clerk');

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharesim-link-'));
    srv = await startLocalServer({ port: 0, host: '127.0.0.1', dataDir, now: () => new Date(now) });
    const sc = await api().post<{ id: string }>('/v1/scenarios', example('gwent-psn'));
    scenarioId = sc.body.id;
    const started = await api().post<{ runId: string }>(`/v1/scenarios/${scenarioId}/runs`, { iterations: 0 });
    runId = started.body.runId;
    const done = await poll(
      () => api().get<{ status: string }>(`/v1/runs/${runId}`),
      (r) => r.body.status === 'succeeded' || r.body.status === 'failed',
      60_000,
    );
    expect(done.body.status).toBe('succeeded');
    browser = await chromium.launch({ executablePath: executable, args: ARGS, headless: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await srv?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens with no credentials until it expires, then is refused', async () => {
    const made = await api().post<{ url: string; expiresAt: string; path: string }>(`/v1/runs/${runId}/report-links`, {
      expiresInSeconds: 3600,
    });
    expect(made.status).toBe(201);
    expect(made.body.expiresAt).toBe('2026-11-30T10:00:00.000Z');
    expect(made.body.url).toBe(srv.url + made.body.path);
    const context = await browser.newContext(); // a fresh browser: no headers, no cookies
    const page = await context.newPage();
    const first = await page.goto(made.body.url);
    expect(first?.status()).toBe(200);
    expect(await page.locator('h1').first().textContent()).toBeTruthy();
    expect(await page.content()).toContain(runId);
    now += 3601_000;
    const later = await page.goto(made.body.url);
    expect(later?.status()).toBe(410);
    await context.close();
  });

  it('is at most 7 days; a forged token, another owner, a deleted run: 404', async () => {
    const tooLong = await api().post(`/v1/runs/${runId}/report-links`, { expiresInSeconds: 8 * 24 * 3600 });
    expect(tooLong.status).toBe(400);
    const other = await client(srv.url, 'mallory').post(`/v1/runs/${runId}/report-links`);
    expect(other.status).toBe(404);
    const made = await api().post<{ path: string }>(`/v1/runs/${runId}/report-links`);
    const forged = made.body.path.replace(/\.(\d+)\./, (_, e: string) => `.${Number(e) + 1}.`);
    expect((await fetch(srv.url + forged)).status).toBe(404);
    expect((await fetch(`${srv.url}/v1/report-links/not-a-token`)).status).toBe(404);
    expect((await fetch(srv.url + made.body.path)).status).toBe(200);
    expect((await api().del(`/v1/scenarios/${scenarioId}`)).status).toBe(204);
    expect((await fetch(srv.url + made.body.path)).status).toBe(404);
  });
});
