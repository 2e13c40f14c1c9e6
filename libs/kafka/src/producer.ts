import { Partitioners, type IHeaders, type Kafka, type Producer, type RecordMetadata } from 'kafkajs';

/** An idempotent producer (no duplicates from its own retries) with the Java-compatible murmur2 partitioner. */
export function createProducer(kafka: Kafka, opts: { transactionalId?: string } = {}): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    // Idempotence needs unbounded retries (kafkajs warns otherwise); a broker outage then
    // blocks the send, and so the commit, until the broker is back, which is what we want.
    retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 200, maxRetryTime: 5000 },
    ...(opts.transactionalId ? { transactionalId: opts.transactionalId } : {}),
  });
}

export interface JsonRecord {
  key: string | null;
  value: unknown;
  headers?: IHeaders;
  /** Event time; becomes the Kafka record timestamp. */
  timestamp?: number;
}

/** Sends JSON values to one topic, acknowledged by all in-sync replicas (acks=-1). */
export async function sendJson(producer: Producer, topic: string, records: JsonRecord[]): Promise<RecordMetadata[]> {
  if (records.length === 0) return [];
  return producer.send({
    topic,
    acks: -1,
    messages: records.map((r) => ({
      key: r.key,
      value: JSON.stringify(r.value),
      ...(r.headers ? { headers: r.headers } : {}),
      ...(r.timestamp !== undefined ? { timestamp: String(r.timestamp) } : {}),
    })),
  });
}
