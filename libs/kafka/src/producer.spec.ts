import { Partitioners, type PartitionMetadata, type Producer, type ProducerRecord } from 'kafkajs';
import { cachingPartitioner, sendEncoded, sendJson } from './producer';

describe('cachingPartitioner', () => {
  it('puts every key on the partition the default murmur2 partitioner picks, including after a partition count change', () => {
    const meta = (n: number) => Array.from({ length: n }, (_, i) => ({ partitionId: i, leader: 0 }) as PartitionMetadata);
    const cached = cachingPartitioner();
    const plain = Partitioners.DefaultPartitioner();
    for (const n of [6, 6, 12]) {
      for (let i = 0; i < 500; i++) {
        const args = { topic: 't', partitionMetadata: meta(n), message: { key: `acct-${i}`, value: 'v' } };
        expect(cached(args)).toBe(plain(args));
      }
    }
    expect(cached({ topic: 't', partitionMetadata: meta(6), message: { key: 'k', value: 'v', partition: 4 } })).toBe(4);
  });
});

describe('sendEncoded', () => {
  it('sends pre-serialized values as they are, with event-time timestamps', async () => {
    const sent: ProducerRecord[] = [];
    const producer = { send: async (r: ProducerRecord) => (sent.push(r), r.messages.map(() => ({ topicName: r.topic, partition: 0, errorCode: 0 }))) } as unknown as Producer;
    await sendEncoded(producer, 't', [{ key: 'a', value: Buffer.from('{"x":1}'), timestamp: 5 }]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.messages[0]).toEqual({ key: 'a', value: Buffer.from('{"x":1}'), timestamp: '5' });
  });
});

describe('sendJson', () => {
  it('splits a large send into requests under the byte limit, keeping order', async () => {
    const sent: ProducerRecord[] = [];
    const producer = { send: async (r: ProducerRecord) => (sent.push(r), r.messages.map(() => ({ topicName: r.topic, partition: 0, errorCode: 0 }))) } as unknown as Producer;
    const records = Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: { i, pad: 'x'.repeat(90) } }));
    const res = await sendJson(producer, 't', records, 350);
    expect(res).toHaveLength(10);
    expect(sent.length).toBeGreaterThan(1);
    for (const r of sent) expect(r.messages.reduce((s, m) => s + String(m.value).length, 0)).toBeLessThanOrEqual(350);
    expect(sent.flatMap((r) => r.messages.map((m) => m.key))).toEqual(records.map((r) => r.key));
    expect(sent.every((r) => r.acks === -1)).toBe(true);
  });

  it('sends nothing for no records', async () => {
    const producer = { send: jest.fn() } as unknown as Producer;
    expect(await sendJson(producer, 't', [])).toEqual([]);
    expect(producer.send).not.toHaveBeenCalled();
  });
});
