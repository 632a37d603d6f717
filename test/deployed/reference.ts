/**
 * The reference for a deployed Monte Carlo run: the engine's result for the same input and seed
 * computed in one process, every iteration in order (chunks of 1,000, where the deployed fan-out
 * uses 2,000 in separate executions), from the TypeScript sources. The test bundles this file
 * with esbuild (as `npm run bench` runs the engine: ts-jest's module interop makes the engine
 * several times slower) and runs it in a child process beside the deployed run.
 *
 * `node reference.js <input.json> <output.json>`: the input is a run's RunInput.
 */
import fs from 'node:fs';
import { loadLpSolver } from '../../lambda/engine/allocation/solver';
import { monteCarloInProcess } from '../../lambda/engine/uncertainty/attach';
import { deterministicResult, type RunInput } from '../../lambda/jobs/runJob';

export async function referenceResult(input: RunInput): Promise<string> {
  await loadLpSolver();
  const { scenario, result } = deterministicResult(input);
  const { iterations, seed } = input.request;
  return JSON.stringify(iterations > 0 ? monteCarloInProcess(result, scenario, iterations, seed, 1000) : result);
}

if (require.main === module) {
  const [inputFile, outputFile] = process.argv.slice(2) as [string, string];
  referenceResult(JSON.parse(fs.readFileSync(inputFile, 'utf8')) as RunInput).then(
    (out) => fs.writeFileSync(outputFile, out),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    },
  );
}
