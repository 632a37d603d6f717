#!/usr/bin/env node
/**
 * `npm run bench`: runs the benchmark suite, writes bench/results.json and the table in
 * BENCHMARKS.md (between the markers). Figures are wall-clock on a shared, noisy machine:
 * read them against their targets and each other, not as absolutes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { appraise } from '../lambda/engine/appraisal';
import { compile } from '../lambda/engine/model';
import { Aggregate, partnershipCosts } from '../lambda/engine/partnership';
import { scenarioSchema } from '../lambda/engine/schema';
import { simulate } from '../lambda/engine/simulate';
import { syntheticNation } from '../lambda/synthetic/national';
import { machine, measure, Measurement } from './harness';

const root = path.join(__dirname, '..');
const gwent = scenarioSchema.parse(JSON.parse(fs.readFileSync(path.join(root, 'examples', 'gwent-psn.json'), 'utf8')));
const nation = scenarioSchema.parse(syntheticNation({ authorities: 25000, seed: 1 }));

function appraisalOnly(s: typeof gwent): number {
  const m = compile(s);
  const pc = partnershipCosts(m, Aggregate.of(m, m.authorities.map((a) => a.index)));
  return appraise(m, pc).npvSaving;
}

const results: Measurement[] = [
  measure('gwent: deterministic appraisal (3 worlds, 10 years, 10 authorities)', () => appraisalOnly(gwent), { target: 2, minMs: 2000 }),
  measure('gwent: full simulate (appraisal + exact Shapley over 1,024 coalitions + exhaustive core)', () => simulate(gwent), { minMs: 2000 }),
  measure('national: 25,000 authorities, full simulate (proportional allocation)', () => simulate(nation), { target: 1000, minRuns: 5, minMs: 3000, warmup: 1 }),
];

const out = { generatedAt: new Date().toISOString(), machine: machine(), results };
fs.mkdirSync(path.join(root, 'bench'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench', 'results.json'), JSON.stringify(out, null, 2) + '\n');

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(3));
const rows = results.map((r) => `| ${r.name} | ${fmt(r.median)} | ${fmt(r.p90)} | ${r.runs} | ${r.target !== undefined ? `< ${r.target}` : '–'} | ${r.target !== undefined ? `${(r.median / r.target).toFixed(2)} ${r.median <= r.target ? '✓' : '✗'}` : '–'} |`);
const m = out.machine;
const table = [
  `Measured ${out.generatedAt.slice(0, 10)} on ${m.cpu} (${m.cores} cores, ${m.memoryGiB} GiB), Node ${m.node}, one process, wall clock.`,
  '',
  '| benchmark | median ms | p90 ms | runs | target ms | median ÷ target |',
  '|---|---|---|---|---|---|',
  ...rows,
].join('\n');
const mdPath = path.join(root, 'BENCHMARKS.md');
const md = fs.existsSync(mdPath) ? fs.readFileSync(mdPath, 'utf8') : '# Benchmarks\n\n<!-- bench:start -->\n<!-- bench:end -->\n';
const updated = md.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, `<!-- bench:start -->\n${table}\n<!-- bench:end -->`);
fs.writeFileSync(mdPath, updated);
console.log(table);
