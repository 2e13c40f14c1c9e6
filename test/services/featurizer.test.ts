// The featurizer service in-process against the real broker: usage events in, AccountFeatures out,
// malformed events dead-lettered, ops endpoints up, graceful stop commits.
import { request } from 'node:http';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { DLQ_HEADERS } from '@lockstep/contracts';
import { loadConfig } from '@lockstep/config';
import { headerString } from '@lockstep/kafka';
import { configSchema, start, type FeaturizerHandle } from '@lockstep/featurizer';
import { deleteTestTopics, readTopic, testBrokers, testKafka, uniqueName, waitFor } from '../support/kafka';

const T0 = 1_767_225_600_000;
const event = (id: string, account: string, ts: number) => ({
  event_id: id, ts, account_id: account, tier: 'free', verified: false, account_created_ts: T0 - 86_400_000, ip: '198.51.100.9', asn: 7,
  model: 'm', input_tokens: 50, output_tokens: 900, category: 'reasoning', prompt_simhash: '0123456789abcdef', cot_request: true,
});

function httpStatus(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    }).on('error', reject).end();
  });
}

describe('featurizer service (real broker)', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let service: FeaturizerHandle | undefined;
  const base = uniqueName('feat');
  const topics = { usage: `${base}.usage`, usageDlq: `${base}.dlq`, features: `${base}.features`, decisions: `${base}.decisions`, enforcement: `${base}.enforcement` };
  const groupId = uniqueName('featurizer');

  beforeAll(async () => {
    kafka = testKafka('featurizer-test');
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer();
    await producer.connect();
  });
  afterAll(async () => {
    await service?.stop();
    await producer.disconnect();
    await deleteTestTopics(admin, Object.values(topics));
    await admin.disconnect();
  });

  it('turns usage events into account features and dead-letters malformed ones', async () => {
    const config = loadConfig(configSchema, {
      flags: { port: 0, groupId, partitions: 2, logLevel: 'warn' },
      env: { LOCKSTEP_KAFKA_BROKERS: testBrokers().join(',') },
    });
    config.kafka.topics = topics;
    service = await start(config);
    await waitFor('featurizer ready', () => service!.isReady());
    expect(await httpStatus(service.opsPort, '/readyz')).toBe(200);
    expect(await httpStatus(service.opsPort, '/healthz')).toBe(200);

    const msgs = [
      ...[0, 1, 2].map((i) => ({ key: 'acct-a', value: JSON.stringify(event(`a${i}`, 'acct-a', T0 + i * 1000)) })),
      { key: 'acct-b', value: JSON.stringify(event('b0', 'acct-b', T0)) },
      { key: 'acct-b', value: '{"broken":' },
      // A redelivered event must not count twice.
      { key: 'acct-a', value: JSON.stringify(event('a1', 'acct-a', T0 + 1000)) },
    ];
    await producer.send({ topic: topics.usage, acks: -1, messages: msgs });

    const dead = await readTopic(kafka, topics.usageDlq, 1);
    expect(headerString(dead[0]!.headers, DLQ_HEADERS.code)).toBe('not_json');

    const latest = new Map<string, { n_events: number; features: Record<string, number> }>();
    await waitFor('features of both accounts', async () => {
      const out = await readTopic(kafka, topics.features, 2);
      for (const m of out) latest.set(m.key!.toString(), JSON.parse(m.value!.toString()));
      return latest.get('acct-a')?.n_events === 3 && latest.get('acct-b')?.n_events === 1;
    });
    expect(latest.get('acct-a')!.features.cot_share).toBeGreaterThan(0);

    await service.stop();
    service = undefined;
    const [t] = await admin.fetchOffsets({ groupId, topics: [topics.usage] });
    expect(t!.partitions.reduce((s, p) => s + Math.max(0, Number(p.offset)), 0)).toBe(msgs.length);
  });
});
