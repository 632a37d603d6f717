/**
 * What store-backed handlers depend on, built once per process from the environment (Lambda)
 * or set by the local server and tests. Handlers see only the ports.
 */
import { StepFunctionsExecutor, InlineExecutor, type RunExecutor } from '../jobs/executor';
import { documentClient, tableName } from '../store/clients';
import { DynamoStore, type Store } from '../store/store';
import { inProcess, type Offload } from '../jobs/offload';
import { S3Transfers, type Transfers } from '../store/transfers';

export interface Deps {
  readonly store: Store;
  readonly executor: RunExecutor;
  readonly now: () => Date;
  /** Where heavy work runs (default: this thread; the local server gives its worker pool). */
  readonly offload?: Offload;
  /** Large bodies by signed URL (deployed: S3; locally: the data directory). */
  readonly transfers?: Transfers;
  /** The process's health beyond liveness (the local server: its store and pool). */
  readonly health?: () => HealthReport;
}

export interface HealthReport {
  readonly status: 'ok' | 'degraded';
  readonly checks: Readonly<Record<string, unknown>>;
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
      ...(envTransfers() ? { transfers: envTransfers()! } : {}),
    };
  }
  return deps;
}

let s3Transfers: Transfers | undefined;
function envTransfers(): Transfers | undefined {
  const bucket = process.env.SHARESIM_TRANSFER_BUCKET;
  if (!bucket) return undefined;
  s3Transfers ??= new S3Transfers(bucket);
  return s3Transfers;
}

/** Where large bodies go, without building deps (the simulate Lambda has no table); none when not configured. */
export function currentTransfers(): Transfers | undefined {
  return deps ? deps.transfers : envTransfers();
}

/** The process's health as the deps report it, without building any (the health Lambda has no table). */
export function healthReport(): HealthReport | undefined {
  return deps?.health?.();
}

/** Where heavy work runs, without building deps (the simulate Lambda has no table): this thread unless set. */
export function currentOffload(): Offload {
  return deps?.offload ?? inProcess;
}
