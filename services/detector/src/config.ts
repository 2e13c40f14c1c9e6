import { z } from 'zod';
import { kafkaConfigSchema, logLevelSchema } from '@lockstep/config';

/** `lockstep serve detector` settings (flags > LOCKSTEP_* env > --config file > these defaults). */
export const detectorConfigSchema = z.object({
  kafka: kafkaConfigSchema,
  /** Port of the ops HTTP server (/metrics, /healthz, /readyz); 0 picks a free one. */
  port: z.number().int().min(0).max(65535).default(9102),
  host: z.string().min(1).default('127.0.0.1'),
  logLevel: logLevelSchema,
  groupId: z.string().min(1).default('lockstep-detector'),
  /** PolicyService address that receives ReportDecisions. */
  policyServer: z.string().regex(/^[^\s,]+:\d{1,5}$/, "must be 'host:port'").default('127.0.0.1:50051'),
  /** Bearer token for ReportDecisions (the policy service's reportToken; env LOCKSTEP_REPORT_TOKEN). */
  reportToken: z.string().min(1).optional(),
  reportDeadlineMs: z.number().int().positive().default(5000),
  ensureTopics: z.boolean().default(true),
  partitions: z.number().int().min(1).default(6),
  /** Run clustering in a worker thread so the consumer is never blocked (off = inline, e.g. under jest). */
  clusterInWorker: z.boolean().default(true),
  /** Detector tuning (event-time cadences); unset = @lockstep/detection defaults. */
  reclusterEveryMs: z.number().int().positive().optional(),
  refitEveryMs: z.number().int().positive().optional(),
  activeWindowMs: z.number().int().positive().optional(),
  renewEveryMs: z.number().int().positive().optional(),
  maxAccounts: z.number().int().positive().optional(),
  /** Deliver decisions from a finished clustering run at least this often when no features arrive. */
  flushEveryMs: z.number().int().positive().default(1000),
  maxChunk: z.number().int().min(1).default(1000),
  /** Consumer-group session timeout: how long a crashed member keeps its partitions before a rebalance. */
  sessionTimeoutMs: z.number().int().min(6000).max(300000).default(30000),
});

export type DetectorConfig = z.infer<typeof detectorConfigSchema>;
