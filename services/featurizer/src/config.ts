import { z } from 'zod';
import { kafkaConfigSchema, logLevelSchema } from '@lockstep/config';

/** `lockstep serve featurizer` settings (flags > LOCKSTEP_* env > --config file > these defaults). */
export const featurizerConfigSchema = z.object({
  kafka: kafkaConfigSchema,
  /** Port of the ops HTTP server (/metrics, /healthz, /readyz); 0 picks a free one. */
  port: z.number().int().min(0).max(65535).default(9101),
  host: z.string().min(1).default('127.0.0.1'),
  logLevel: logLevelSchema,
  groupId: z.string().min(1).default('lockstep-featurizer'),
  /** Create/repair the topics at start (explicit partitions, retention, cleanup policy). */
  ensureTopics: z.boolean().default(true),
  partitions: z.number().int().min(1).default(6),
  /** On start, re-read the usage log up to the committed offsets to rebuild feature state (see rebuild.ts). */
  rebuildState: z.boolean().default(true),
  /** Recent event_ids remembered to drop at-least-once redeliveries. */
  dedupCapacity: z.number().int().min(0).default(200_000),
  maxAccounts: z.number().int().min(1).optional(),
  idleTtlMs: z.number().int().min(1).optional(),
  minEmitIntervalMs: z.number().int().min(0).optional(),
  eagerEvents: z.number().int().min(0).optional(),
  /**
   * Partitions processed concurrently by this member (each still strictly in order): while the
   * worker folds one partition's chunk in, the main thread produces and commits others'.
   */
  partitionsConcurrently: z.number().int().min(1).default(6),
  /**
   * Largest chunk handed to the feature store between commits. Large chunks coalesce more
   * emissions (one vector per account per chunk) and commit less often; a crash redelivers at
   * most one chunk per partition, which the dedup window absorbs.
   */
  maxChunk: z.number().int().min(1).default(20_000),
  /**
   * Bytes fetched per partition at once (bounds the chunk; 16 MiB ~ 35,000 events). Under a backlog,
   * large fetches make large chunks, which coalesce the eager emissions of new accounts (one vector
   * per account per chunk instead of one per event); caught up, chunks are as small as the traffic.
   */
  maxBytesPerPartition: z.number().int().min(65536).default(16 * 1024 * 1024),
  /** Bytes per fetch over all partitions (kafkajs' default is 10 MiB). */
  maxBytes: z.number().int().min(65536).default(64 * 1024 * 1024),
  /**
   * Validate, dedupe, fold into feature state and serialize vectors in a worker thread, so the
   * kafkajs thread only fetches, produces and commits (false: all on the main thread).
   */
  workerThread: z.boolean().default(true),
  /** V8 young-generation size of the worker thread in MiB (fewer scavenges of per-event garbage); 0 keeps V8's default. */
  workerYoungGenerationMb: z.number().int().min(0).default(64),
  /** Consumer-group session timeout: how long a crashed member keeps its partitions before a rebalance. */
  sessionTimeoutMs: z.number().int().min(6000).max(300000).default(30000),
});

export type FeaturizerConfig = z.infer<typeof featurizerConfigSchema>;
