import type { Producer } from 'kafkajs';
import { FeatureStore } from '@lockstep/features';
import { createLogger, createMetrics, startOpsServer, type Logger, type OpsServer } from '@lockstep/observability';
import { BatchConsumer, PartitionCatchUp, createKafka, createProducer, ensureTopics, topicSpecsFor, sendJson, usageEventValidation } from '@lockstep/kafka';
import type { UsageEvent } from '@lockstep/contracts';
import { featurizerConfigSchema, type FeaturizerConfig } from './config';
import { Featurizer } from './featurize';
import { rebuildFromLog, replayRanges } from './rebuild';

export { featurizerConfigSchema, type FeaturizerConfig } from './config';
export { Featurizer, type FeaturizeStats } from './featurize';
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

  const store = new FeatureStore({
    maxAccounts: config.maxAccounts,
    idleTtlMs: config.idleTtlMs,
    minEmitIntervalMs: config.minEmitIntervalMs,
    eagerEvents: config.eagerEvents,
  });
  const featurizer = new Featurizer(store, config.dedupCapacity);
  const emitted = metrics.counter({ name: 'features_emitted_total', help: 'AccountFeatures produced to account.features.v1' });
  const duplicates = metrics.counter({ name: 'events_duplicate_total', help: 'Redelivered events dropped by event_id' });
  const ingested = metrics.counter({ name: 'events_processed_total', help: 'Valid events folded into feature state (duplicates excluded)' });
  const stateSize = metrics.gauge({ name: 'feature_state_accounts', help: 'Accounts held in feature state' });
  const evictions = metrics.gauge({ name: 'feature_state_evictions', help: 'Accounts evicted from feature state since start', labelNames: ['reason'] });

  const caughtUp = metrics.counter({ name: 'feature_state_catchup_events_total', help: 'Events replayed to catch up partitions assigned on a rebalance' });
  let catchUp: PartitionCatchUp | undefined;
  if (config.rebuildState) {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const res = await rebuildFromLog({ kafka, admin, topic: topics.usage, groupId: config.groupId, ingest: (events) => featurizer.restore(events), logger });
      catchUp = new PartitionCatchUp(res.covered, async (partition, from, until, onTick) => {
        const n = await replayRanges({ kafka, topic: topics.usage, groupId: config.groupId, ranges: new Map([[partition, { from, until }]]), ingest: (events) => featurizer.restore(events), onTick });
        logger.info({ partition, from: from.toString(), until: until.toString(), events: n }, 'partition state caught up after a rebalance');
        caughtUp.inc(n);
        return n;
      });
    } finally {
      await admin.disconnect();
    }
  }

  const producer: Producer = createProducer(kafka);
  await producer.connect();

  const consumer = new BatchConsumer<UsageEvent>({
    kafka,
    groupId: config.groupId,
    topics: [topics.usage],
    dlqTopic: topics.usageDlq,
    producer,
    validate: usageEventValidation(),
    metrics,
    logger,
    maxChunk: config.maxChunk,
    maxBytesPerPartition: config.maxBytesPerPartition,
    // Overlaps one partition's produce/commit round trips with another's CPU work.
    partitionsConsumedConcurrently: config.partitionsConcurrently,
    sessionTimeout: config.sessionTimeoutMs,
    heartbeatInterval: Math.min(3000, Math.floor(config.sessionTimeoutMs / 3)),
    handle: async (records, ctx) => {
      await catchUp?.before(ctx.partition, ctx.firstOffset, ctx.heartbeat);
      const s = featurizer.ingest(records.map((r) => r.value), ctx.partition);
      ingested.inc(s.ingested);
      if (s.duplicates) duplicates.inc(s.duplicates);
      const out = featurizer.pendingOutputs(ctx.partition);
      if (out.length > 0) {
        await sendJson(producer, topics.features, out.map((f) => ({ key: f.account_id, value: f, timestamp: f.event_ts })));
        featurizer.acknowledge(out, ctx.partition);
        emitted.inc(out.length);
      }
      catchUp?.after(ctx.partition, ctx.nextOffset);
      const st = store.stats();
      stateSize.set(st.tracked);
      evictions.set({ reason: 'capacity' }, st.evictedCapacity);
      evictions.set({ reason: 'idle' }, st.evictedIdle);
    },
  });
  await consumer.start();

  let ops: OpsServer;
  try {
    ops = await startOpsServer({ port: config.port, host: config.host, registry: metrics.registry, isReady: () => consumer.isReady(), isLive: () => consumer.isLive() });
  } catch (err) {
    await consumer.stop();
    await producer.disconnect();
    throw err;
  }
  logger.info({ opsPort: ops.port, topic: topics.usage, groupId: config.groupId }, 'featurizer started');

  let stopping: Promise<void> | undefined;
  const handle: Running = {
    logger,
    opsPort: ops.port,
    isReady: () => consumer.isReady(),
    stop: () =>
      (stopping ??= (async () => {
        logger.info('featurizer stopping');
        // Consumer first: it finishes and commits the chunk in hand, which still needs the producer.
        await consumer.stop();
        await producer.disconnect().catch(() => undefined);
        await ops.close();
        current = undefined;
        logger.info('featurizer stopped');
      })()),
  };
  current = handle;
  return handle;
}

/** Stops the featurizer started by start() in this process (graceful; idempotent). */
export async function stop(): Promise<void> {
  await current?.stop();
}
