import path from 'node:path';

/**
 * Where the TypeScript sources are, for worker threads (which load them through tsx): the
 * repository root, or SHARESIM_SOURCE_ROOT when this code runs from a bundle (the benchmarks).
 */
export function sourcePath(relative: string): string {
  return path.join(process.env.SHARESIM_SOURCE_ROOT ?? path.join(__dirname, '..', '..'), relative);
}
