// At-least-once semantics of BatchConsumer on the real broker: nothing is committed before
// processing succeeds, and a graceful stop commits what was processed.
import type { Admin, Kafka, Producer } from 'kafkajs';
import { BatchConsumer, jsonValidation } from '@lockstep/kafka';
import { createTestTopics, deleteTestTopics, testKafka, uniqueName, waitFor } from '../support/kafka';

type Rec = { n: number };

describe('BatchConsumer commits (real broker)', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  const topic = uniqueName('commits');
  const groupId = uniqueName('group');

  beforeAll(async () => {
    kafka = testKafka('commit-test');
    admin = kafka.admin();
    await admin.connect();
    await createTestTopics(admin, [topic], 2);
    producer = kafka.producer();
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    await deleteTestTopics(admin, [topic]);
    await admin.disconnect();
  });

  async function committed(): Promise<number> {
    const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return t!.partitions.reduce((s, p) => s + Math.max(0, Number(p.offset)), 0);
  }

  function consumer(handle: (r: Rec[]) => Promise<void>): BatchConsumer<Rec> {
    return new BatchConsumer<Rec>({
      kafka,
      groupId,
      topics: [topic],
      validate: jsonValidation<Rec>((o) => ({ ok: true, value: o as Rec })),
      handle: async (records) => handle(records.map((r) => r.value)),
      handleAttempts: 1,
      maxWaitTimeInMs: 200,
      sessionTimeout: 10000,
      heartbeatInterval: 1000,
    });
  }

  it('does not commit while processing fails, redelivers, then commits and stops gracefully', async () => {
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 20 }, (_, n) => ({ key: `k${n % 5}`, value: JSON.stringify({ n }) })) });

    let failing = true;
    let attempts = 0;
    const seen = new Set<number>();
    const first = consumer(async (recs) => {
      attempts++;
      if (failing) throw new Error('downstream unavailable');
      for (const r of recs) seen.add(r.n);
    });
    await first.start();
    await first.waitUntilJoined(60000);
    await waitFor('a few failed attempts', () => attempts >= 2);
    expect(await committed()).toBe(0);

    failing = false;
    await waitFor('all 20 processed', () => seen.size === 20);
    await waitFor('all 20 committed', async () => (await committed()) === 20);
    await first.stop();
    expect(first.isReady()).toBe(false);

    // A new member of the same group starts after the committed offsets: nothing is redelivered.
    const later = new Set<number>();
    const second = consumer(async (recs) => {
      for (const r of recs) later.add(r.n);
    });
    await second.start();
    await second.waitUntilJoined(60000);
    await producer.send({ topic, acks: -1, messages: [{ key: 'k0', value: JSON.stringify({ n: 100 }) }] });
    await waitFor('the new message', () => later.has(100));
    await second.stop();
    expect([...later]).toEqual([100]);
    expect(await committed()).toBe(21);
  });
});
