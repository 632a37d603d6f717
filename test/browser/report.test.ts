/**
 * The report in a real browser: Debian's Chromium, headless, driven by playwright-core. The
 * Gwent example (with four assumptions made uncertain, so every chart is drawn) is run through
 * the local API; each chart's SVG must hold one mark per data point, the page must be
 * accessible (headings in order, a text alternative and a data table for every chart) and break
 * no rule of its Content-Security-Policy. The screenshot is the one the README shows.
 *
 * Without Chromium the suite is skipped and says so: `apt-get install chromium` (CI does), or
 * point SHARESIM_CHROMIUM at another Chromium.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { type LocalServer, startLocalServer } from '../../lambda/local/server';
import type { SimulationResult } from '../../lambda/engine/simulate';
import { SERVICES } from '../../lambda/engine/model';
import { example } from '../helpers';
import { client, poll } from '../integration/client';

const executable = process.env.SHARESIM_CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = fs.existsSync(executable);
if (!haveChromium)
  console.warn(
    `SKIPPED the browser test of the report: no Chromium at ${executable}. Install Debian's chromium (apt-get ` +
      `install chromium) or set SHARESIM_CHROMIUM to a Chromium binary.`,
  );
const describeBrowser = haveChromium ? describe : describe.skip;

/**
 * The README's picture is rewritten only when asked (SHARESIM_UPDATE_SCREENSHOT=1), so a test run leaves the tree
 * clean.
 */
export const SCREENSHOT =
  process.env.SHARESIM_UPDATE_SCREENSHOT === '1'
    ? path.join(__dirname, '..', '..', 'docs', 'report-gwent.png')
    : path.join(os.tmpdir(), `sharesim-report-gwent-${process.pid}.png`);

/** Flags for a closed network: no background connections, no first-run, no sandbox as root. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

describeBrowser('the report in headless Chromium', () => {
  let srv: LocalServer;
  let dataDir: string;
  let browser: Browser;
  let page: Page;
  let result: SimulationResult;
  const problems: string[] = [];

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharesim-browser-'));
    srv = await startLocalServer({ port: 0, host: '127.0.0.1', dataDir });
    const api = client(srv.url, 'local');
    const scenario = example('gwent-psn') as { authorities: object[] } & Record<string, unknown>;
    // a school 2,000 km from the hub: its link costs more than sharing saves it, so it is better off alone
    scenario.authorities = [
      ...scenario.authorities,
      { id: 'remote-school', kind: 'school', tier: 'primary', staff: 25, profile: { linkKm: 2000 } },
    ];
    scenario.assumptions = {
      pueShared: { dist: 'triangular', min: 1.15, mode: 1.3, max: 1.6 },
      serverWatts: { dist: 'normal', mean: 350, sd: 60 },
      onboardingPerUser: { dist: 'pert', min: 20, mode: 40, max: 150 },
      governanceCost: { dist: 'lognormal', mean: 80000, sd: 30000 },
    };
    const sc = await api.post<{ id: string }>('/v1/scenarios', scenario);
    const started = await api.post<{ runId: string }>(`/v1/scenarios/${sc.body.id}/runs`, { iterations: 2000 });
    const done = await poll(
      () => api.get<{ status: string; result: SimulationResult }>(`/v1/runs/${started.body.runId}`),
      (r) => r.body.status === 'succeeded' || r.body.status === 'failed',
      60_000,
    );
    expect(done.body.status).toBe('succeeded');
    result = done.body.result;
    browser = await chromium.launch({ executablePath: executable, args: CHROMIUM_ARGS, headless: true });
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => {
      if (!r.url().startsWith(srv.url)) problems.push(`request to ${r.url()}`);
    });
    const r = await page.goto(`${srv.url}/v1/runs/${started.body.runId}/report`);
    expect(r?.status()).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await srv?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const marks = (chart: string, mark: string) => page.locator(`#${chart} g.mark-${mark}.role-mark > *`).count();

  it('draws one mark per data point in each chart', async () => {
    const years = result.years.length;
    // alone: every service, the untouched IT and the channel-shift programme (Gwent has a policy);
    // shared: the same, governance and transition
    expect(result.policy.channelShift).toBe(true);
    expect(await marks('chart-costs', 'rect')).toBe(years * ((SERVICES.length + 2) * 2 + 2));
    expect(await marks('chart-cumulative', 'symbol')).toBe(years);
    expect(await marks('chart-cumulative', 'line')).toBe(1);
    // payback rule (the run pays back) and the zero line
    expect(result.summary.paybackYear).not.toBeNull();
    expect(await marks('chart-cumulative', 'rule')).toBe(2);
    expect(await marks('chart-authorities', 'rect')).toBe(result.authorities.length);
    expect(await marks('chart-distribution', 'rect')).toBe(result.uncertainty!.histogram.counts.length);
    expect(await marks('chart-distribution', 'rule')).toBe(3);
    // the twelve largest swings of the four given distributions and the default ranges
    expect(result.sensitivity.length).toBeGreaterThan(12);
    expect(await marks('chart-tornado', 'rect')).toBe(2 * 12);
  });

  it('flags the authorities better off alone in their own colour', async () => {
    const alone = result.authorities.filter((a) => a.betterOffAlone).length;
    expect(alone).toBeGreaterThan(0);
    const red = await page.locator('#chart-authorities g.mark-rect.role-mark > path[fill="#c53030"]').count();
    expect(red).toBe(alone);
  });

  it(
    'is accessible: headings in order, and every chart ' + 'an image with a text alternative and a data table',
    async () => {
      const levels = await page
        .locator('h1, h2, h3, h4, h5, h6')
        .evaluateAll((hs) => hs.map((h) => Number(h.tagName.slice(1))));
      expect(levels[0]).toBe(1);
      expect(levels.filter((l) => l === 1)).toHaveLength(1);
      for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!).toBeLessThanOrEqual(1);
      const figures = await page.locator('figure').evaluateAll((fs) =>
        fs.map((f) => {
          const svg = f.querySelector('svg');
          const section = f.closest('section');
          const rows = section?.querySelectorAll('details table tbody tr').length ?? 0;
          return {
            id: f.id,
            role: svg?.getAttribute('role'),
            label: svg?.getAttribute('aria-label') ?? '',
            caption: f.querySelector('figcaption')?.textContent ?? '',
            rows,
          };
        }),
      );
      // the remote school breaks the core, so the page also draws the split that holds
      expect(result.stability.coreAllocation).not.toBeNull();
      expect(figures.map((f) => f.id)).toEqual([
        'chart-costs',
        'chart-cumulative',
        'chart-authorities',
        'chart-core-split',
        'chart-distribution',
        'chart-tornado',
      ]);
      for (const f of figures) {
        expect(f.role).toBe('img');
        expect(f.label.length).toBeGreaterThan(40);
        expect(f.caption).toContain(f.label.slice(0, 30));
        expect(f.rows).toBeGreaterThan(0);
      }
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
    },
  );

  it('loads nothing from elsewhere and breaks no rule of its Content-Security-Policy', async () => {
    expect(problems).toEqual([]);
  });

  it('renders a screenshot (the one the README shows, with SHARESIM_UPDATE_SCREENSHOT=1)', async () => {
    await page.screenshot({ path: SCREENSHOT, fullPage: false });
    expect(fs.statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
  });
});
