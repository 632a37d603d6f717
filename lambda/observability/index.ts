/**
 * Logs and metrics for everything that runs in Lambda or the local server: the API's handlers
 * and the run jobs use the same logger, so one run's lines can be followed across both.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
export const logger = new Logger({
  serviceName: 'sharesim',
  logLevel: (process.env.SHARESIM_LOG_LEVEL as LogLevel | undefined) ?? 'INFO',
});

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
