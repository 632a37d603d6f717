/**
 * Load: autocannon against `npm start` in a child process on loopback (the server on one core,
 * the load generator on the other). Four bounded scenarios: reads at 50 connections, the Gwent
 * simulation deterministic and as shipped (10,000 inline Monte Carlo iterations), and a mix of
 * reads, writes and simulations. Records throughput, p50/p99 latency, errors and non-2xx.
 */
import { spawn } from 'node:child_process';
import { startLocalServer } from '../lambda/local/server';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import type { Measurement } from './harness';

export interface LoadResult {
  readonly name: string;
  readonly connections: number;
  readonly seconds: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly non2xx: number;
  readonly target: string;
  readonly met: boolean;
}

export async function startServer(
  root: string,
): Promise<{ url: string; stop: () => Promise<void>; dataDir: string; pid: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharesim-load-'));
  // The server from this very bundle (`run.js --serve`): the code as esbuild builds it for
  // Lambda. Under tsx (`npm start`) the same server measured about a third slower.
  const child = spawn(process.execPath, [process.argv[1]!, '--serve'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      SHARESIM_DATA_DIR: dataDir,
      SHARESIM_LOG_LEVEL: 'WARN',
      SHARESIM_SOURCE_ROOT: root,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', () => reject(new Error(`server exited: ${out}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }).then(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  return { url, stop, dataDir, pid: child.pid! };
}

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

function summarise(
  name: string,
  r: autocannon.Result,
  target: string,
  met: (x: Omit<LoadResult, 'target' | 'met'>) => boolean,
): LoadResult {
  const base = {
    name,
    connections: r.connections,
    seconds: r.duration,
    requests: r.requests.total,
    requestsPerSecond: Math.round(r.requests.total / r.duration),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
  return { ...base, target, met: met(base) };
}

export async function loadBenchmarks(root: string, seconds = 10): Promise<LoadResult[]> {
  const gwent = JSON.parse(fs.readFileSync(path.join(root, 'examples', 'gwent-psn.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const gwentDeterministic = JSON.stringify({ ...gwent, uncertainty: { iterations: 0, seed: 1 } });
  const srv = await startServer(root);
  const json = { 'content-type': 'application/json' };
  try {
    // something to read: a scenario, a finished run
    const sc = (await (
      await fetch(`${srv.url}/v1/scenarios`, { method: 'POST', headers: json, body: JSON.stringify(gwent) })
    ).json()) as { id: string };
    const started = (await (
      await fetch(`${srv.url}/v1/scenarios/${sc.id}/runs`, { method: 'POST', headers: json, body: '{"iterations":0}' })
    ).json()) as { runId: string };
    for (let i = 0; i < 100; i++) {
      const r = (await (await fetch(`${srv.url}/v1/runs/${started.runId}`)).json()) as { status: string };
      if (r.status === 'succeeded') break;
      await new Promise((res) => setTimeout(res, 100));
    }
    const reads: autocannon.Request[] = [
      { method: 'GET', path: `/v1/scenarios/${sc.id}` },
      { method: 'GET', path: `/v1/runs/${started.runId}` },
      { method: 'GET', path: '/v1/scenarios?limit=20' },
      { method: 'GET', path: '/v1/health' },
    ];
    const out: LoadResult[] = [];
    const warm = await run({ url: srv.url, connections: 10, duration: 2, requests: reads });
    if (warm.errors) throw new Error('warm-up errors');
    // Closed loop at saturation: every connection always has a request waiting, so p99 is mostly
    // queueing (Little's law: latency ≈ connections ÷ throughput).
    out.push(
      summarise(
        'GET at saturation: scenario, run with result, list, health',
        await run({ url: srv.url, connections: 50, duration: seconds, requests: reads }),
        'p99 < 20 ms at 50 connections, no errors',
        (x) => x.p99Ms < 20 && x.errors === 0 && x.non2xx === 0,
      ),
    );
    // Open loop: 50 connections offering 250 requests/s in all, a busy office's worth
    out.push(
      summarise(
        'GET at 250 requests/s offered: scenario, run with result, list, health',
        await run({ url: srv.url, connections: 50, duration: seconds, requests: reads, overallRate: 250 }),
        'p99 < 20 ms at 50 connections, no errors',
        (x) => x.p99Ms < 20 && x.errors === 0 && x.non2xx === 0,
      ),
    );
    out.push(
      summarise(
        'POST /v1/simulate: Gwent, deterministic (iterations 0)',
        await run({
          url: `${srv.url}/v1/simulate`,
          connections: 10,
          duration: seconds,
          method: 'POST',
          headers: json,
          body: gwentDeterministic,
        }),
        '> 200 requests/s, no errors',
        (x) => x.requestsPerSecond > 200 && x.errors === 0 && x.non2xx === 0,
      ),
    );
    out.push(
      summarise(
        'POST /v1/simulate: Gwent as shipped (10,000 Monte Carlo iterations inline)',
        await run({
          url: `${srv.url}/v1/simulate`,
          connections: 2,
          duration: seconds,
          method: 'POST',
          headers: json,
          body: JSON.stringify(gwent),
          timeout: 60,
        }),
        'no errors (throughput is the Monte Carlo cost)',
        (x) => x.errors === 0 && x.non2xx === 0,
      ),
    );
    const mixed: autocannon.Request[] = [
      ...reads,
      { method: 'POST', path: '/v1/scenarios', headers: json, body: JSON.stringify(gwent) },
      { method: 'POST', path: '/v1/simulate', headers: json, body: gwentDeterministic },
      { method: 'GET', path: `/v1/scenarios/${sc.id}/runs` },
    ];
    out.push(
      summarise(
        'mixed: reads, scenario writes and simulations',
        await run({ url: srv.url, connections: 20, duration: seconds, requests: mixed }),
        'no errors',
        (x) => x.errors === 0 && x.non2xx === 0,
      ),
    );
    // still healthy after the load
    const h = await fetch(`${srv.url}/v1/health`);
    if (h.status !== 200) throw new Error('unhealthy after load');
    return out;
  } finally {
    await srv.stop();
  }
}

/** The load results as benchmark rows (median = p50 latency). */
export function loadMeasurements(rs: readonly LoadResult[]): Measurement[] {
  return rs.map((r) => ({
    name: `load: ${r.name}, ${r.connections} connections, ${r.seconds} s`,
    unit: 'ms' as const,
    median: r.p50Ms,
    p90: r.p99Ms,
    runs: r.requests,
    note: 'latency p50 (median column) and p99 (p90 column); runs = requests served',
    extra: {
      requestsPerSecond: r.requestsPerSecond,
      p99Ms: r.p99Ms,
      errors: r.errors,
      non2xx: r.non2xx,
      target: r.target,
      met: r.met ? 'yes' : 'NO',
    },
  }));
}

/** `run.js --serve`: the local server in this process, for the load benchmarks' child. */
export async function serve(): Promise<void> {
  const srv = await startLocalServer({
    port: Number(process.env.PORT ?? 0),
    host: '127.0.0.1',
    dataDir: process.env.SHARESIM_DATA_DIR!,
    warmPool: true,
  });
  console.log(`sharesim local API listening on ${srv.url}`);
  process.once('SIGTERM', () => void srv.close().then(() => process.exit(0)));
}
