import type { Producer } from 'kafkajs';
import { createLogger, createMetrics, startOpsServer, type Logger, type OpsServer } from '@lockstep/observability';
import { BatchConsumer, PartitionCatchUp, createKafka, createProducer, ensureTopics, topicSpecsFor, sendEncoded, type EncodedRecord, type Validation } from '@lockstep/kafka';
import { featurizerConfigSchema, type FeaturizerConfig } from './config';
import { InlineEngine, WorkerEngine, type FeaturizeEngine } from './engine';
import type { PackedOutputs } from './core';
import { unpack } from './packing';
import { rebuildFromLog, replayRanges } from './rebuild';

export { featurizerConfigSchema, type FeaturizerConfig } from './config';
export { Featurizer, type FeaturizeStats, type PendingOutput } from './featurize';
export { FeaturizerCore, type ChunkResult } from './core';
export { InlineEngine, WorkerEngine, type FeaturizeEngine } from './engine';
export { rebuildFromLog, replayRanges, type RebuildResult } from './rebuild';
/** The schema the CLI validates `lockstep serve featurizer` config against. */
export const configSchema = featurizerConfigSchema;

export interface FeaturizerHandle {
  /** Port of the ops server actually bound. */
  opsPort: number;
  isReady(): boolean;
  stop(): Promise<void>;
}

interface Running extends FeaturizerHandle {
  logger: Logger;
}

let current: Running | undefined;

/**
 * api.usage.v1 -> FeatureStore -> account.features.v1 (key account_id). Offsets are committed
 * only after the chunk's feature vectors are acknowledged by Kafka; malformed events go to the DLQ.
 */
