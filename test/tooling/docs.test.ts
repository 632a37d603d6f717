/**
 * The docs describe what is built: every route of the route table has its row in docs/api.md,
 * and nothing in the repository points at files outside it (a fresh clone has no ../shared).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROUTES } from '../../lambda/api/routes';

const root = path.resolve(__dirname, '../..');

it('docs/api.md lists every route', () => {
  const doc = readFileSync(path.join(root, 'docs', 'api.md'), 'utf8');
  const missing = ROUTES.map((r) => `${r.method} ${r.path}`).filter((k) => !doc.includes(`\`${k}\``));
  expect(missing).toEqual([]);
});

it('no tracked file refers to the design outside the repository', () => {
  const files = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((f) => /\.(ts|js|md|json)$/.test(f) && f !== 'package-lock.json' && !f.startsWith('test/tooling/'));
  const citing = files.filter((f) => readFileSync(path.join(root, f), 'utf8').includes('shared/design'));
  expect(citing).toEqual([]);
});
