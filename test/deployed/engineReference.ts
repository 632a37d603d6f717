/** Run reference.ts (the engine from its sources, in one process) in a child process: see there why. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildSync } from 'esbuild';
import type { RunInput } from '../../lambda/jobs/runJob';

const run = promisify(execFile);

/** Start computing the reference result of a run's input; resolves to the result as parsed JSON. */
export async function engineReference(input: RunInput, dir: string): Promise<unknown> {
  fs.mkdirSync(dir, { recursive: true });
  const bundle = path.join(dir, 'reference.js');
  if (!fs.existsSync(bundle)) {
    buildSync({
      entryPoints: [path.join(__dirname, 'reference.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile: bundle,
      logLevel: 'silent',
    });
    // HiGHS loads its WebAssembly from beside the bundle, as in every function
    fs.copyFileSync(path.join(path.dirname(require.resolve('highs')), 'highs.wasm'), path.join(dir, 'highs.wasm'));
  }
  const id = Math.random().toString(36).slice(2);
  const inFile = path.join(dir, `input-${id}.json`);
  const outFile = path.join(dir, `output-${id}.json`);
  fs.writeFileSync(inFile, JSON.stringify(input));
  await run(process.execPath, [bundle, inFile, outFile], { maxBuffer: 1024 * 1024 });
  return JSON.parse(fs.readFileSync(outFile, 'utf8'));
}
