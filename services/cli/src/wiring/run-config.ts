import { z } from 'zod';
import { kafkaConfigSchema, logLevelSchema, opsConfigSchema } from '@lockstep/config';
import { pipelineConfigSchema } from './pipeline-config';

/**
 * `lockstep run` settings: the served PolicyService (port, tokens, ops), the Kafka source, and
 * the in-process pipeline (features / detector / policy, shared with replay).
 */
export const runConfigSchema = pipelineConfigSchema.extend({
  /** gRPC port of the PolicyService. */
  port: z.number().int().min(0).max(65535).default(50051),
  host: z.string().min(1).default('0.0.0.0'),
  kafka: kafkaConfigSchema,
  ops: opsConfigSchema,
  logLevel: logLevelSchema,
  groupId: z.string().min(1).default('lockstep-run'),
  /** Bearer token for SetOverride / ClearOverride (env LOCKSTEP_ADMIN_TOKEN). */
  adminToken: z.string().min(8).optional(),
  /** Bearer token of ReportDecisions; the embedded pipeline uses a random one when unset. */
  reportToken: z.string().min(8).optional(),
  /** Longest wait before buffered decisions are handed to the PolicyService. */
  flushEveryMs: z.number().int().positive().default(200),
  /**
   * Where the served PolicyService keeps enforcement state: `kafka` (durable, rebuilt at start) or
   * `memory` (no broker, a restart starts empty). Unset: `memory` with `--input`, `kafka` otherwise.
   */
  stateStore: z.enum(['kafka', 'memory']).optional(),
});

export type RunConfig = z.infer<typeof runConfigSchema>;
