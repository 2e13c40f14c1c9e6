import { Partitioners, type IHeaders, type Kafka, type Message, type Producer, type RecordMetadata } from 'kafkajs';

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

/**
 * Bytes of values per produce request. A request's per-partition record batch must stay under the
 * broker's message.max.bytes (1 MiB by default), or the whole send is rejected, non-retriably.
 */
export const MAX_SEND_BYTES = 512 * 1024;

/**
 * Sends JSON values to one topic, acknowledged by all in-sync replicas (acks=-1), in requests of
 * at most MAX_SEND_BYTES of values, one after the other (per-partition order is kept).
 */
export async function sendJson(producer: Producer, topic: string, records: JsonRecord[], maxBytes = MAX_SEND_BYTES): Promise<RecordMetadata[]> {
  if (records.length === 0) return [];
  const out: RecordMetadata[] = [];
  let batch: Message[] = [];
  let bytes = 0;
  for (const r of records) {
    const value = JSON.stringify(r.value);
    if (batch.length > 0 && bytes + value.length > maxBytes) {
      out.push(...(await producer.send({ topic, acks: -1, messages: batch })));
      batch = [];
      bytes = 0;
    }
    batch.push({
      key: r.key,
      value,
      ...(r.headers ? { headers: r.headers } : {}),
      ...(r.timestamp !== undefined ? { timestamp: String(r.timestamp) } : {}),
    });
    bytes += value.length + (r.key?.length ?? 0);
  }
  out.push(...(await producer.send({ topic, acks: -1, messages: batch })));
  return out;
}
