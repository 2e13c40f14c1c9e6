import type { Producer } from 'kafkajs';
import type { AccountFeatures } from '@lockstep/features';
import { ClusterWorker, Detector, type ClusterJob, type ClusterResult, type DetectorDecision } from '@lockstep/detection';
import { createPolicyClient, type PolicyClient } from '@lockstep/grpc';
import { createLogger, createMetrics, startOpsServer, type Logger, type OpsServer } from '@lockstep/observability';
import { BatchConsumer, PartitionCatchUp, createKafka, createProducer, ensureTopics, jsonValidation, replayPartitions, sendJson, topicSpecsFor, type Validation } from '@lockstep/kafka';
import { detectorConfigSchema, type DetectorConfig } from './config';
import { Outbox, toProtoDecision } from './decisions';

export { detectorConfigSchema, type DetectorConfig } from './config';
export { Outbox, toProtoDecision } from './decisions';
/** The schema the CLI validates `lockstep serve detector` config against. */
export const configSchema = detectorConfigSchema;

export interface DetectorHandle {
  opsPort: number;
  isReady(): boolean;
  stop(): Promise<void>;
}

let current: DetectorHandle | undefined;

const REPORT_CHUNK = 1000;

/** A light shape check of account.features.v1 values (the featurizer is trusted; this guards against junk). */
export function validateAccountFeatures(o: Record<string, unknown>): Validation<AccountFeatures> {
  if (o.schema !== 'account.features.v1') return { ok: false, code: 'wrong_type', field: 'schema', message: "field 'schema' must be 'account.features.v1'" };
  if (typeof o.account_id !== 'string' || !o.account_id) return { ok: false, code: 'missing_field', field: 'account_id', message: "field 'account_id' is required" };
  if (typeof o.event_ts !== 'number') return { ok: false, code: 'wrong_type', field: 'event_ts', message: "field 'event_ts' must be a number" };
  if (!o.features || typeof o.features !== 'object') return { ok: false, code: 'wrong_type', field: 'features', message: "field 'features' must be an object" };
  if (!Array.isArray(o.tokens)) return { ok: false, code: 'wrong_type', field: 'tokens', message: "field 'tokens' must be an array" };
  return { ok: true, value: o as unknown as AccountFeatures };
}

/**
 * account.features.v1 -> Detector -> decisions, each reported to the PolicyService
 * (ReportDecisions, idempotent by decision_id) and appended to lockstep.decisions.v1.
 * Offsets are committed only after the chunk's decisions were delivered. Clustering runs on
 * an event-time cadence in a worker thread; its decisions are delivered with the next chunk
 * or by a timer when the topic is quiet.
 */
