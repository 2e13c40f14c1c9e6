import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { Metrics } from '@lockstep/observability';
import { processChunk, type BatchContext, type BatchHandler, type ChunkOutcome } from './batch-processor';

/** How often a chunk in progress heartbeats (kafkajs sends one only once heartbeatInterval has passed). */
const HEARTBEAT_TICK_MS = 1000;
import { createProducer } from './producer';
import type { BatchValidator, MessageValidator } from './validation';

export interface BatchConsumerOptions<T> {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  /** Judges each message (exactly one of validate / validateBatch). */
  validate?: MessageValidator<T>;
  /** Judges a whole chunk at once, e.g. in a worker thread. */
  validateBatch?: BatchValidator<T>;
  handle: BatchHandler<T>;
  /** Where rejected messages go. Without it they are counted, logged and skipped. */
  dlqTopic?: string;
  /** Producer for the DLQ; one is created (and owned) if not given. */
  producer?: Producer;
  metrics?: Metrics;
  logger?: Logger;
  /** Start a new group at the earliest offset (default true: no event is skipped). */
  fromBeginning?: boolean;
  /** Largest number of messages handed to the handler at once; a commit follows each chunk. */
  maxChunk?: number;
  partitionsConsumedConcurrently?: number;
  sessionTimeout?: number;
  heartbeatInterval?: number;
  rebalanceTimeout?: number;
  /** Longest a fetch waits for data; also bounds how long stop() waits for an idle fetch. */
  maxWaitTimeInMs?: number;
  maxBytesPerPartition?: number;
  /** Bytes per fetch response over all partitions (kafkajs default 10 MiB). */
  maxBytes?: number;
  /** Attempts at a chunk before isolating poison records (default 3). */
  handleAttempts?: number;
}

interface ConsumerMetrics {
  messages: ReturnType<Metrics['counter']>;
  rejected: ReturnType<Metrics['counter']>;
  handlerErrors: ReturnType<Metrics['counter']>;
  lag: ReturnType<Metrics['gauge']>;
  batchSeconds: ReturnType<Metrics['histogram']>;
  rebalances: ReturnType<Metrics['counter']>;
}

