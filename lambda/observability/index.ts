/**
 * Logs and metrics for everything that runs in Lambda or the local server: the API's handlers
 * and the run jobs use the same logger, so one run's lines can be followed across both.
 *
 * Per-request keys (request id, route) live in an AsyncLocalStorage, not on the logger: the
 * logger is one per process and the local server serves many requests at once, so keys
 * appended to it were shared by whichever requests were in flight (an error logged with another
 * request's id). `withLogContext` scopes keys to one request's async work; `log` adds them to
 * every line.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
export const logger = new Logger({
  serviceName: 'sharesim',
  logLevel: (process.env.SHARESIM_LOG_LEVEL as LogLevel | undefined) ?? 'INFO',
});

export type LogKeys = Readonly<Record<string, string | number | boolean | undefined>>;

const logContext = new AsyncLocalStorage<LogKeys>();

/** Run `fn` with these keys on every line it logs (nested contexts add to the outer one's keys). */
export function withLogContext<T>(keys: LogKeys, fn: () => T): T {
  return logContext.run({ ...logContext.getStore(), ...keys }, fn);
}

/** The keys of the current context (tests). */
export function currentLogKeys(): LogKeys {
  return logContext.getStore() ?? {};
}

const withKeys = (extra: Record<string, unknown>) => ({ ...logContext.getStore(), ...extra });

/** The logger with the current context's keys on each line. */
export const log = {
  debug: (message: string, extra: Record<string, unknown> = {}) => logger.debug(message, withKeys(extra)),
  info: (message: string, extra: Record<string, unknown> = {}) => logger.info(message, withKeys(extra)),
  warn: (message: string, extra: Record<string, unknown> = {}) => logger.warn(message, withKeys(extra)),
  error: (message: string, extra: Record<string, unknown> = {}) => logger.error(message, withKeys(extra)),
};

/** Powertools metrics (CloudWatch EMF), published only inside Lambda: the local server stays quiet. */
export const metrics = new Metrics({ namespace: 'sharesim', serviceName: 'sharesim' });
const inLambda = () => process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined;
let coldStart = true;

/** One request's count and latency, by route and status class. */
export function recordRequestMetrics(route: string, status: number, ms: number): void {
  if (!inLambda()) return;
  if (coldStart) {
    metrics.captureColdStartMetric();
    coldStart = false;
  }
  metrics.addDimensions({ route, statusClass: `${Math.floor(status / 100)}xx` });
  metrics.addMetric('requests', MetricUnit.Count, 1);
  metrics.addMetric('latency', MetricUnit.Milliseconds, ms);
  metrics.publishStoredMetrics();
}
