/**
 * The linear-programme solver behind the core-based allocations: HiGHS (University of
 * Edinburgh) compiled to WebAssembly, from the npm registry's `highs` package.
 *
 * HiGHS instantiates its WebAssembly asynchronously, once per process (about 0.1 s); after
 * that every solve is synchronous. The engine stays synchronous: whoever runs it awaits
 * `loadLpSolver()` first, at the edge (the API handlers that simulate, the run and chunk jobs,
 * the worker threads, the planner), and the engine reads the loaded solver with `lpSolver()`,
 * which throws `LpSolverNotLoadedError` when nobody did. Loading is idempotent: the second
 * call returns the first call's promise. Instantiating the WebAssembly module (HiGHS reads
 * `highs.wasm` from beside its loader) is the only I/O the engine ever does.
 */
import type { Highs } from 'highs';
// `require`, not `import`: a bundler resolves an `import` of highs to its ES module build, whose
// loader finds highs.wasm from import.meta.url, which a CommonJS bundle (every Lambda here)
// leaves undefined; the CommonJS build finds it from __dirname, where CDK copies it.
import highs = require('highs');

const loadHighs = highs.default;

let solver: Highs | undefined;
let loading: Promise<Highs> | undefined;

/** Asked for an LP method (nucleolus, least core, a core allocation) before `loadLpSolver()`. */
export class LpSolverNotLoadedError extends Error {
  constructor() {
    super(
      'the LP solver (HiGHS) is not loaded: await loadLpSolver() from lambda/engine before asking for a ' +
        'nucleolus, a least core or a core allocation',
    );
    this.name = 'LpSolverNotLoadedError';
  }
}

/** Load HiGHS once for this process (or worker thread); later calls share the first load. */
export function loadLpSolver(): Promise<Highs> {
  loading ??= loadHighs().then(
    (h) => {
      solver = h;
      return h;
    },
    (e: unknown) => {
      loading = undefined;
      throw e;
    },
  );
  return loading;
}

export function lpSolverLoaded(): boolean {
  return solver !== undefined;
}

/** The loaded solver; throws LpSolverNotLoadedError before `loadLpSolver()` has resolved. */
export function lpSolver(): Highs {
  if (!solver) throw new LpSolverNotLoadedError();
  return solver;
}

/** Forget the loaded solver (tests of the not-loaded error only). */
export function unloadLpSolverForTests(): void {
  solver = undefined;
  loading = undefined;
}
