/**
 * The lint step holds the layers (biome.json, `overrides`): each case writes a one-line file at
 * a path of the tree's shape in a scratch copy (the project's biome.json beside it) and lints it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const biome = path.join(root, 'node_modules', '.bin', 'biome');
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'sharesim-lint-'));
  const config = JSON.parse(readFileSync(path.join(root, 'biome.json'), 'utf8')) as Record<string, unknown>;
  delete config.$schema;
  delete config.vcs; // the scratch copy is no git work tree
  writeFileSync(path.join(scratch, 'biome.json'), JSON.stringify(config));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function lint(at: string, source: string): { ok: boolean; out: string } {
  const file = path.join(scratch, at);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, source);
  try {
    const r = spawnSync(biome, ['lint', '--colors=off', at], { cwd: scratch, encoding: 'utf8' });
    return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(file);
  }
}

describe('import boundaries', () => {
  it.each([
    ['lambda/engine/probe.ts', "import { x } from '../api/http';", 'the engine is pure'],
    ['lambda/engine/services/probe.ts', "import { x } from '../../store/store';", 'the engine is pure'],
    ['lambda/engine/allocation/probe.ts', "import { readFileSync as x } from 'node:fs';", 'the engine is pure'],
    ['lambda/jobs/probe.ts', "import { x } from '../api/instrument';", 'never import api/ or local/'],
    ['lambda/store/probe.ts', "import { x } from '../local/server';", 'never import api/ or local/'],
    ['lambda/report/probe.ts', "import { x } from '../api/http';", 'never import api/ or local/'],
    ['lambda/planner/probe.ts', "import { x } from '../api/deps';", 'never import api/ or local/'],
    ['lambda/register/probe.ts', "import { x } from '../api/problem';", 'never import api/ or local/'],
    ['lambda/api/handlers/probe.ts', "import { x } from './runs';", 'never imports another handler'],
  ])('%s: %s is refused', (at, source, message) => {
    const r = lint(at, `${source}\nexport const y = x;\n`);
    expect(r.ok).toBe(false);
    expect(r.out).toContain(message);
  });

  it.each([
    ['lambda/engine/services/probe.ts', "import { x } from '../defaults';"],
    ['lambda/engine/probe.ts', "import { x } from './model';"],
    ['lambda/jobs/probe.ts', "import { x } from '../observability';"],
    ['lambda/api/handlers/probe.ts', "import { x } from '../../jobs/launch';"],
    ['lambda/api/handlers/index.ts', "import { x } from './runs';"],
  ])('%s: %s is allowed', (at, source) => {
    const r = lint(at, `${source}\nexport const y = x;\n`);
    expect(r.out).not.toContain('noRestrictedImports');
    expect(r.ok).toBe(true);
  });
});
