/**
 * `npx sharesim`: the simulator, the planner, the report and the register on the command line,
 * with no server: each command calls the engine, the planner or the report directly, prints a
 * short summary and writes the full result to a file.
 *
 * Long because it is the whole command line: each command's options, help text and output, which read best
 * together; the work itself is in the engine, the register and the report.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { authoritiesCsv } from '../csv/authorities';
import { scenarioFromCsv } from '../csv/scenario';
import type { FundingCase } from '../engine/appraisal';
import { type Scenario, scenarioSchema } from '../engine/schema';
import { type SimulationResult, simulate } from '../engine/simulate';
import { monteCarloInProcess } from '../engine/uncertainty/attach';
import { type PartnershipPlan, PlanInputError, planPartnerships } from '../planner/plan';
import { MAX_INLINE_PLAN_AUTHORITIES, planConstraintsSchema } from '../planner/schema';
import {
  type RegisterBody,
  register,
  SelectionError,
  type Selection,
  selectBodies,
  selectionSchema,
  toAuthority,
} from '../register';
import { reportHtml } from '../report/html';

export const USAGE = `sharesim: what public bodies save by sharing IT, back office and citizen contact

usage:
  sharesim simulate <scenario.json | authorities.csv> [options]   appraise a scenario
  sharesim plan     <scenario.json | authorities.csv> [options]   which partnerships to form
  sharesim report   <scenario.json | authorities.csv> [--open]    the HTML report of a scenario
  sharesim register [selection] [--format table|csv|json|scenario] list or select real bodies

Instead of a file, simulate, plan and report take a selection from the register of UK public bodies:
  --nation <list>      England, Wales, Scotland, Northern Ireland (comma-separated)
  --region <list>      e.g. "North West", Wales
  --kinds <list>       council, police, fire, health
  --tiers <list>       e.g. district,unitary or acute
  --codes <list>       official codes, e.g. W15000002,W06000022
  --near <lat,lon> --radius-km <km>

scenario fields (for a CSV or a selection; a JSON scenario has its own):
  --name <text>  --horizon-years <n>  --iterations <n>  --seed <n>  --allocation <method>

plan constraints:
  --max-size <n>  --max-distance-km <km>  --max-hub-distance-km <km>  --same-region

output:
  --out <file>         where the full result goes (default: <input>.result.json, <input>.plan.json,
                       <input>.report.html or sharesim-<command>.<ext> in the current directory)
  --open               report: open the page with the system's opener (SHARESIM_OPEN_COMMAND overrides)
  --help
`;

/** A problem with the input: printed with its path, exit code 1. */
class InputError extends Error {
  constructor(
    message: string,
    readonly problems: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'InputError';
  }
}

const OPTIONS = {
  nation: { type: 'string' },
  region: { type: 'string' },
  kinds: { type: 'string' },
  tiers: { type: 'string' },
  codes: { type: 'string' },
  near: { type: 'string' },
  'radius-km': { type: 'string' },
  name: { type: 'string' },
  'horizon-years': { type: 'string' },
  iterations: { type: 'string' },
  seed: { type: 'string' },
  allocation: { type: 'string' },
  'max-size': { type: 'string' },
  'max-distance-km': { type: 'string' },
  'max-hub-distance-km': { type: 'string' },
  'same-region': { type: 'boolean' },
  format: { type: 'string' },
  out: { type: 'string' },
  open: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

const listOf = (s: string | undefined) =>
  s
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean);

function numberOption(v: Values, key: keyof Values): number | undefined {
  const raw = v[key];
  if (raw === undefined || typeof raw === 'boolean') return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) throw new InputError(`--${key} must be a number, got "${raw}"`);
  return n;
}

const pointer = (path: readonly PropertyKey[]) => path.map((p) => `/${String(p)}`).join('');

