export { createLogger, REDACT_PATHS, type LoggerOptions } from './logger';
export { createMetrics, metricName, METRIC_PREFIX, type Metrics, type MetricOptions, type HistogramOptions } from './metrics';
export { startOpsServer, type OpsServer, type OpsServerOptions } from './ops-server';
export type { Logger } from 'pino';