function consumerMetrics(m: Metrics): ConsumerMetrics {
  return {
    messages: m.counter({ name: 'consumer_messages_total', help: 'Messages consumed, by outcome (processed, rejected, failed)', labelNames: ['topic', 'outcome'] }),
    rejected: m.counter({ name: 'events_rejected_total', help: 'Messages rejected to the DLQ, by reason code', labelNames: ['topic', 'code'] }),
    handlerErrors: m.counter({ name: 'consumer_handler_errors_total', help: 'Failed attempts at processing a chunk (retried)', labelNames: ['topic'] }),
    lag: m.gauge({ name: 'consumer_lag', help: 'Messages between the committed offset and the high watermark', labelNames: ['group', 'topic', 'partition'] }),
    batchSeconds: m.histogram({
      name: 'consumer_batch_seconds',
      help: 'Time to validate, process and commit one chunk',
      labelNames: ['topic'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
    rebalances: m.counter({ name: 'consumer_rebalances_total', help: 'Group joins (initial and after rebalances)', labelNames: ['group'] }),
  };
}

/**
 * A consumer-group member that processes partitions in chunks, at least once: a chunk's
 * offset is committed only after its valid records were handled and its rejects were
 * durably dead-lettered. Malformed input never crashes or stalls it. stop() is graceful:
 * stop fetching, finish the chunk in hand, commit, leave the group, disconnect.
 */
export class BatchConsumer<T> {
  private readonly consumer: Consumer;
  private readonly producer?: Producer;
  private readonly ownsProducer: boolean;
  private readonly metrics?: ConsumerMetrics;
  private readonly log?: Logger;
  private joined = false;
  private running = false;
  private crashed = false;
  private stopping?: Promise<void>;
  private readonly lagLabels = new Set<string>();
  private readonly joinWaiters: (() => void)[] = [];

  constructor(private readonly opts: BatchConsumerOptions<T>) {
    if (!opts.validate === !opts.validateBatch) throw new Error('BatchConsumer needs exactly one of validate and validateBatch');
    this.log = opts.logger?.child({ component: 'batch-consumer', group: opts.groupId });
    this.consumer = opts.kafka.consumer({
      groupId: opts.groupId,
      sessionTimeout: opts.sessionTimeout ?? 30000,
      heartbeatInterval: opts.heartbeatInterval ?? 3000,
      rebalanceTimeout: opts.rebalanceTimeout ?? 30000,
      maxWaitTimeInMs: opts.maxWaitTimeInMs ?? 500,
      maxBytesPerPartition: opts.maxBytesPerPartition ?? 1048576,
      ...(opts.maxBytes !== undefined ? { maxBytes: opts.maxBytes } : {}),
      allowAutoTopicCreation: false,
      retry: { initialRetryTime: 300, retries: 10, restartOnFailure: async () => true },
    });
    if (opts.dlqTopic) {
      this.producer = opts.producer ?? createProducer(opts.kafka);
      this.ownsProducer = !opts.producer;
    } else {
      this.ownsProducer = false;
    }
    if (opts.metrics) this.metrics = consumerMetrics(opts.metrics);
    this.watchGroupEvents();
  }

  /** Joined the group and consuming. */
  isReady(): boolean {
    return this.running && this.joined && !this.crashed;
  }

  /** False only after an unrecoverable crash (kafkajs gave up restarting). */
  isLive(): boolean {
    return !this.crashed;
  }

  /** Resolves once the consumer has joined its group (or rejects after timeoutMs). */
  waitUntilJoined(timeoutMs = 30000): Promise<void> {
    if (this.joined) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`consumer group ${this.opts.groupId} did not join within ${timeoutMs} ms`)), timeoutMs);
      this.joinWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async start(): Promise<void> {
    if (this.running) return;
    if (this.producer && this.ownsProducer) await this.producer.connect();
    await this.consumer.connect();
    for (const topic of this.opts.topics) await this.consumer.subscribe({ topic, fromBeginning: this.opts.fromBeginning ?? true });
    this.running = true;
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.onBatch(payload),
    });
    this.log?.info({ topics: this.opts.topics }, 'consumer started');
  }

  /** Graceful and idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    this.running = false;
    // disconnect() = stop fetching, wait for the batch in hand (which commits), leave the group.
    await this.consumer.disconnect().catch((err: Error) => this.log?.warn({ err: err.message }, 'consumer disconnect failed'));
    if (this.producer && this.ownsProducer) await this.producer.disconnect().catch(() => undefined);
    this.joined = false;
    this.log?.info('consumer stopped');
  }

  private async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const chunkSize = this.opts.maxChunk ?? 1000;
    for (let i = 0; i < batch.messages.length; i += chunkSize) {
      // Between chunks: after stop() or a revocation, leave the rest for the next owner.
      if (!isRunning() || isStale()) return;
      const chunk = batch.messages.slice(i, i + chunkSize);
      const ctx = { topic, partition, heartbeat, firstOffset: chunk[0]!.offset, nextOffset: (BigInt(chunk[chunk.length - 1]!.offset) + 1n).toString() };
      const endTimer = this.metrics?.batchSeconds.startTimer({ topic });
      // kafkajs heartbeats only when asked: a long chunk (a big produce on a busy host) must not
      // outlive the session timeout, or the member is evicted and its commit refused.
      const ticker = setInterval(() => void heartbeat().catch(() => undefined), HEARTBEAT_TICK_MS);
      let outcome: ChunkOutcome;
      try {
        outcome = await this.processOne(chunk, ctx, topic, partition);
        await this.consumer.commitOffsets([{ topic, partition, offset: ctx.nextOffset }]);
      } finally {
        clearInterval(ticker);
      }
      const next = ctx.nextOffset;
      resolveOffset(chunk[chunk.length - 1]!.offset);
      endTimer?.();
      if (this.metrics) {
        this.metrics.messages.inc({ topic, outcome: 'processed' }, outcome.processed);
        if (outcome.rejected) this.metrics.messages.inc({ topic, outcome: 'rejected' }, outcome.rejected);
        if (outcome.failed) this.metrics.messages.inc({ topic, outcome: 'failed' }, outcome.failed);
        const lag = Number(BigInt(batch.highWatermark) - BigInt(next));
        this.setLag(topic, partition, Math.max(0, lag));
      }
      if (outcome.rejected || outcome.failed) {
        this.log?.info({ topic, partition, rejected: outcome.rejected, failed: outcome.failed }, 'messages dead-lettered');
      }
      await heartbeat();
    }
  }

  private processOne(chunk: KafkaMessage[], ctx: BatchContext, topic: string, partition: number): Promise<ChunkOutcome> {
    return processChunk(chunk, ctx, {
      ...(this.opts.validateBatch ? { validateBatch: this.opts.validateBatch } : { validate: this.opts.validate! }),
      handle: this.opts.handle,
      sendToDlq: (messages) => this.sendToDlq(messages, topic),
      handleAttempts: this.opts.handleAttempts ?? 3,
      backoffMs: (attempt) => Math.min(200 * 2 ** (attempt - 1), 2000),
      onRejected: (code, n) => this.metrics?.rejected.inc({ topic, code }, n),
      onHandlerError: (err, attempt) => {
        this.metrics?.handlerErrors.inc({ topic });
        this.log?.warn({ topic, partition, attempt, err: err.message }, 'chunk processing failed; retrying');
      },
    });
  }

  private async sendToDlq(messages: Parameters<Producer['send']>[0]['messages'], source: string): Promise<void> {
    if (!this.producer || !this.opts.dlqTopic) {
      this.log?.warn({ topic: source, count: messages.length }, 'rejected messages skipped (no DLQ topic configured)');
      return;
    }
    await this.producer.send({ topic: this.opts.dlqTopic, acks: -1, messages });
  }

  private setLag(topic: string, partition: number, lag: number): void {
    const labels = { group: this.opts.groupId, topic, partition: String(partition) };
    this.lagLabels.add(JSON.stringify(labels));
    this.metrics?.lag.set(labels, lag);
  }

  private watchGroupEvents(): void {
    const { GROUP_JOIN, CRASH, STOP } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, (e) => {
      this.joined = true;
      this.metrics?.rebalances.inc({ group: this.opts.groupId });
      // Partitions we no longer own must not keep reporting a stale lag.
      const assigned = e.payload.memberAssignment;
      for (const key of [...this.lagLabels]) {
        const labels = JSON.parse(key) as { group: string; topic: string; partition: string };
        if (!(assigned[labels.topic] ?? []).includes(Number(labels.partition))) {
          this.metrics?.lag.remove(labels);
          this.lagLabels.delete(key);
        }
      }
      this.log?.info({ assignment: assigned, memberId: e.payload.memberId }, 'joined consumer group');
      for (const w of this.joinWaiters.splice(0)) w();
    });
    this.consumer.on(CRASH, (e) => {
      this.joined = false;
      if (!e.payload.restart) this.crashed = true;
      this.log?.error({ err: e.payload.error?.message, restart: e.payload.restart }, 'consumer crashed');
    });
    this.consumer.on(STOP, () => {
      this.joined = false;
    });
  }
}