function selectionFrom(v: Values): Selection | undefined {
  const raw: Record<string, unknown> = {};
  if (v.nation) raw.nation = listOf(v.nation);
  if (v.region) raw.region = listOf(v.region);
  if (v.kinds) raw.kinds = listOf(v.kinds);
  if (v.tiers) raw.tiers = listOf(v.tiers);
  if (v.codes) raw.codes = listOf(v.codes);
  if (v.near !== undefined || v['radius-km'] !== undefined) {
    const [lat, lon] = (v.near ?? '').split(',').map(Number);
    raw.near = { lat, lon, radiusKm: numberOption(v, 'radius-km') };
  }
  if (Object.keys(raw).length === 0) return undefined;
  const r = selectionSchema.safeParse(raw);
  if (!r.success)
    throw new InputError(
      'invalid selection',
      r.error.issues.map((i) => ({ path: `--${String(i.path[0] ?? 'selection')}`, message: i.message })),
    );
  return r.data;
}

function selected(sel: Selection): RegisterBody[] {
  try {
    const bodies = selectBodies(sel);
    if (bodies.length === 0) throw new InputError('the selection names no body of the register');
    return bodies;
  } catch (e) {
    if (e instanceof SelectionError)
      throw new InputError(
        'invalid selection',
        e.problems.map((p) => ({ path: `--${String(p.path[0])}`, message: p.message })),
      );
    throw e;
  }
}

/** The scenario fields given as options (for a CSV or a selection). */
function fieldsFrom(v: Values, defaultName: string): Record<string, unknown> {
  const iterations = numberOption(v, 'iterations');
  const seed = numberOption(v, 'seed');
  const horizonYears = numberOption(v, 'horizon-years');
  return {
    name: v.name ?? defaultName,
    ...(horizonYears !== undefined ? { horizonYears } : {}),
    ...(v.allocation ? { allocation: v.allocation } : {}),
    ...(iterations !== undefined || seed !== undefined
      ? {
          uncertainty: { ...(iterations !== undefined ? { iterations } : {}), ...(seed !== undefined ? { seed } : {}) },
        }
      : {}),
  };
}

interface Input {
  readonly scenario: Scenario;
  /** Base of the default output file names. */
  readonly base: string;
}

