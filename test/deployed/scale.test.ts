/**
 * Answers larger than Lambda may return, through the deployed bundles (issue 17): a national
 * scenario stored by upload (its request would be over Lambda's 6 MB event), run through the
 * synthesized state machine, and its result, report CSV and plan read in full as a client
 * reads them (a 303 followed to its presigned URL, gzip, byte pages, CSV pages), every answer
 * any function gave under 6,291,456 bytes as Lambda counts it.
 *
 * Sizes: SHARESIM_DEPLOYED_SCALE=full runs the 30,000-authority run and 25,000-authority
 * plan: on this 2-core machine, loaded, the run's Aggregate about 100 s and its CSV 20 pages in
 * 40 s, the plan's Aggregate 200 s (about 3 to 6 minutes in all); CI (CI=true) runs them too
 * (SHARESIM_DEPLOYED_SCALE=small opts out). Otherwise a 24,000-authority
 * run (its GET still over the limit, so every large-answer path is taken) and a 2,000-authority
 * plan (a Step Functions run): about a minute. SHARESIM_DEPLOYED_TIMINGS=<file> writes what each step
 * and function took, and every exchange's size.
 */
import fs from 'node:fs';
import { syntheticNation } from '../../lambda/synthetic/national';
import { Caller, json } from './client';
import { Deployment } from './deployment';
import { LAMBDA_PAYLOAD_LIMIT, ssoUser } from './gateway';

// CI runs the sizes (its acceptance: about 2.5 minutes more than the smaller ones, with
// npm test at about 15 of its 25 minutes there); a laptop's npm test the smaller ones unless asked
const FULL =
  process.env.SHARESIM_DEPLOYED_SCALE === 'full' ||
  (process.env.CI === 'true' && process.env.SHARESIM_DEPLOYED_SCALE !== 'small');
const RUN_AUTHORITIES = FULL ? 30_000 : Number(process.env.SHARESIM_DEPLOYED_RUN ?? 24_000);
const PLAN_AUTHORITIES = FULL ? 25_000 : Number(process.env.SHARESIM_DEPLOYED_PLAN ?? 2_000);
const YEARS = 10;

jest.setTimeout(FULL ? 3_600_000 : 600_000);

let d: Deployment;
let planner: Caller;
const timings: Record<string, number> = {};
const timed = async <T>(label: string, f: () => Promise<T>): Promise<T> => {
  const t = Date.now();
  try {
    return await f();
  } finally {
    timings[label] = Date.now() - t;
  }
};

beforeAll(async () => {
  d = await timed('start (synth, store, stub)', () => Deployment.start());
  planner = new Caller(d.gateway, ssoUser('national@planning.example'));
}, 600_000);

afterAll(async () => {
  // SHARESIM_DEPLOYED_TIMINGS=<file>: what each step and function took, for the report
  const out = process.env.SHARESIM_DEPLOYED_TIMINGS;
  if (out && d) {
    const fns = [...d.functions.values()]
      .filter((f) => f.stats.count > 0)
      .map((f) => ({ fn: f.spec.logicalId, timeoutMs: f.spec.timeoutSeconds * 1000, ...f.stats }));
    const sizes = { RUN_AUTHORITIES, PLAN_AUTHORITIES, largestResponse: d.gateway.largestResponse, paths };
    fs.writeFileSync(out, `${JSON.stringify({ sizes, timings, fns, exchanges: d.gateway.exchanges }, null, 1)}\n`);
  }
  await d?.close();
});

afterEach(() => {
  expect(d.gateway.oversized).toEqual([]);
  const errors = d.gateway.functionErrors.splice(0);
  if (errors.length > 0) throw new Error(`function errors: ${JSON.stringify(errors)}\n${d.logs()}`);
});

/** Store a scenario the way a client must when its request would be too large: upload, then create. */
async function storeByUpload(doc: Buffer): Promise<string> {
  const t = await planner.post('/v1/uploads');
  expect(t.status).toBe(201);
  const ticket = json<{ uploadId: string; uploadUrl: string; headers: Record<string, string> }>(t);
  const put = await fetch(ticket.uploadUrl, { method: 'PUT', headers: ticket.headers, body: doc });
  expect(put.status).toBe(200);
  const r = await planner.post('/v1/scenarios', { uploadId: ticket.uploadId });
  if (r.status !== 201) throw new Error(`create from upload: ${r.status} ${r.text.slice(0, 1000)}`);
  return json<{ id: string }>(r).id;
}

/** Which way each run went: a Step Functions execution, or within the request that started it (small runs). */
const paths: Record<string, 'execution' | 'inline'> = {};

async function runToEnd(label: string, runId: string): Promise<void> {
  const e = d.executions.find((x) => x.name === runId);
  paths[label] = e ? 'execution' : 'inline';
  if (e) {
    const outcome = await d.stateMachine.start(JSON.parse(e.input)).done;
    if (outcome.status !== 'SUCCEEDED') throw new Error(`${outcome.status}: ${outcome.cause}\n${d.logs()}`);
  }
  const v = json<{ status: string; error?: unknown }>(await planner.get(`/v1/runs/${runId}`, { gzip: true }));
  if (v.status !== 'succeeded') throw new Error(`the run is ${v.status}: ${JSON.stringify(v.error)}`);
}

