/** `npx sharesim`: the real command in a child process, no server. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAuthoritiesCsv } from '../../lambda/csv/authorities';
import type { SimulationResult } from '../../lambda/engine/simulate';
import type { PartnershipPlan } from '../../lambda/planner/plan';
import { register } from '../../lambda/register';

const root = path.join(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'sharesim.js');
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharesim-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function sharesim(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const example = (name: string) => path.join(root, 'examples', name);
const GWENT = 'W06000018,W06000019,W06000020,W06000021,W06000022,W15000002,W11000028';

describe('sharesim', () => {
  it('simulates a CSV: a summary table on stdout, the full result in a file', () => {
    const r = sharesim(['simulate', example('authorities-template.csv'), '--name', 'Template', '--out', 'r.json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Template: 8 authorities, 10 years/);
    expect(r.out).toMatch(/NPV saving of sharing/);
    const result = JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8')) as SimulationResult;
    const csv = parseAuthoritiesCsv(fs.readFileSync(example('authorities-template.csv'), 'utf8'));
    expect(result.authorities.map((a) => a.id)).toEqual(csv.authorities.map((a) => a.id));
    expect(r.out).toContain(`full result: ${path.join(dir, 'r.json')}`);
  });

  it('simulates a JSON scenario, writing <name>.result.json by default', () => {
    const r = sharesim(['simulate', example('minimal.json')]);
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'minimal.result.json'))).toBe(true);
  });

  it('plans a register selection: everyone placed once, the share left alone printed', () => {
    const r = sharesim(['plan', '--codes', GWENT, '--max-size', '8', '--out', 'plan.json']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/left alone\s+\d+ \(\d+\.\d % of the bodies\)/);
    const plan = JSON.parse(fs.readFileSync(path.join(dir, 'plan.json'), 'utf8')) as PartnershipPlan;
    expect([...plan.partnerships.flatMap((p) => p.members), ...plan.alone].sort()).toEqual(GWENT.split(',').sort());
  });

  it('renders the report to a file and opens it with the opener', () => {
    const log = path.join(dir, 'opened.txt');
    const opener = path.join(dir, 'opener.sh');
    fs.writeFileSync(opener, `#!/bin/sh\necho "$1" > ${JSON.stringify(log)}\n`, { mode: 0o755 });
    const r = sharesim(['report', example('minimal.json'), '--open'], { SHARESIM_OPEN_COMMAND: opener });
    expect(r.code).toBe(0);
    const page = path.join(dir, 'minimal.report.html');
    expect(fs.readFileSync(page, 'utf8')).toMatch(/^<!doctype html>/i);
    // the opener runs detached: wait for it to write
    for (let i = 0; i < 50 && !fs.existsSync(log); i++) spawnSync('sleep', ['0.1']);
    expect(fs.readFileSync(log, 'utf8').trim()).toBe(page);
  });

  it('lists and selects the register as a table, a CSV or a scenario', () => {
    const table = sharesim(['register', '--nation', 'Wales', '--kinds', 'police']);
    expect(table.code).toBe(0);
    expect(table.out).toContain('Gwent Police');
    expect(table.out).toContain('4 bodies.');
    const csv = sharesim(['register', '--region', 'North East', '--format', 'csv']);
    const rows = parseAuthoritiesCsv(csv.out);
    expect(rows.problems).toEqual([]);
    expect(rows.authorities).toHaveLength(register().bodies.filter((b) => b.region === 'North East').length);
    const sc = sharesim(['register', '--codes', 'W15000002', '--format', 'scenario', '--name', 'One']);
    expect(JSON.parse(sc.out)).toMatchObject({ name: 'One', authorities: [{ id: 'W15000002', kind: 'police' }] });
  });

  it('says what is wrong with the input (exit 1) or the usage (exit 2)', () => {
    fs.writeFileSync(path.join(dir, 'bad.csv'), 'id,kind,staff\na,police,1\nb,police,none\n');
    const bad = sharesim(['simulate', 'bad.csv']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('/authorities/1/staff: row 3, column staff: "none" is not a number');
    const region = sharesim(['plan', '--region', 'Atlantis']);
    expect(region.code).toBe(1);
    expect(region.err).toMatch(/--region: no region "Atlantis"/);
    expect(sharesim(['fly']).code).toBe(2);
    expect(sharesim(['simulate', '--colour', 'red']).code).toBe(2);
    expect(sharesim(['simulate']).code).toBe(1);
  });
});

it('npx sharesim runs the package bin in the repository', () => {
  const r = spawnSync('npx', ['--no-install', 'sharesim', '--help'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('usage:');
});