export async function start(config: FeaturizerConfig, opts: { logger?: Logger } = {}): Promise<FeaturizerHandle> {
  if (current) throw new Error('featurizer already started in this process');
  const logger = opts.logger ?? createLogger('featurizer', { level: config.logLevel });
  const metrics = createMetrics('featurizer');
  const topics = config.kafka.topics;
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-featurizer`, logger });

  if (config.ensureTopics) {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const res = await ensureTopics(admin, topicSpecsFor(['usage', 'usageDlq', 'features'], topics, { partitions: config.partitions }));
      logger.info(res, 'topics ensured');
    } finally {
      await admin.disconnect();
    }
  }

  const coreOptions = {
    store: { maxAccounts: config.maxAccounts, idleTtlMs: config.idleTtlMs, minEmitIntervalMs: config.minEmitIntervalMs, eagerEvents: config.eagerEvents },
    dedupCapacity: config.dedupCapacity,
  };
  const useWorker = config.workerThread && WorkerEngine.available();
  if (config.workerThread && !useWorker) logger.warn('featurizer worker script not found (running from sources?); featurizing on the main thread');
  const engine: FeaturizeEngine = useWorker
    ? new WorkerEngine(coreOptions, {
        youngGenerationMb: config.workerYoungGenerationMb,
        onError: (err) => logger.error({ err: err.message }, 'featurizer worker failed; no longer live'),
      })
    : new InlineEngine(coreOptions);
  const emitted = metrics.counter({ name: 'features_emitted_total', help: 'AccountFeatures produced to account.features.v1' });
  const duplicates = metrics.counter({ name: 'events_duplicate_total', help: 'Redelivered events dropped by event_id' });
  const ingested = metrics.counter({ name: 'events_processed_total', help: 'Valid events folded into feature state (duplicates excluded)' });
  const stateSize = metrics.gauge({ name: 'feature_state_accounts', help: 'Accounts held in feature state' });
  const evictions = metrics.counter({ name: 'feature_state_evictions_total', help: 'Accounts evicted from feature state (capacity: LRU bound; idle: idle TTL)', labelNames: ['reason'] });
  // Both series exist from the start, so rate() and the alert see a 0, not an absent series.
  evictions.inc({ reason: 'capacity' }, 0);
  evictions.inc({ reason: 'idle' }, 0);
  const evicted = { capacity: 0, idle: 0 };
  const countEvictions = (st: { evictedCapacity: number; evictedIdle: number }) => {
    if (st.evictedCapacity > evicted.capacity) evictions.inc({ reason: 'capacity' }, st.evictedCapacity - evicted.capacity);
    if (st.evictedIdle > evicted.idle) evictions.inc({ reason: 'idle' }, st.evictedIdle - evicted.idle);
    evicted.capacity = Math.max(evicted.capacity, st.evictedCapacity);
    evicted.idle = Math.max(evicted.idle, st.evictedIdle);
  };

  const caughtUp = metrics.counter({ name: 'feature_state_catchup_events_total', help: 'Events replayed to catch up partitions assigned on a rebalance' });
  const restore = (values: (Buffer | null)[]) => engine.restoreChunk(values);
  let catchUp: PartitionCatchUp | undefined;
  if (config.rebuildState) {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const res = await rebuildFromLog({ kafka, admin, topic: topics.usage, groupId: config.groupId, ingest: restore, logger });
      catchUp = new PartitionCatchUp(res.covered, async (partition, from, until, onTick) => {
        const n = await replayRanges({ kafka, topic: topics.usage, groupId: config.groupId, ranges: new Map([[partition, { from, until }]]), ingest: restore, onTick });
        logger.info({ partition, from: from.toString(), until: until.toString(), events: n }, 'partition state caught up after a rebalance');
        caughtUp.inc(n);
        return n;
      });
    } catch (err) {
      await engine.close();
      throw err;
    } finally {
      await admin.disconnect();
    }
  }

  const producer: Producer = createProducer(kafka);
  try {
    await producer.connect();
  } catch (err) {
    await engine.close();
    throw err;
  }

  // The vectors a chunk left pending, by partition: set when the chunk is judged, sent by handle.
  const outputs = new Map<number, PackedOutputs>();
  const consumer = new BatchConsumer<null>({
    kafka,
    groupId: config.groupId,
    topics: [topics.usage],
    dlqTopic: topics.usageDlq,
    producer,
    // Validation, dedup and feature state all happen in the engine, in one round trip per chunk;
    // what it rejects is dead-lettered by the consumer, and handle only produces and acknowledges.
    validateBatch: async (messages, ctx) => {
      await catchUp?.before(ctx.partition, messages[0]?.offset, ctx.heartbeat);
      const r = await engine.processChunk(ctx.partition, messages.map((m) => m.value));
      ingested.inc(r.ingested);
      if (r.duplicates) duplicates.inc(r.duplicates);
      stateSize.set(r.store.tracked);
      countEvictions(r.store);
      outputs.set(ctx.partition, r.outputs);
      const verdicts: Validation<null>[] = new Array(messages.length);
      verdicts.fill(OK);
      for (const [i, code, message, field] of r.rejections) verdicts[i] = field === undefined ? { ok: false, code, message } : { ok: false, code, field, message };
      return verdicts;
    },
    metrics,
    logger,
    maxChunk: config.maxChunk,
    maxBytesPerPartition: config.maxBytesPerPartition,
    maxBytes: config.maxBytes,
    // Overlaps one partition's produce/commit round trips with another's CPU work.
    partitionsConsumedConcurrently: config.partitionsConcurrently,
    sessionTimeout: config.sessionTimeoutMs,
    heartbeatInterval: Math.min(3000, Math.floor(config.sessionTimeoutMs / 3)),
    handle: async (_records, ctx) => {
      const out = outputs.get(ctx.partition);
      if (out && out.keys.length > 0) {
        await sendEncoded(producer, topics.features, encodedRecords(out));
        engine.acknowledge(ctx.partition, out.keys, out.seqs);
        emitted.inc(out.keys.length);
      }
      outputs.delete(ctx.partition);
      catchUp?.after(ctx.partition, ctx.nextOffset);
    },
  });
  try {
    await consumer.start();
  } catch (err) {
    await engine.close();
    throw err;
  }

  let ops: OpsServer;
  try {
    ops = await startOpsServer({ port: config.port, host: config.host, registry: metrics.registry, isReady: () => consumer.isReady() && engine.isAlive(), isLive: () => consumer.isLive() && engine.isAlive() });
  } catch (err) {
    await consumer.stop();
    await producer.disconnect();
    await engine.close();
    throw err;
  }
  logger.info({ opsPort: ops.port, topic: topics.usage, groupId: config.groupId }, 'featurizer started');

  let stopping: Promise<void> | undefined;
  const handle: Running = {
    logger,
    opsPort: ops.port,
    isReady: () => consumer.isReady() && engine.isAlive(),
    stop: () =>
      (stopping ??= (async () => {
        logger.info('featurizer stopping');
        // Consumer first: it finishes and commits the chunk in hand, which still needs the producer.
        await consumer.stop();
        await producer.disconnect().catch(() => undefined);
        await engine.close();
        await ops.close();
        current = undefined;
        logger.info('featurizer stopped');
      })()),
  };
  current = handle;
  return handle;
}

const OK: Validation<null> = { ok: true, value: null };

function encodedRecords(out: PackedOutputs): EncodedRecord[] {
  const values = unpack(out.values);
  return out.keys.map((key, i) => ({ key, value: values[i]!, timestamp: out.timestamps[i]! }));
}

/** Stops the featurizer started by start() in this process (graceful; idempotent). */
export async function stop(): Promise<void> {
  await current?.stop();
}
