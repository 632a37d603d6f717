import fs from 'node:fs';
import path from 'node:path';
/** A small benchmark harness: repeated timings, median and p90, machine noted. */
import os from 'node:os';

export interface Measurement {
  readonly name: string;
  readonly unit: 'ms';
  readonly median: number;
  readonly p90: number;
  readonly runs: number;
  readonly target?: number;
  readonly note?: string;
  readonly extra?: Record<string, number | string>;
}

export function measure(
  name: string,
  fn: () => unknown,
  opts: { minRuns?: number; minMs?: number; warmup?: number; target?: number; note?: string } = {},
): Measurement {
  for (let i = 0; i < (opts.warmup ?? 3); i++) fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < (opts.minRuns ?? 10) || performance.now() - start < (opts.minMs ?? 1000)) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
    if (times.length >= 10000) break;
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  return {
    name,
    unit: 'ms',
    median: q(0.5),
    p90: q(0.9),
    runs: times.length,
    ...(opts.target !== undefined ? { target: opts.target } : {}),
    ...(opts.note ? { note: opts.note } : {}),
  };
}

/** The same for an asynchronous task, run one at a time. */
export async function measureAsync(
  name: string,
  fn: () => Promise<unknown>,
  opts: { minRuns?: number; minMs?: number; warmup?: number; target?: number } = {},
): Promise<Measurement> {
  for (let i = 0; i < (opts.warmup ?? 1); i++) await fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < (opts.minRuns ?? 5) || performance.now() - start < (opts.minMs ?? 1000)) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  return {
    name,
    unit: 'ms',
    median: q(0.5),
    p90: q(0.9),
    runs: times.length,
    ...(opts.target !== undefined ? { target: opts.target } : {}),
  };
}

export function machine(): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
  };
}

/** One row of the table in BENCHMARKS.md. */
export function tableRow(r: Measurement): string {
  const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(3));
  const extra = r.extra
    ? Object.entries(r.extra)
        .map(([k, v]) => `${k} ${typeof v === 'number' ? v.toLocaleString('en-GB') : v}`)
        .join('; ')
    : '';
  const ratio =
    r.target !== undefined ? `${(r.median / r.target).toFixed(2)} ${r.median <= r.target ? '✓' : '✗'}` : '–';
  return (
    `| ${r.name} | ${fmt(r.median)} | ${fmt(r.p90)} | ${r.runs} | ` +
    `${r.target !== undefined ? `< ${r.target}` : '–'} | ${ratio} | ${extra} |`
  );
}

/**
 * Some rows re-measured on their own (`npm run bench:register`, `npm run bench:game`), merged
 * into the last full run: a row of the same name is replaced where it stands, a new one goes
 * before the load rows; `stamp` records when in bench/results.json.
 */
export function mergeRows(root: string, rows: readonly Measurement[], stamp: string): void {
  const resultsPath = path.join(root, 'bench', 'results.json');
  const out = JSON.parse(fs.readFileSync(resultsPath, 'utf8')) as { results: Measurement[] } & Record<string, unknown>;
  const byName = new Map(rows.map((r) => [r.name, r]));
  const fresh = rows.filter((r) => !out.results.some((o) => o.name === r.name));
  const replaced = out.results.map((o) => byName.get(o.name) ?? o);
  const at = replaced.findIndex((r) => r.name.startsWith('load:'));
  out.results = at < 0 ? [...replaced, ...fresh] : [...replaced.slice(0, at), ...fresh, ...replaced.slice(at)];
  out[stamp] = new Date().toISOString();
  fs.writeFileSync(resultsPath, `${JSON.stringify(out, null, 2)}\n`);
  const mdPath = path.join(root, 'BENCHMARKS.md');
  const lines = fs
    .readFileSync(mdPath, 'utf8')
    .split('\n')
    .map((l) => {
      const r = rows.find((x) => l.startsWith(`| ${x.name} |`));
      return r ? tableRow(r) : l;
    });
  const newRows = fresh.map(tableRow);
  const firstLoad = lines.findIndex((l) => l.startsWith('| load:'));
  const end = lines.indexOf('<!-- bench:end -->');
  lines.splice(firstLoad >= 0 ? firstLoad : end, 0, ...newRows);
  fs.writeFileSync(mdPath, lines.join('\n'));
  for (const r of rows) console.log(tableRow(r));
}
