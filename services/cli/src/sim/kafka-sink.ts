import type { Producer } from 'kafkajs';
import { DEFAULT_TOPICS } from '@lockstep/contracts';
import { createKafka, createProducer, ensureTopics, lockstepTopicSpecs, sendJson, type JsonRecord } from '@lockstep/kafka';
import type { SimEvent } from '@lockstep/sim';
import { Pacer } from './pacer';

export interface KafkaSinkOptions {
  brokers: string[];
  clientId: string;
  topic: string;
  /** Events per second; 0 sends as fast as the broker accepts. */
  rate: number;
  /** When set, pace by event time instead: event time runs `realtime` times faster than the wall clock. */
  realtime?: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Produces events (key = account_id, timestamp = ts) at a steady rate, in small batches. */
export class KafkaEventSink {
  private producer: Producer | undefined;
  private batch: JsonRecord[] = [];
  private sent = 0;
  private startedAt = 0;
  private readonly batchSize: number;
  private readonly pacer: Pacer | undefined;

  constructor(private readonly o: KafkaSinkOptions) {
    this.pacer = o.realtime ? new Pacer(o.realtime) : undefined;
    // About ten sends a second at the target rate, never more than 1000 records per send.
    this.batchSize = this.pacer ? 200 : o.rate > 0 ? Math.max(1, Math.min(1000, Math.round(o.rate / 10))) : 1000;
  }

  /**
   * Connects; creates the topic (with the usage topic's partitions, retention and cleanup policy)
   * when it does not exist, since an idempotent producer would otherwise retry forever.
   * Resolves to true when it created the topic.
   */
  async connect(): Promise<boolean> {
    const kafka = createKafka({ brokers: this.o.brokers, clientId: this.o.clientId, retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 } });
    const admin = kafka.admin();
    let created = false;
    await admin.connect();
    try {
      if (!(await admin.listTopics()).includes(this.o.topic)) {
        const spec = lockstepTopicSpecs({ ...DEFAULT_TOPICS, usage: this.o.topic }).find((t) => t.topic === this.o.topic)!;
        created = (await ensureTopics(admin, [spec])).created.length > 0;
      }
    } finally {
      await admin.disconnect();
    }
    this.producer = createProducer(kafka);
    await this.producer.connect();
    this.startedAt = Date.now();
    return created;
  }

  get count(): number {
    return this.sent + this.batch.length;
  }

  async write(e: SimEvent): Promise<void> {
    if (this.pacer) {
      const wait = this.pacer.delay(e.ts, Date.now());
      // Send what is due before sleeping, so a quiet stretch of event time does not hold events back.
      if (wait > 0) {
        await this.flush();
        await sleep(wait);
      }
    }
    this.batch.push({ key: e.account_id, value: e, timestamp: e.ts });
    if (this.batch.length >= this.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.batch.length === 0 || !this.producer) return;
    const records = this.batch;
    this.batch = [];
    await sendJson(this.producer, this.o.topic, records);
    this.sent += records.length;
    if (!this.pacer && this.o.rate > 0) {
      const due = this.startedAt + (this.sent / this.o.rate) * 1000;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
    }
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.producer?.disconnect();
    }
  }
}
