// Malformed events on the real broker: each kind of bad message goes to the DLQ with its
// reason and original bytes, good ones are processed, the consumer neither crashes nor stalls.
import type { Admin, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { DLQ_HEADERS, MAX_EVENT_BYTES, type UsageEvent } from '@lockstep/contracts';
import { createMetrics, type Metrics } from '@lockstep/observability';
import { BatchConsumer, headerString, usageEventValidation, type ConsumedRecord } from '@lockstep/kafka';
import { createTestTopics, deleteTestTopics, readTopic, testKafka, uniqueName, waitFor } from '../support/kafka';

// Near the wall clock: the validator judges "the future" by the later of event time and the clock.
const T0 = Date.now();

function event(id: string, ts = T0, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_id: id, ts, account_id: 'acct-1', tier: 'pro', verified: false, account_created_ts: T0 - 86_400_000,
    ip: '203.0.113.7', asn: 64500, model: 'm-large', input_tokens: 100, output_tokens: 400, category: 'coding',
    prompt_simhash: '00ff00ff00ff00ff', ...extra,
  };
}

const without = (o: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

/** [label, raw value, expected code, expected field] */
const BAD: [string, string, string, string | undefined][] = [
  ['not json', '{"event_id": "x", ', 'not_json', undefined],
  ['not an object', '[1,2,3]', 'not_object', undefined],
  ['too large', JSON.stringify(event('big', T0, { pad: 'x'.repeat(MAX_EVENT_BYTES) })), 'too_large', undefined],
  ['missing field', JSON.stringify(without(event('nofield'), 'account_id')), 'missing_field', 'account_id'],
  ['wrong type', JSON.stringify(event('wrongtype', T0, { verified: 'yes' })), 'wrong_type', 'verified'],
  ['out of range', JSON.stringify(event('range', T0, { output_tokens: -3 })), 'out_of_range', 'output_tokens'],
  ['future ts', JSON.stringify(event('future', T0 + 10 * 60_000)), 'future_ts', 'ts'],
];

describe('BatchConsumer dead-letters malformed events (real broker)', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let consumer: BatchConsumer<UsageEvent> | undefined;
  let metrics: Metrics;
  const source = uniqueName('usage');
  const dlq = uniqueName('usage-dlq');
  const groupId = uniqueName('group');
  const processed: ConsumedRecord<UsageEvent>[] = [];

  beforeAll(async () => {
    kafka = testKafka('dlq-test');
    admin = kafka.admin();
    await admin.connect();
    // One partition: the future-ts check depends on the order events are seen.
    await createTestTopics(admin, [source, dlq], 1);
    producer = kafka.producer();
    await producer.connect();
    metrics = createMetrics('dlq-test', { defaultMetrics: false });
  });

  afterAll(async () => {
    await consumer?.stop();
    await producer?.disconnect();
    await deleteTestTopics(admin, [source, dlq]);
    await admin?.disconnect();
  });

  it('routes every kind of bad message to the DLQ and keeps processing', async () => {
    const messages = [
      { key: 'acct-1', value: JSON.stringify(event('good-1')) },
      ...BAD.map(([label, value]) => ({ key: 'acct-1', value, headers: { 'x-test-label': label } })),
      { key: 'acct-1', value: JSON.stringify(event('good-2', T0 + 1000)) },
    ];
    await producer.send({ topic: source, acks: -1, messages });

    consumer = new BatchConsumer<UsageEvent>({
      kafka,
      groupId,
      topics: [source],
      dlqTopic: dlq,
      validate: usageEventValidation(),
      handle: async (records) => {
        processed.push(...records);
      },
      metrics,
      maxWaitTimeInMs: 200,
    });
    await consumer.start();
    await consumer.waitUntilJoined(60000);

    const dead = await readTopic(kafka, dlq, BAD.length);
    expect(dead).toHaveLength(BAD.length);
    const byLabel = new Map<string, KafkaMessage>(dead.map((m) => [headerString(m.headers, 'x-test-label')!, m]));
    for (const [label, value, code, field] of BAD) {
      const m = byLabel.get(label);
      expect(m).toBeDefined();
      // The original bytes, untouched, and the original headers kept.
      expect(m!.value!.equals(Buffer.from(value))).toBe(true);
      expect(m!.key!.toString()).toBe('acct-1');
      expect(headerString(m!.headers, DLQ_HEADERS.code)).toBe(code);
      expect(headerString(m!.headers, DLQ_HEADERS.field)).toBe(field);
      expect(headerString(m!.headers, DLQ_HEADERS.reason)!.length).toBeGreaterThan(0);
      expect(headerString(m!.headers, DLQ_HEADERS.sourceTopic)).toBe(source);
      expect(headerString(m!.headers, DLQ_HEADERS.sourcePartition)).toBe('0');
      const offset = Number(headerString(m!.headers, DLQ_HEADERS.sourceOffset));
      expect(offset).toBe(1 + BAD.findIndex(([l]) => l === label));
    }

    await waitFor('both good events processed', () => processed.length >= 2);
    expect(processed.map((r) => r.value.event_id)).toEqual(['good-1', 'good-2']);

    const text = await metrics.registry.metrics();
    for (const [, , code] of BAD) {
      expect(text).toContain(`lockstep_events_rejected_total{topic="${source}",code="${code}",service="dlq-test"} 1`);
    }

    // Still alive, partition not stalled: later good messages flow and offsets move to the end.
    await producer.send({
      topic: source,
      acks: -1,
      messages: [
        { key: 'acct-2', value: JSON.stringify(event('good-3', T0 + 2000, { account_id: 'acct-2' })) },
        { key: 'acct-2', value: 'still not json' },
        { key: 'acct-2', value: JSON.stringify(event('good-4', T0 + 3000, { account_id: 'acct-2' })) },
      ],
    });
    await waitFor('later good events processed', () => processed.length >= 4);
    expect(processed.map((r) => r.value.event_id)).toEqual(['good-1', 'good-2', 'good-3', 'good-4']);
    expect(consumer.isReady()).toBe(true);
    expect(consumer.isLive()).toBe(true);

    const total = 2 + BAD.length + 3;
    await waitFor('committed offset at the end of the partition', async () => {
      const [t] = await admin.fetchOffsets({ groupId, topics: [source] });
      return t!.partitions[0]!.offset === String(total);
    });
    expect(await metrics.registry.getSingleMetricAsString('lockstep_consumer_lag')).toMatch(/partition="0",service="dlq-test"} 0$/m);
  });
});
