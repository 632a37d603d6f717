/** The register ships inside the functions that select from it: bundled as CDK bundles them (esbuild). */
import path from 'node:path';
import { buildSync } from 'esbuild';

const root = path.join(__dirname, '..', '..');

it.each(['register', 'simulate', 'scenarios', 'plans'])('the %s function carries the register', (name) => {
  const out = buildSync({
    entryPoints: [path.join(root, 'lambda', 'api', 'handlers', `${name}.ts`)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    external: ['@aws-sdk/*'],
    write: false,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0]!.text;
  expect(code).toContain('Aneurin Bevan Local Health Board');
  expect(code).not.toMatch(/require\(["'][^"']*uk-public-bodies\.json["']\)/);
});
