import type { Producer, ProducerRecord } from 'kafkajs';
import { sendJson } from './producer';

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