describe(`a ${RUN_AUTHORITIES.toLocaleString('en-GB')}-authority run`, () => {
  let runId: string;
  let whole: string;

  it('is stored by upload (its request is over the event limit) and run through the state machine', async () => {
    const nation = syntheticNation({ authorities: RUN_AUTHORITIES, seed: 1, horizonYears: YEARS });
    // as `npm run national` writes it (indented by one space)
    const doc = Buffer.from(`${JSON.stringify(nation, null, 1)}\n`);
    if (FULL) {
      // as the issue measured it: a 5.7 MB body, a 6.6 MB event once escaped; API Gateway would refuse it
      const direct = await planner.post('/v1/scenarios', doc.toString('utf8'));
      expect(direct.status).toBe(413);
    }
    const id = await timed('store by upload', () => storeByUpload(doc));
    // no Monte Carlo: with iterations every default's range is uncertain and the tornado alone is minutes here
    const start = await timed('POST run', () => planner.post(`/v1/scenarios/${id}/runs`, { iterations: 0 }));
    expect(start.status).toBe(202);
    runId = json<{ runId: string }>(start).runId;
    // a national run is never computed within the request (a function's 29 s would end it there)
    expect(d.executions.map((e) => e.name)).toContain(runId);
    await timed('run', () => runToEnd('run', runId));
  });

  it('GET /v1/runs/{id} without gzip: a 303 to the whole run, result included', async () => {
    const a = await timed('GET run, 303', () => planner.get(`/v1/runs/${runId}`));
    expect(a.api.status).toBe(303);
    expect(a.api.responseBytes).toBeLessThan(4096);
    expect(a.download).toMatchObject({ status: 200, contentType: expect.stringMatching(/^application\/json/) });
    expect(a.download!.bytes).toBeGreaterThan(LAMBDA_PAYLOAD_LIMIT);
    const run = JSON.parse(a.text) as { status: string; result: { authorities: Array<{ id: string }> } };
    expect(run.status).toBe('succeeded');
    expect(run.result.authorities).toHaveLength(RUN_AUTHORITIES);
    whole = JSON.stringify(run.result);
    // the link is short-lived: 16 minutes on, S3 refuses it
    d.aws.clockOffsetMs = 16 * 60_000;
    try {
      expect((await fetch(a.download!.url)).status).toBe(403);
    } finally {
      d.aws.clockOffsetMs = 0;
    }
  });

  it('with gzip, as the signing client asks: the same run, compressed', async () => {
    const a = await planner.get(`/v1/runs/${runId}`, { gzip: true });
    expect(a.status).toBe(200);
    expect(JSON.stringify((JSON.parse(a.text) as { result: unknown }).result)).toBe(whole);
  });

  it('GET /v1/runs/{id}/result in byte pages: concatenated, the same result', async () => {
    const all = await timed('GET result pages', () => planner.getAll(`/v1/runs/${runId}/result`));
    expect(all.pages.length).toBeGreaterThan(1);
    for (const p of all.pages) expect(p.api.responseBytes).toBeLessThan(LAMBDA_PAYLOAD_LIMIT);
    expect(JSON.stringify(JSON.parse(all.text))).toBe(whole);
  });

  it('the report CSV in pages of whole authorities, every row there once', async () => {
    const all = await timed('GET report CSV pages', () =>
      planner.getAll(`/v1/runs/${runId}/report?format=csv`, { gzip: true }),
    );
    const lines = all.pages.flatMap((p, i) => {
      const rows = p.text.replace(/\r?\n$/, '').split(/\r?\n/);
      return i === 0 ? rows : rows.slice(1); // each page has the header row
    });
    expect(lines.length - 1).toBe(RUN_AUTHORITIES * YEARS);
    const ids = new Set(lines.slice(1).map((l) => l.split(',')[0]));
    expect(ids.size).toBe(RUN_AUTHORITIES);
  });

  it('the HTML report', async () => {
    const a = await timed('GET report HTML', () => planner.get(`/v1/runs/${runId}/report`, { gzip: true }));
    expect(a.status).toBe(200);
    expect(a.text).toContain('<svg');
  });
});

describe(`a ${PLAN_AUTHORITIES.toLocaleString('en-GB')}-authority plan as a run`, () => {
  it('is planned through the state machine and read in full', async () => {
    const nation = syntheticNation({ authorities: PLAN_AUTHORITIES, seed: 1, horizonYears: YEARS });
    const id = await timed('store plan scenario by upload', () => storeByUpload(Buffer.from(JSON.stringify(nation))));
    const r = await planner.post('/v1/partnerships/plan', { scenarioId: id });
    expect(r.status).toBe(202);
    const runId = json<{ runId: string }>(r).runId;
    await timed('plan', () => runToEnd('plan', runId));
    const a = await timed('GET plan', () => planner.get(`/v1/runs/${runId}`));
    expect(a.status).toBe(200);
    const run = JSON.parse(a.text) as {
      status: string;
      result: { partnerships: Array<{ members: string[] }>; alone: string[] };
    };
    expect(run.status).toBe('succeeded');
    const placed = run.result.partnerships.reduce((n, p) => n + p.members.length, 0) + run.result.alone.length;
    expect(placed).toBe(PLAN_AUTHORITIES);
    const pages = await planner.getAll(`/v1/runs/${runId}/result`);
    expect(JSON.stringify(JSON.parse(pages.text))).toBe(JSON.stringify(run.result));
    if (FULL) expect(a.download?.bytes ?? 0).toBeGreaterThan(LAMBDA_PAYLOAD_LIMIT);
  });
});