export async function start(config: DetectorConfig, opts: { logger?: Logger } = {}): Promise<DetectorHandle> {
  if (current) throw new Error('detector already started in this process');
  const logger = opts.logger ?? createLogger('detector', { level: config.logLevel });
  const metrics = createMetrics('detector');
  const topics = config.kafka.topics;
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-detector`, logger });

  if (config.ensureTopics) {
    const admin = kafka.admin();
    await admin.connect();
    try {
      logger.info(await ensureTopics(admin, topicSpecsFor(['features', 'decisions'], topics, { partitions: config.partitions })), 'topics ensured');
    } finally {
      await admin.disconnect();
    }
  }

  const detector = new Detector({
    reclusterEveryMs: config.reclusterEveryMs,
    refitEveryMs: config.refitEveryMs,
    activeWindowMs: config.activeWindowMs,
    renewEveryMs: config.renewEveryMs,
    maxAccounts: config.maxAccounts,
  });
  // Clustering off the event loop (the detection lib's worker); inline only when asked.
  const worker = config.clusterInWorker ? new ClusterWorker() : null;
  const runCluster = (job: ClusterJob): Promise<ClusterResult> => (worker ? worker.run(job.request) : Promise.resolve().then(() => detector.runJob(job)));
  const outbox = new Outbox();
  const policy: PolicyClient = createPolicyClient(config.policyServer, { token: config.reportToken, deadlineMs: config.reportDeadlineMs });
  const producer: Producer = createProducer(kafka);
  await producer.connect();

  const decisionsTotal = metrics.counter({ name: 'decisions_total', help: 'Decisions delivered, by action', labelNames: ['action'] });
  const reportSeconds = metrics.histogram({ name: 'detector_report_seconds', help: 'ReportDecisions gRPC latency', labelNames: ['outcome'], buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5] });
  const clusterSeconds = metrics.histogram({ name: 'clustering_duration_seconds', help: 'Duration of one clustering run', buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30] });
  const clusterAccounts = metrics.gauge({ name: 'clustering_accounts', help: 'Accounts in the last clustering run' });
  const tracked = metrics.gauge({ name: 'detector_accounts', help: 'Accounts the detector remembers' });
  const campaigns = metrics.gauge({ name: 'detector_campaigns', help: 'Campaigns found by the last clustering run' });
  const outboxSize = metrics.gauge({ name: 'detector_outbox_decisions', help: 'Decisions waiting for delivery' });

  let lastDeliveryOk = true;
  async function deliver(ds: DetectorDecision[]): Promise<void> {
    for (let i = 0; i < ds.length; i += REPORT_CHUNK) {
      const chunk = ds.slice(i, i + REPORT_CHUNK);
      const end = reportSeconds.startTimer();
      try {
        await policy.reportDecisions(chunk.map(toProtoDecision));
        end({ outcome: 'ok' });
      } catch (err) {
        end({ outcome: 'error' });
        lastDeliveryOk = false;
        throw new Error(`ReportDecisions to ${config.policyServer} failed: ${(err as Error).message}`);
      }
    }
    await sendJson(producer, topics.decisions, ds.map((d) => ({ key: d.account_id, value: d, timestamp: d.event_ts })));
    lastDeliveryOk = true;
    for (const d of ds) decisionsTotal.inc({ action: d.action });
  }

  let latestTs = -Infinity;
  let inFlight: Promise<void> | null = null;
  function maybeCluster(): void {
    if (inFlight || !detector.due(latestTs)) return;
    const job: ClusterJob = detector.prepare(latestTs);
    const end = clusterSeconds.startTimer();
    inFlight = runCluster(job)
      .then((result) => {
        end();
        const ds = detector.apply(job, result, Math.max(latestTs, job.eventTs));
        outbox.push(ds);
        const st = detector.stats();
        clusterAccounts.set(st.lastRunAccounts);
        campaigns.set(st.campaigns);
        logger.info({ accounts: job.ids.length, campaigns: st.campaigns, decisions: ds.length, eventTs: job.eventTs }, 'clustering run applied');
      })
      .catch((err: Error) => logger.error({ err: err.message }, 'clustering run failed'))
      .finally(() => {
        inFlight = null;
      });
  }

  // State comes from account.features.v1 (compacted: the latest vector of every account). When
  // this member gets the partition at an offset beyond what its state holds (a restart, a
  // standby taking over, the partition coming back), the gap is replayed first; the clustering
  // run that follows re-derives every verdict, so decisions lost in a crash between applying a
  // run and delivering it are sent again (the policy service dedups by decision_id and an equal
  // action changes nothing).
  const validateFeatures = jsonValidation(validateAccountFeatures);
  const rebuiltTotal = metrics.counter({ name: 'detector_rebuilt_features_total', help: 'Feature vectors replayed from account.features.v1 to rebuild detector state' });
  const catchUp = new PartitionCatchUp(new Map(), async (partition, from, until, onTick) => {
    const started = Date.now();
    const n = await replayPartitions({
      kafka,
      topic: topics.features,
      groupId: config.groupId,
      ranges: new Map([[partition, { from, until }]]),
      onTick,
      onMessages: (_p, messages) => {
        for (const m of messages) {
          const v = validateFeatures(m.value, m);
          if (!v.ok) continue;
          outbox.push(detector.observe(v.value));
          if (v.value.event_ts > latestTs) latestTs = v.value.event_ts;
        }
      },
    });
    rebuiltTotal.inc(n);
    logger.info({ partition, from: from.toString(), until: until.toString(), vectors: n, ms: Date.now() - started }, 'detector state rebuilt from account.features.v1');
    return n;
  });

  const consumer = new BatchConsumer<AccountFeatures>({
    kafka,
    groupId: config.groupId,
    topics: [topics.features],
    validate: validateFeatures,
    metrics,
    logger,
    maxChunk: config.maxChunk,
    sessionTimeout: config.sessionTimeoutMs,
    heartbeatInterval: Math.min(3000, Math.floor(config.sessionTimeoutMs / 3)),
    handle: async (records, ctx) => {
      await catchUp.before(ctx.partition, ctx.firstOffset, ctx.heartbeat);
      for (const r of records) {
        outbox.push(detector.observe(r.value));
        if (r.value.event_ts > latestTs) latestTs = r.value.event_ts;
      }
      maybeCluster();
      await outbox.flush(deliver);
      catchUp.after(ctx.partition, ctx.nextOffset);
      outboxSize.set(outbox.size);
      tracked.set(detector.stats().accounts);
    },
  });

  await consumer.start();
  const timer = setInterval(() => {
    outbox
      .flush(deliver)
      .then(() => outboxSize.set(outbox.size))
      .catch((err: Error) => logger.warn({ err: err.message, pending: outbox.size }, 'decision delivery failed; will retry'));
  }, config.flushEveryMs);
  timer.unref();

  let ops: OpsServer;
  try {
    ops = await startOpsServer({
      port: config.port,
      host: config.host,
      registry: metrics.registry,
      isReady: () => consumer.isReady() && lastDeliveryOk,
      isLive: () => consumer.isLive(),
    });
  } catch (err) {
    clearInterval(timer);
    await consumer.stop();
    await producer.disconnect();
    policy.close();
    await worker?.close();
    throw err;
  }
  logger.info({ opsPort: ops.port, topic: topics.features, policyServer: config.policyServer, clusterInWorker: worker !== null }, 'detector started');

  let stopping: Promise<void> | undefined;
  const handle: DetectorHandle = {
    opsPort: ops.port,
    isReady: () => consumer.isReady(),
    stop: () =>
      (stopping ??= (async () => {
        logger.info('detector stopping');
        await consumer.stop();
        clearInterval(timer);
        if (inFlight) await inFlight;
        await outbox.flush(deliver).catch((err: Error) => logger.error({ err: err.message, lost: outbox.size }, 'undelivered decisions at shutdown'));
        await producer.disconnect().catch(() => undefined);
        policy.close();
        await worker?.close();
        await ops.close();
        current = undefined;
        logger.info('detector stopped');
      })()),
  };
  current = handle;
  return handle;
}

/** Stops the detector started by start() in this process (graceful; idempotent). */
export async function stop(): Promise<void> {
  await current?.stop();
}
