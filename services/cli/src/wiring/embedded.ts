import { randomBytes } from 'node:crypto';
import { EventValidator, type UsageEvent } from '@lockstep/contracts';
import { BatchConsumer, createKafka, createProducer, usageEventValidation } from '@lockstep/kafka';
import { createLogger, createMetrics, type Logger } from '@lockstep/observability';
import { createPipeline, readLines, type Pipeline } from '@lockstep/pipeline';
import { startPolicyService, type PolicyServiceHandle } from '@lockstep/policy-service';
import { createDecisionSink, type DecisionSink } from './decision-sink';
import type { RunConfig } from './run-config';

export interface SourceStats {
  lines: number;
  events: number;
  malformed: number;
}

export interface Embedded {
  /** The bound gRPC port of the PolicyService. */
  port: number;
  pipeline: Pipeline;
  sink: DecisionSink;
  stats: SourceStats;
  logger: Logger;
  /** True once stop() was called: feeding ends at the next line. */
  readonly stopping: boolean;
  /** Replays a file (or '-') into the pipeline; resolves when the input ends and its decisions are delivered. */
  feedFile(input: string, onProgress?: () => void): Promise<void>;
  /** Consumes the usage topic until stop(); offsets are committed after each chunk's decisions are delivered. */
  feedKafka(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The single-box deployment: the PolicyService (the policy owner's server code) serving on a
 * port, fed by the in-process FeatureStore -> Detector pipeline instead of two extra services.
 */
export async function startEmbedded(cfg: RunConfig, source: 'file' | 'kafka' = 'kafka'): Promise<Embedded> {
  const logger = createLogger('run', { level: cfg.logLevel });
  const reportToken = cfg.reportToken ?? randomBytes(24).toString('hex');
  // Fed from a file, the box needs no broker unless asked to persist enforcement state.
  const stateStore = cfg.stateStore ?? (source === 'file' ? 'memory' : 'kafka');
  const policy: PolicyServiceHandle = await startPolicyService(
    { port: cfg.port, host: cfg.host, kafka: cfg.kafka, ops: cfg.ops, logLevel: cfg.logLevel, adminToken: cfg.adminToken, reportToken, policy: cfg.policy, stateStore },
    { logger },
  );
  const sink = createDecisionSink({
    address: `127.0.0.1:${policy.port}`,
    reportToken,
    flushEveryMs: cfg.flushEveryMs,
    onError: (err) => logger.warn({ err: err.message, pending: sink.pending }, 'decision delivery failed; will retry'),
  });
  const pipeline = createPipeline({ features: cfg.features, detector: cfg.detector, policy: cfg.policy, onDecision: (d) => sink.push(d) });
  const stats: SourceStats = { lines: 0, events: 0, malformed: 0 };
  let consumer: BatchConsumer<UsageEvent> | undefined;
  let stopped: Promise<void> | undefined;
  let stopping = false;

  const process1 = (e: UsageEvent) => {
    stats.events++;
    pipeline.process(e);
  };

  return {
    port: policy.port,
    pipeline,
    sink,
    stats,
    logger,
    get stopping() {
      return stopping;
    },
    async feedFile(input, onProgress) {
      const validator = new EventValidator();
      for await (const line of readLines(input)) {
        // A signal mid-file: stop() drains what was decided so far; the rest is not read.
        if (stopping) return;
        if (line.length === 0) continue;
        stats.lines++;
        const r = validator.validateRaw(line);
        if (r.ok) process1(r.event);
        else stats.malformed++;
        // Let the server answer calls and the sink deliver while a large file streams through.
        if (stats.lines % 5000 === 0) {
          if (sink.pending >= 20_000) await sink.flush();
          await new Promise((resolve) => setImmediate(resolve));
          onProgress?.();
        }
      }
      if (!stopping) await sink.flush();
    },
    async feedKafka() {
      const kafka = createKafka({ brokers: cfg.kafka.brokers, clientId: `${cfg.kafka.clientId}-run`, logger });
      const producer = createProducer(kafka);
      await producer.connect();
      consumer = new BatchConsumer<UsageEvent>({
        kafka,
        groupId: cfg.groupId,
        topics: [cfg.kafka.topics.usage],
        dlqTopic: cfg.kafka.topics.usageDlq,
        producer,
        validate: usageEventValidation(),
        metrics: createMetrics('run'),
        logger,
        handle: async (records) => {
          for (const r of records) process1(r.value);
          await sink.flush();
        },
      });
      await consumer.start();
    },
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        await consumer?.stop();
        await sink.close().catch((err: Error) => logger.error({ err: err.message, lost: sink.pending }, 'undelivered decisions at shutdown'));
        await policy.stop();
      })()),
  };
}
