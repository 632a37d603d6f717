/**
 * What store-backed handlers depend on, built once per process from the environment (Lambda)
 * or set by the local server and tests. Handlers see only the ports.
 */
import { StepFunctionsExecutor, InlineExecutor, type RunExecutor } from '../jobs/executor';
import { documentClient, tableName } from '../store/clients';
import { DynamoStore, type Store } from '../store/store';

export interface Deps {
  readonly store: Store;
  readonly executor: RunExecutor;
  readonly now: () => Date;
}

let deps: Deps | undefined;

export function setDeps(d: Deps | undefined): void {
  deps = d;
}

export function getDeps(): Deps {
  if (!deps) {
    const store = new DynamoStore(documentClient(), tableName());
    const arn = process.env.SHARESIM_STATE_MACHINE_ARN;
    deps = {
      store,
      executor: arn ? new StepFunctionsExecutor(store, arn) : new InlineExecutor(store),
      now: () => new Date(),
    };
  }
  return deps;
}
