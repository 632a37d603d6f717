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
