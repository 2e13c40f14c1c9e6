// kill -9 a featurizer mid-stream, then start another in the same group: no valid event is lost
// and none is counted twice in feature state (state rebuilt from the usage log, redelivered
// events deduplicated by event_id).
import type { Admin, Kafka, Producer } from 'kafkajs';
import { deleteTestTopics, followEventCounts, kafkaEnv, testKafka, testTopics, uniqueName, waitFor } from '../support/kafka';
import { farmFixture } from '../support/farm';
import { freePort, httpGet, startService, untilReady, type ServiceProcess } from '../support/processes';

describe('featurizer kill -9 and restart', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  const procs: ServiceProcess[] = [];
  const base = uniqueName('fault-crash');
  const topics = testTopics(base);
  const groupId = uniqueName('featurizer');
  const env = {
    ...kafkaEnv(topics),
    LOCKSTEP_GROUP_ID: groupId,
    LOCKSTEP_PARTITIONS: '2',
    // Every event emits, so the latest vector of an account counts all of its events.
    LOCKSTEP_MIN_EMIT_INTERVAL_MS: '0',
    LOCKSTEP_SESSION_TIMEOUT_MS: '6000',
    LOCKSTEP_MAX_CHUNK: '200',
    LOCKSTEP_LOG_LEVEL: 'warn',
  };

  beforeAll(async () => {
    kafka = testKafka('fault-crash');
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ idempotent: true });
    await producer.connect();
  });
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop(10_000)));
    await producer?.disconnect();
    await deleteTestTopics(admin, Object.values(topics));
    await admin?.disconnect();
  });

  async function committed(): Promise<number> {
    const [t] = await admin.fetchOffsets({ groupId, topics: [topics.usage] });
    return t ? t.partitions.reduce((s, p) => s + Math.max(0, Number(p.offset)), 0) : 0;
  }

  async function featurizer(name: string): Promise<ServiceProcess> {
    const port = await freePort();
    const p = startService(name, ['serve', 'featurizer', '--port', String(port)], env);
    procs.push(p);
    await untilReady(p, async () => (await httpGet(port, '/readyz')).status === 200, 90_000);
    return p;
  }

  it('loses nothing and counts nothing twice', async () => {
    const fx = farmFixture({ prefix: base, t0: Date.UTC(2026, 5, 1), farmSize: 20, benign: 20, hours: 2 });
    const send = async (from: number, to: number) => {
      for (let i = from; i < to; i += 250) {
        const slice = fx.events.slice(i, Math.min(i + 250, to));
        await producer.send({ topic: topics.usage, acks: -1, messages: slice.map((e) => ({ key: e.account_id, value: JSON.stringify(e) })) });
      }
    };

    const first = await featurizer('featurizer-1');
    const half = Math.floor(fx.events.length / 2);
    await send(0, half);
    await waitFor('some progress before the crash', async () => (await committed()) > fx.events.length / 5, 60_000, 50);
    first.child.kill('SIGKILL');
    await first.exited;

    await send(half, fx.events.length);
    const second = await featurizer('featurizer-2');

    const expected = new Map<string, number>();
    for (const e of fx.events) expected.set(e.account_id, (expected.get(e.account_id) ?? 0) + 1);
    const reader = await followEventCounts(kafka, topics.features);
    const latest = reader.counts;
    try {
      await waitFor('every account\'s final vector', async () => (await committed()) === fx.events.length && [...expected].every(([a, n]) => (latest.get(a) ?? 0) >= n), 120_000, 200);
    } catch (err) {
      const off = [...expected].filter(([a, n]) => latest.get(a) !== n).map(([a, n]) => `${a} ${latest.get(a)}/${n}`);
      throw new Error(`${(err as Error).message}; ${off.length} accounts off, e.g. ${off.slice(0, 3).join(', ')}\n${second.output().slice(-3000)}`);
    } finally {
      await reader.stop();
    }
    // Exactly: more would mean an event counted twice.
    for (const [a, n] of expected) expect({ a, n: latest.get(a) }).toEqual({ a, n });
    const res = await second.stop(30_000);
    expect(res.code).toBe(0);
  });
});
