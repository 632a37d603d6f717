/**
 * Issue 19 over real HTTP against the local server: heavy work runs on the worker pool while
 * the event loop answers health; a client that goes away cancels its work; deadlines and a full
 * queue answer 422 and 503; HEAD is GET without a body; malformed request targets are 400s;
 * only this server's own Host names, and no other site's Origin, are served; a plan request too
 * large for a run record still runs.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type LocalServer, startLocalServer } from '../../lambda/local/server';
import { syntheticNation } from '../../lambda/synthetic/national';
import { example } from '../helpers';
import { client, poll } from './client';

const dirs: string[] = [];
async function server(opts: Partial<Parameters<typeof startLocalServer>[0]> = {}): Promise<LocalServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharesim-limits-'));
  dirs.push(dataDir);
  return startLocalServer({ port: 0, host: '127.0.0.1', dataDir, ...opts });
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/**
 * A heavy simulation: 18 authorities, exact Shapley over 2^18 coalitions, seconds of work. (The
 * heaviest a request may ask for, 20, takes about 20 s on the calibrated cost model on a quiet
 * 2-core machine, too close to the request deadline when the test machine is loaded.)
 */
function heavyScenario(): unknown {
  const gwent = example('gwent-psn') as { authorities: { kind: string }[] };
  const extra = syntheticNation({ authorities: 400, seed: 3 }).authorities.filter((a) => a.kind !== 'school');
  return { ...gwent, uncertainty: { iterations: 0 }, authorities: [...gwent.authorities, ...extra].slice(0, 18) };
}

const postJson = (url: string, body: unknown, signal?: AbortSignal) =>
  fetch(`${url}/v1/simulate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });

/** A raw HTTP/1.1 exchange: what a client that fetch would not let us be sends. */
function raw(url: string, request: string): Promise<string> {
  return new Promise((resolve) => {
    const u = new URL(url);
    const s = net.connect(Number(u.port), u.hostname, () => s.write(request));
    let got = '';
    s.on('data', (d) => {
      got += d.toString();
      if (got.includes('\r\n\r\n') && /content-length: (\d+)/i.test(got)) {
        const len = Number(/content-length: (\d+)/i.exec(got)![1]);
        if (Buffer.byteLength(got.slice(got.indexOf('\r\n\r\n') + 4)) >= len) s.end();
      }
    });
    s.on('close', () => resolve(got));
    s.on('error', () => resolve(got));
    s.setTimeout(10_000, () => s.destroy());
  });
}

function request(
  url: string,
  opts: { method: string; path: string; headers: Record<string, string>; body?: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = http.request(
      { host: u.hostname, port: u.port, method: opts.method, path: opts.path, headers: opts.headers },
      (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('the event loop stays free', () => {
  let srv: LocalServer;
  beforeAll(async () => {
    srv = await server();
  });
  afterAll(async () => srv.close());

  it('health answers while a heavy simulation ' + 'runs on the pool, and says when the pool is busy', async () => {
    let heavyDone = false;
    const heavy = postJson(srv.url, heavyScenario()).then(async (r) => {
      heavyDone = true;
      return { status: r.status, body: (await r.json()) as { summary?: { npvSaving: number } } };
    });
    await poll(
      async () => srv.pool.stats(),
      (s) => s.busy > 0,
      30_000,
    );
    for (let i = 0; i < 5; i++) {
      const h = await fetch(`${srv.url}/v1/health`);
      expect(h.status).toBe(200);
      const body = (await h.json()) as { status: string; checks: { pool: { busy: number } } };
      // answered by the event loop while the simulation is still computing
      expect(heavyDone).toBe(false);
      expect(body.checks.pool.busy).toBeGreaterThan(0);
    }
    const done = await heavy;
    expect(done.status).toBe(200);
    expect(Number.isFinite(done.body.summary!.npvSaving)).toBe(true);
  }, 120_000);

  it('a client that goes away cancels its computation (its thread is stopped)', async () => {
    const stoppedBefore = srv.pool.stats().stopped;
    const ctl = new AbortController();
    const heavy = postJson(srv.url, heavyScenario(), ctl.signal).catch(() => 'aborted');
    await poll(
      async () => srv.pool.stats(),
      (s) => s.busy > 0,
      30_000,
    );
    ctl.abort();
    expect(await heavy).toBe('aborted');
    const after = await poll(
      async () => srv.pool.stats(),
      (s) => s.busy === 0,
      10_000,
    );
    expect(after.stopped).toBe(stoppedBefore + 1);
  }, 120_000);

  it('HEAD is GET without a body; the Allow of a 405 names HEAD beside GET', async () => {
    for (const p of ['/v1/health', '/v1/openapi.json', '/v1/presets']) {
      const r = await fetch(srv.url + p, { method: 'HEAD' });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await r.text()).toBe('');
    }
    const r = await fetch(`${srv.url}/v1/health`, { method: 'DELETE' });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('deadlines and a bounded queue', () => {
  let srv: LocalServer;
  beforeAll(async () => {
    srv = await server({ pool: { threads: 1, maxQueued: 1 }, requestDeadlineMs: 1500 });
  });
  afterAll(async () => srv.close());

  it('work past the deadline is stopped (422 pointing at runs); with the queue full a request is a 503 with ' +
    'Retry-After', async () => {
    const first = postJson(srv.url, heavyScenario());
    await poll(
      async () => srv.pool.stats(),
      (s) => s.busy > 0,
      30_000,
    );
    const second = postJson(srv.url, heavyScenario());
    await poll(
      async () => srv.pool.stats(),
      (s) => s.queued.interactive > 0,
      10_000,
    );
    const health = (await (await fetch(`${srv.url}/v1/health`)).json()) as {
      status: string;
      checks: { pool: { state: string } };
    };
    expect(health.status).toBe('degraded');
    expect(health.checks.pool.state).toBe('saturated');
    const third = await postJson(srv.url, heavyScenario());
    expect(third.status).toBe(503);
    expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
    const a = await first;
    expect(a.status).toBe(422);
    const problem = (await a.json()) as { type: string; detail: string };
    expect(problem.type).toBe('urn:sharesim:problem:too-much-work');
    expect(problem.detail).toMatch(/start a run/);
    // the second waited for a thread past its own deadline: busy, try again
    expect([422, 503]).toContain((await second).status);
    expect((await fetch(`${srv.url}/v1/health`)).status).toBe(200);
  }, 120_000);
});

describe('requests the local server refuses', () => {
  let srv: LocalServer;
  beforeAll(async () => {
    srv = await server();
  });
  afterAll(async () => srv.close());

  it.each(['//[', '//a:b@/v1/health', '*', 'http://example.com/v1/health', '/v1/%zz/health'])(
    'the request target %j is a 4xx problem (400 when it is not a path), not a 500',
    async (target) => {
      const host = new URL(srv.url).host;
      const res = await raw(srv.url, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(res)?.[1]);
      expect([400, 404]).toContain(status);
      if (target !== '/v1/%zz/health') expect(status).toBe(400);
      expect(res).toMatch(/application\/problem\+json/);
    },
  );

  it('a Host that is not this server (DNS rebinding) is refused', async () => {
    const port = new URL(srv.url).port;
    const r = await request(srv.url, {
      method: 'GET',
      path: '/v1/scenarios',
      headers: { host: `rebound.example:${port}` },
    });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).errors[0].path).toBe('/headers/host');
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`])
      expect((await request(srv.url, { method: 'GET', path: '/v1/health', headers: { host } })).status).toBe(200);
  });

  it("another site's cross-origin text/plain POST starts nothing; this server's own origin may", async () => {
    const api = client(srv.url, 'local');
    const sc = await api.post<{ id: string }>('/v1/scenarios', example('minimal'));
    const host = new URL(srv.url).host;
    const attack = await request(srv.url, {
      method: 'POST',
      path: `/v1/scenarios/${sc.body.id}/runs`,
      headers: { host, origin: 'http://evil.example', 'content-type': 'text/plain' },
      body: '',
    });
    expect(attack.status).toBe(403);
    const fetchSite = await request(srv.url, {
      method: 'POST',
      path: `/v1/scenarios/${sc.body.id}/runs`,
      headers: { host, 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
      body: '',
    });
    expect(fetchSite.status).toBe(403);
    expect((await api.get<{ items: unknown[] }>(`/v1/scenarios/${sc.body.id}/runs`)).body.items).toEqual([]);
    const own = await request(srv.url, {
      method: 'POST',
      path: `/v1/scenarios/${sc.body.id}/runs`,
      headers: { host, origin: `http://${host}` },
    });
    expect(own.status).toBe(202);
  });
});

