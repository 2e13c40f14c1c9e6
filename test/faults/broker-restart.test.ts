// Stop and restart the broker mid-stream (a private broker on its own port, so other tests
// sharing the main broker are not disturbed): the featurizer rides it out, no valid event is
// lost and none is counted twice.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { Kafka as KafkaClient, logLevel } from 'kafkajs';
import { loadConfig } from '@lockstep/config';
import { configSchema, start, type FeaturizerHandle } from '@lockstep/featurizer';
import { farmFixture } from '../support/farm';
import { followEventCounts, uniqueName, waitFor } from '../support/kafka';

const ROOT = path.resolve(__dirname, '../..');
const PORT = Number(process.env.LOCKSTEP_FAULT_KAFKA_PORT ?? 19092);
const BROKER = `127.0.0.1:${PORT}`;

function kafkaSh(cmd: string): string {
  return execFileSync('bash', [path.join(ROOT, 'deploy/local/kafka.sh'), cmd], { env: { ...process.env, KAFKA_PORT: String(PORT) }, encoding: 'utf8', timeout: 180_000 });
}

describe('featurizer survives a broker stop/restart', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let service: FeaturizerHandle | undefined;
  const base = uniqueName('fault-broker');
  const topics = { usage: `${base}.usage`, usageDlq: `${base}.dlq`, features: `${base}.features`, decisions: `${base}.decisions`, enforcement: `${base}.enforcement` };

  beforeAll(() => {
    kafkaSh('reset');
    kafkaSh('start');
    kafka = new KafkaClient({ clientId: 'fault-test', brokers: [BROKER], logLevel: logLevel.NOTHING, retry: { retries: 30, initialRetryTime: 300, maxRetryTime: 3000 } });
  });

  afterAll(async () => {
    await service?.stop();
    await producer?.disconnect().catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
    kafkaSh('reset');
  });

  it('processes every event exactly once in feature state across the outage', async () => {
    const config = loadConfig(configSchema, { flags: { port: 0, groupId: uniqueName('featurizer'), partitions: 2, minEmitIntervalMs: 0, logLevel: process.env.FAULT_LOG_LEVEL ?? 'error', kafkaBrokers: BROKER } });
    config.kafka.topics = topics;
    service = await start(config);
    await waitFor('featurizer ready', () => service!.isReady(), 60_000);

    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ idempotent: true });
    await producer.connect();
    const fx = farmFixture({ prefix: base, t0: Date.UTC(2026, 5, 1), farmSize: 10, benign: 10, hours: 1 });
    const half = Math.floor(fx.events.length / 2);
    const send = async (from: number, to: number) => {
      for (let i = from; i < to; i += 500) {
        const slice = fx.events.slice(i, Math.min(i + 500, to));
        await producer.send({ topic: topics.usage, acks: -1, messages: slice.map((e) => ({ key: e.account_id, value: JSON.stringify(e) })) });
      }
    };
    await send(0, half);

    kafkaSh('stop');
    await new Promise((r) => setTimeout(r, 3000));
    kafkaSh('start');

    await send(half, fx.events.length);

    const expected = new Map<string, number>();
    for (const e of fx.events) expected.set(e.account_id, (expected.get(e.account_id) ?? 0) + 1);
    // Emission is not rate-limited here (minEmitIntervalMs 0), so the latest vector per account
    // must count every one of its events, once.
    const reader = await followEventCounts(kafka, topics.features);
    const latest = reader.counts;
    try {
      await waitFor(
        'final feature vectors for every account',
        () => [...expected].every(([a, n]) => latest.get(a) === n),
        Number(process.env.FAULT_WAIT_MS ?? 180_000),
        500,
      );
    } catch (err) {
      const missing = [...expected].filter(([a, n]) => latest.get(a) !== n).map(([a, n]) => `${a}: ${latest.get(a)}/${n}`);
      throw new Error(`${(err as Error).message}; ${missing.length} accounts off: ${missing.slice(0, 5).join(', ')}`);
    } finally {
      await reader.stop();
    }
    for (const [a, n] of expected) expect(latest.get(a)).toBe(n);
  });
});
