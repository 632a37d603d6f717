// The engine's LP methods need HiGHS loaded, as every edge of the application does before simulating.
import { loadLpSolver } from '../lambda/engine/allocation/solver';

beforeAll(async () => {
  await loadLpSolver();
});
