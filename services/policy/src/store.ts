import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { decodeValue, encodeValue, type StateRecord, type StateValue } from '@lockstep/policy';
import type { Logger } from '@lockstep/observability';
import type { PolicyServiceConfig } from './config';

const MAX_SEND_BYTES = 512 * 1024;

export interface EnforcementStoreOptions {
  brokers: string[];
  clientId: string;
  topic: string;
  partitions: number;
  logger: Logger;
}

/** Where the policy's state changes go before they are acknowledged, and come back from at start. */
export interface StateStore {
  connect(): Promise<void>;
  write(records: readonly StateRecord[], timeoutMs?: number): Promise<void>;
  /** Hands every stored record to `load`, in order; returns how many. */
  rebuild(load: (key: string, value: StateValue | null) => void): Promise<number>;
  close(): Promise<void>;
}

/**
 * The compacted enforcement topic: the policy's durable state. Every write waits for all in-sync
 * replicas (acks=-1) and the producer is idempotent, so a write that resolved is never lost.
 */
export class EnforcementStore implements StateStore {
  private readonly kafka: Kafka;
  private producer: Producer | null = null;

  constructor(private readonly opts: EnforcementStoreOptions) {
    this.kafka = new Kafka({ clientId: opts.clientId, brokers: opts.brokers, logLevel: logLevel.NOTHING, retry: { retries: 8 } });
  }

  async connect(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await this.ensureTopic(admin);
    } finally {
      await admin.disconnect();
    }
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await this.producer.connect();
  }

  private async ensureTopic(admin: Admin): Promise<void> {
    const existing = await admin.listTopics();
    if (existing.includes(this.opts.topic)) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic: this.opts.topic,
          numPartitions: this.opts.partitions,
          replicationFactor: 1,
          configEntries: [
            { name: 'cleanup.policy', value: 'compact' },
            { name: 'min.insync.replicas', value: '1' },
            { name: 'segment.ms', value: String(6 * 3_600_000) },
          ],
        },
      ],
    });
  }

  async write(records: readonly StateRecord[], timeoutMs = 30_000): Promise<void> {
    if (records.length === 0) return;
    if (!this.producer) throw new Error('enforcement store is not connected');
    // The broker refuses record batches over message.max.bytes (1 MiB by default), so large plans
    // go out in several sends. A failure part-way leaves some records durable but unacknowledged,
    // which a retry (idempotent by decision_id) or a restart reconciles.
    let chunk: { key: string; value: string }[] = [];
    let bytes = 0;
    for (const r of records) {
      const m = { key: r.key, value: encodeValue(r.value) };
      if (chunk.length > 0 && bytes + m.value.length + m.key.length > MAX_SEND_BYTES) {
        await this.producer.send({ topic: this.opts.topic, acks: -1, timeout: timeoutMs, messages: chunk });
        chunk = [];
        bytes = 0;
      }
      chunk.push(m);
      bytes += m.value.length + m.key.length + 64;
    }
    await this.producer.send({ topic: this.opts.topic, acks: -1, timeout: timeoutMs, messages: chunk });
  }

  /**
   * Reads the topic from the beginning up to the end offsets seen at call time, handing each
   * record to `load` in order. Returns the number of records read.
   */
  async rebuild(load: (key: string, value: StateValue | null) => void): Promise<number> {
    const admin = this.kafka.admin();
    await admin.connect();
    let ends: Map<number, bigint>;
    try {
      const offsets = await admin.fetchTopicOffsets(this.opts.topic);
      ends = new Map(offsets.filter((o) => BigInt(o.high) > BigInt(o.low)).map((o) => [o.partition, BigInt(o.high)]));
    } finally {
      await admin.disconnect();
    }
    if (ends.size === 0) return 0;
    const groupId = `lockstep-policy-rebuild-${randomUUID()}`;
    const consumer = this.kafka.consumer({ groupId, maxBytes: 64 * 1024 * 1024, maxBytesPerPartition: 32 * 1024 * 1024, sessionTimeout: 30_000 });
    let count = 0;
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: this.opts.topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            autoCommit: false,
            eachBatchAutoResolve: true,
            eachBatch: async ({ batch }) => {
              const end = ends.get(batch.partition);
              if (end === undefined) return;
              // Only the batch that crosses the end offset needs a per-message check.
              const whole = BigInt(batch.lastOffset()) < end;
              for (const m of batch.messages) {
                if (!whole && BigInt(m.offset) >= end) break;
                if (m.key) load(m.key.toString('utf8'), m.value ? decodeValue(m.value) : null);
                count++;
              }
              if (BigInt(batch.lastOffset()) + 1n >= end) ends.delete(batch.partition);
              if (ends.size === 0) resolve();
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
      const a = this.kafka.admin();
      await a.connect().then(() => a.deleteGroups([groupId])).catch(() => undefined);
      await a.disconnect().catch(() => undefined);
    }
    this.opts.logger.info({ records: count, topic: this.opts.topic }, 'enforcement state rebuilt');
    return count;
  }

  async close(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = null;
  }
}

/**
 * No persistence: the state lives only in the engine, so a restart starts empty. For a single box
 * fed from a file (`lockstep run --input`), where the input file is the record and no broker runs.
 */
export class EphemeralStore implements StateStore {
  constructor(private readonly logger: Logger) {}
  async connect(): Promise<void> {
    this.logger.warn('enforcement state is kept in memory only (stateStore: memory): a restart starts empty');
  }
  async write(): Promise<void> {}
  async rebuild(): Promise<number> {
    return 0;
  }
  async close(): Promise<void> {}
}

/** The store a policy process writes to and rebuilds from, as its config names it. */
export function enforcementStoreFor(config: PolicyServiceConfig, logger: Logger, role = 'policy'): StateStore {
  if (config.stateStore === 'memory') return new EphemeralStore(logger);
  return new EnforcementStore({
    brokers: config.kafka.brokers,
    clientId: `${config.kafka.clientId}-${role}`,
    topic: config.kafka.topics.enforcement,
    partitions: config.enforcementPartitions,
    logger,
  });
}
