import { Partitioners, type ICustomPartitioner, type IHeaders, type Kafka, type Message, type Producer, type RecordMetadata } from 'kafkajs';

/** Keys remembered per topic by the caching partitioner before it starts over. */
const PARTITION_CACHE_KEYS = 500_000;

/**
 * kafkajs' Java-compatible murmur2 partitioner, memoised per string key: a featurizer produces the
 * same few hundred thousand account ids over and over, and hashing each key again (a Buffer and a
 * murmur2 pass per message) was a visible share of its produce cost. Same partition for every key.
 */
export const cachingPartitioner: ICustomPartitioner = () => {
  const inner = Partitioners.DefaultPartitioner();
  const byTopic = new Map<string, { partitions: number; keys: Map<string, number> }>();
  return (args) => {
    const { topic, partitionMetadata, message } = args;
    if (typeof message.key !== 'string' || (message.partition !== undefined && message.partition !== null)) return inner(args);
    let cache = byTopic.get(topic);
    if (!cache || cache.partitions !== partitionMetadata.length || cache.keys.size >= PARTITION_CACHE_KEYS) {
      cache = { partitions: partitionMetadata.length, keys: new Map() };
      byTopic.set(topic, cache);
    }
    let p = cache.keys.get(message.key);
    if (p === undefined) {
      p = inner(args);
      cache.keys.set(message.key, p);
    }
    return p;
  };
};

/** An idempotent producer (no duplicates from its own retries) with the Java-compatible murmur2 partitioner. */
export function createProducer(kafka: Kafka, opts: { transactionalId?: string } = {}): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: cachingPartitioner,
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

/** A record whose value is already serialized. */
export interface EncodedRecord {
  key: string | null;
  value: Buffer | string;
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
  return sendEncoded(
    producer,
    topic,
    records.map((r) => ({ ...r, value: JSON.stringify(r.value) })),
    maxBytes,
  );
}

/** sendJson for values already serialized (same batching, acks and ordering). */
export async function sendEncoded(producer: Producer, topic: string, records: EncodedRecord[], maxBytes = MAX_SEND_BYTES): Promise<RecordMetadata[]> {
  if (records.length === 0) return [];
  const out: RecordMetadata[] = [];
  let batch: Message[] = [];
  let bytes = 0;
  for (const r of records) {
    const size = r.value.length + (r.key?.length ?? 0);
    if (batch.length > 0 && bytes + size > maxBytes) {
      out.push(...(await producer.send({ topic, acks: -1, messages: batch })));
      batch = [];
      bytes = 0;
    }
    batch.push({
      key: r.key,
      value: r.value,
      ...(r.headers ? { headers: r.headers } : {}),
      ...(r.timestamp !== undefined ? { timestamp: String(r.timestamp) } : {}),
    });
    bytes += size;
  }
  out.push(...(await producer.send({ topic, acks: -1, messages: batch })));
  return out;
}