/** The scenario a command works on: a JSON scenario, a CSV of authorities, or a register selection. */
export function loadInput(file: string | undefined, v: Values, command: string): Input {
  const sel = selectionFrom(v);
  if (file && sel) throw new InputError('give a file or a selection, not both');
  if (!file && !sel) throw new InputError(`${command} needs a scenario file (.json or .csv) or a selection`);
  if (sel) {
    const value = { ...fieldsFrom(v, 'Register selection'), authorities: selected(sel).map(toAuthority) };
    return { scenario: validScenario(value), base: `sharesim-${command}` };
  }
  const f = file!;
  if (!fs.existsSync(f)) throw new InputError(`no such file: ${f}`);
  const text = fs.readFileSync(f, 'utf8');
  const base = path.basename(f).replace(/\.(json|csv)$/i, '');
  if (/\.csv$/i.test(f)) {
    const r = scenarioFromCsv(text, fieldsFrom(v, base));
    if (!r.ok) throw new InputError(`${f} is not a valid CSV of authorities`, r.problems);
    return { scenario: r.scenario, base };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${f} is not JSON: ${(e as Error).message}`);
  }
  // a JSON scenario may name its authorities by a register selection, as the API allows
  if (value && typeof value === 'object' && 'register' in value) {
    const { register: raw, ...rest } = value as Record<string, unknown>;
    const r = selectionSchema.safeParse(raw);
    if (!r.success)
      throw new InputError(
        `${f}: invalid register selection`,
        r.error.issues.map((i) => ({ path: pointer(['register', ...i.path]), message: i.message })),
      );
    value = { ...rest, authorities: selected(r.data).map(toAuthority) };
  }
  return { scenario: validScenario(value, f), base };
}

function validScenario(value: unknown, file?: string): Scenario {
  const r = scenarioSchema.safeParse(value);
  if (!r.success)
    throw new InputError(
      `${file ?? 'the scenario'} is not a valid scenario`,
      r.error.issues.slice(0, 100).map((i) => ({ path: pointer(i.path), message: i.message })),
    );
  return r.data;
}

// ---- output ----------------------------------------------------------------------------------

const money = (x: number, currency: string) => {
  const sign = x < 0 ? '-' : '';
  const a = Math.abs(x);
  const symbol = currency === 'GBP' ? '£' : `${currency} `;
  return a >= 1e9
    ? `${sign}${symbol}${(a / 1e9).toFixed(2)}bn`
    : a >= 1e6
      ? `${sign}${symbol}${(a / 1e6).toFixed(1)}m`
      : `${sign}${symbol}${Math.round(a / 1e3).toLocaleString('en-GB')}k`;
};

function table(rows: readonly (readonly string[])[], right: readonly boolean[]): string {
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  return rows
    .map((r) =>
      r
        .map((c, j) => (right[j] ? c.padStart(widths[j]!) : c.padEnd(widths[j]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

const roi = (x: number | null) => (x === null ? 'no one-off investment' : `ROI ${(100 * x).toFixed(1)} % a year`);

/** The internal bank's answers, as the summary, the report and the CSV give them. */
function funding(f: SimulationResult['summary']['funding'], policy: boolean): string[][] {
  const rows: [string, FundingCase][] = [['sharing', f.sharing]];
  if (policy) rows.push(['channel shift', f.policy], ['both together', f.combined]);
  return rows.map(([name, x]) => [
    `fundable: ${name}`,
    !x.applies ? 'n/a' : x.fundable ? 'yes' : 'no',
    !x.applies ? 'does not apply' : `${roi(x.annualRoi)}, hurdle ${(100 * f.hurdleRoi).toFixed(0)} %`,
  ]);
}

export function simulationSummary(r: SimulationResult, s: Scenario): string {
  const c = s.currency;
  const sum = r.summary;
  const lines = [
    `${r.name}: ${s.authorities.length} authorities, ${r.horizonYears} years, ${c} at ${r.priceBaseYear} prices`,
    '',
    table(
      [
        ['NPV saving of sharing', money(sum.npvSaving, c), `${sum.savingPercent.toFixed(1)} % of the cost alone`],
        ['cost alone (PV)', money(sum.pvAlone, c), ''],
        ['cost shared (PV)', money(sum.pvShared, c), ''],
        ['benefit-cost ratio', sum.bcr === null ? '–' : sum.bcr.toFixed(2), ''],
        ['payback year', sum.paybackYear === null ? 'none in the horizon' : String(sum.paybackYear), ''],
        ['better off alone', `${r.authorities.filter((a) => a.betterOffAlone).length}`, `of ${r.authorities.length}`],
        ...(r.policy.channelShift
          ? [['NPV saving of channel shift', money(sum.npvPolicySaving, c), 'against the status quo']]
          : []),
        ...funding(sum.funding, r.policy.channelShift),
      ],
      [false, true, false],
    ),
    '',
  ];
  const top = [...r.authorities].sort((a, b) => Math.abs(b.saving) - Math.abs(a.saving)).slice(0, 12);
  lines.push(
    table(
      [
        ['authority', 'kind', 'saving', '%', 'alone?'],
        ...top.map((a) => [
          clip(`${a.id} ${a.name}`, 48),
          a.kind,
          money(a.saving, c),
          a.savingPercent.toFixed(1),
          a.betterOffAlone ? 'better alone' : '',
        ]),
      ],
      [false, false, true, true, false],
    ),
  );
  if (r.authorities.length > top.length) lines.push(`… and ${r.authorities.length - top.length} more in the file`);
  return lines.join('\n');
}

export function planSummary(p: PartnershipPlan, s: Scenario): string {
  const c = s.currency;
  const n = p.stats.authorities;
  const lines = [
    `${s.name}: ${n} authorities planned in ${(p.stats.milliseconds / 1000).toFixed(1)} s`,
    '',
    table(
      [
        ['partnerships', String(p.partnerships.length)],
        ['total NPV saving', money(p.totalSaving, c)],
        ['one partnership of all', money(p.baselines.onePartnership, c)],
        ['left alone', `${p.alone.length} (${((100 * p.alone.length) / Math.max(1, n)).toFixed(1)} % of the bodies)`],
      ],
      [false, true],
    ),
    '',
  ];
  const names = new Map(s.authorities.map((a) => [a.id, a.name ?? a.id]));
  const top = [...p.partnerships].sort((a, b) => b.npvSaving - a.npvSaving).slice(0, 10);
  if (top.length > 0)
    lines.push(
      table(
        [
          ['members', 'saving', 'payback', 'first members'],
          ...top.map((x) => [
            String(x.members.length),
            money(x.npvSaving, c),
            x.paybackYear === null ? '–' : String(x.paybackYear),
            clip(x.members.map((m) => names.get(m) ?? m).join(', '), 70),
          ]),
        ],
        [true, true, true, false],
      ),
    );
  if (p.partnerships.length > top.length) lines.push(`… and ${p.partnerships.length - top.length} more in the file`);
  return lines.join('\n');
}

function registerTable(bodies: readonly RegisterBody[]): string {
  const rows = bodies.map((b) => [
    b.id,
    clip(b.name, 50),
    b.kind,
    b.tier ?? '',
    b.region,
    b.staff.toLocaleString('en-GB'),
    b.staffBasis,
  ]);
  return table(
    [['code', 'name', 'kind', 'tier', 'region', 'staff', 'basis'], ...rows],
    [false, false, false, false, false, true, false],
  );
}

// ---- commands ----------------------------------------------------------------------------------

export interface Io {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  readonly cwd: string;
}

function outPath(v: Values, io: Io, fallback: string): string {
  return path.resolve(io.cwd, v.out ?? fallback);
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function simulated(s: Scenario): SimulationResult {
  const central = simulate(s);
  const { iterations, seed } = s.uncertainty;
  return iterations > 0 ? monteCarloInProcess(central, s, iterations, seed) : central;
}

async function runSimulate(file: string | undefined, v: Values, io: Io): Promise<void> {
  const input = loadInput(file, v, 'simulate');
  const result = simulated(input.scenario);
  const target = outPath(v, io, `${input.base}.result.json`);
  write(target, `${JSON.stringify(result, null, 1)}\n`);
  io.out(`${simulationSummary(result, input.scenario)}\n\nfull result: ${target}\n`);
}

async function runPlan(file: string | undefined, v: Values, io: Io): Promise<void> {
  const input = loadInput(file, v, 'plan');
  const maxSize = numberOption(v, 'max-size');
  const maxDistanceKm = numberOption(v, 'max-distance-km');
  const maxHubDistanceKm = numberOption(v, 'max-hub-distance-km');
  const c = planConstraintsSchema.safeParse({
    ...(maxSize !== undefined ? { maxSize } : {}),
    ...(maxDistanceKm !== undefined ? { maxDistanceKm } : {}),
    ...(maxHubDistanceKm !== undefined ? { maxHubDistanceKm } : {}),
    ...(v['same-region'] ? { sameRegion: true } : {}),
  });
  if (!c.success)
    throw new InputError(
      'invalid constraints',
      c.error.issues.map((i) => ({ path: `--${String(i.path[0])}`, message: i.message })),
    );
  if (input.scenario.authorities.length > MAX_INLINE_PLAN_AUTHORITIES)
    io.err(`planning ${input.scenario.authorities.length} authorities: this takes a while\n`);
  let plan: PartnershipPlan;
  try {
    plan = await planPartnerships(input.scenario, c.data);
  } catch (e) {
    if (e instanceof PlanInputError) throw new InputError('invalid plan', [{ path: e.path, message: e.message }]);
    throw e;
  }
  const target = outPath(v, io, `${input.base}.plan.json`);
  write(target, `${JSON.stringify(plan, null, 1)}\n`);
  io.out(`${planSummary(plan, input.scenario)}\n\nfull plan: ${target}\n`);
}

/** The platform's opener for a file (SHARESIM_OPEN_COMMAND overrides: the tests use it). */
function opener(file: string): { command: string; args: string[] } {
  const custom = process.env.SHARESIM_OPEN_COMMAND;
  if (custom) return { command: custom, args: [file] };
  if (process.platform === 'darwin') return { command: 'open', args: [file] };
  if (process.platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '', file] };
  return { command: 'xdg-open', args: [file] };
}

function open(file: string, io: Io): Promise<void> {
  const { command, args } = opener(file);
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: process.platform !== 'win32' });
    child.on('error', (e) => {
      io.err(`could not open the report with ${command} (${e.message}); open ${file} yourself\n`);
      resolve();
    });
    child.on('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

async function runReport(file: string | undefined, v: Values, io: Io): Promise<void> {
  const input = loadInput(file, v, 'report');
  const result = simulated(input.scenario);
  const html = await reportHtml(result, input.scenario, {
    runId: 'cli',
    scenarioId: input.base,
    scenarioVersion: 1,
    finishedAt: new Date().toISOString(),
  });
  const target = outPath(v, io, `${input.base}.report.html`);
  write(target, html);
  io.out(`${simulationSummary(result, input.scenario)}\n\nreport: ${target}\n`);
  if (v.open) await open(target, io);
}

async function runRegister(v: Values, io: Io): Promise<void> {
  const sel = selectionFrom(v);
  const bodies = sel ? selected(sel) : [...register().bodies];
  const format = v.format ?? (v.out ? (v.out.endsWith('.csv') ? 'csv' : 'json') : 'table');
  const asScenario = () => ({ ...fieldsFrom(v, 'Register selection'), authorities: bodies.map(toAuthority) });
  const text =
    format === 'table'
      ? `${registerTable(bodies)}\n\n${bodies.length} bodies. Sources and licences: data/register/NOTICE\n`
      : format === 'csv'
        ? authoritiesCsv(bodies.map(toAuthority))
        : format === 'json'
          ? `${JSON.stringify(bodies, null, 1)}\n`
          : format === 'scenario'
            ? `${JSON.stringify(asScenario(), null, 1)}\n`
            : undefined;
  if (text === undefined) throw new InputError(`--format must be table, csv, json or scenario, not "${format}"`);
  if (v.out) {
    const target = outPath(v, io, v.out);
    write(target, text);
    io.out(`${bodies.length} bodies written to ${target}\n`);
  } else io.out(text);
}

/** Run the command line; resolves to the exit code (0 done, 1 bad input, 2 bad usage). */
export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    io.err(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const [command, file, ...extra] = parsed.positionals;
  const v = parsed.values;
  if (v.help || !command || command === 'help') {
    io.out(USAGE);
    return command || v.help ? 0 : 2;
  }
  if (extra.length > 0) {
    io.err(`one input file at a time (got ${[file, ...extra].join(', ')})\n`);
    return 2;
  }
  try {
    if (command === 'simulate') await runSimulate(file, v, io);
    else if (command === 'plan') await runPlan(file, v, io);
    else if (command === 'report') await runReport(file, v, io);
    else if (command === 'register') {
      if (file) throw new InputError('register takes a selection, not a file');
      await runRegister(v, io);
    } else {
      io.err(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
    }
    return 0;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    io.err(`${e.message}\n${e.problems.map((p) => `  ${p.path || '/'}: ${p.message}\n`).join('')}`);
    return 1;
  }
}

function defaultIo(): Io {
  return { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), cwd: process.cwd() };
}
