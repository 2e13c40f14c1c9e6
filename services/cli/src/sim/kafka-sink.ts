import type { Producer } from 'kafkajs';
import { createKafka, createProducer, sendJson, type JsonRecord } from '@lockstep/kafka';
import type { SimEvent } from '@lockstep/sim';

export interface KafkaSinkOptions {
  brokers: string[];
  clientId: string;
  topic: string;
  /** Events per second; 0 sends as fast as the broker accepts. */
  rate: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Produces events (key = account_id, timestamp = ts) at a steady rate, in small batches. */
export class KafkaEventSink {
  private producer: Producer | undefined;
  private batch: JsonRecord[] = [];
  private sent = 0;
  private startedAt = 0;
  private readonly batchSize: number;

  constructor(private readonly o: KafkaSinkOptions) {
    // About ten sends a second at the target rate, never more than 1000 records per send.
    this.batchSize = o.rate > 0 ? Math.max(1, Math.min(1000, Math.round(o.rate / 10))) : 1000;
  }

  async connect(): Promise<void> {
    const kafka = createKafka({ brokers: this.o.brokers, clientId: this.o.clientId, retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 } });
    this.producer = createProducer(kafka);
    await this.producer.connect();
    this.startedAt = Date.now();
  }

  get count(): number {
    return this.sent + this.batch.length;
  }

  async write(e: SimEvent): Promise<void> {
    this.batch.push({ key: e.account_id, value: e, timestamp: e.ts });
    if (this.batch.length >= this.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.batch.length === 0 || !this.producer) return;
    const records = this.batch;
    this.batch = [];
    await sendJson(this.producer, this.o.topic, records);
    this.sent += records.length;
    if (this.o.rate > 0) {
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