describe('run records', () => {
  let srv: LocalServer;
  beforeAll(async () => {
    srv = await server();
  });
  afterAll(async () => srv.close());

  it('a 1.3 MB plan request by scenarioId (1,000 apart groups) runs: its record summarises the groups', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `${'x'.repeat(60)}-${String(i).padStart(2, '0')}`);
    const scenario = {
      name: 'long ids',
      authorities: ids.map((id, i) => ({ id, kind: i % 2 ? 'council' : 'police', staff: 500 + i })),
    };
    const api = client(srv.url, 'planner');
    const sc = await api.post<{ id: string }>('/v1/scenarios', scenario);
    const body = {
      scenarioId: sc.body.id,
      constraints: { maxSize: 20, apart: Array.from({ length: 1000 }, () => ids) },
    };
    expect(JSON.stringify(body).length).toBeGreaterThan(1_300_000);
    const started = await api.post<{ runId: string }>('/v1/partnerships/plan', body);
    expect(started.status).toBe(202);
    const done = await poll(
      () =>
        api.get<{ status: string; request: { plan: Record<string, unknown> }; result: { alone: string[] } | null }>(
          `/v1/runs/${started.body.runId}`,
        ),
      (r) => r.body.status === 'succeeded' || r.body.status === 'failed',
      60_000,
    );
    expect(done.body.status).toBe('succeeded');
    expect(done.body.request.plan).toEqual({ maxSize: 20, sameRegion: false, togetherGroups: 0, apartGroups: 1000 });
    // every pair is kept apart: everyone alone
    expect(done.body.result!.alone.sort()).toEqual([...ids].sort());
  }, 120_000);
});
