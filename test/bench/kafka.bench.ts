/**
 * Plumbing throughput on the real broker: the featurizer service (validation, dedup, feature
 * state, producing account.features.v1, committing after each chunk) against a raw kafkajs
 * eachBatch consumer that only counts messages, both reading the same topic in the same run.
 * Target (issue 6): featurizer consumption >= 80% of the raw consumer's rate.
 */
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { loadConfig } from '@lockstep/config';
import { configSchema, start } from '@lockstep/featurizer';
import { BatchConsumer, usageEventValidation } from '@lockstep/kafka';
import type { BenchOptions, BenchRow } from './types';

const BROKERS = (process.env.LOCKSTEP_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const T0 = Date.UTC(2026, 5, 1);
const PARTITIONS = 6;

function eventAt(i: number, accounts: number): string {
  const a = i % accounts;
  return JSON.stringify({
    event_id: `bench-${i}`, ts: T0 + i * 10, account_id: `acct-${a}`, tier: a % 5 === 0 ? 'pro' : 'free', verified: a % 2 === 0,
    account_created_ts: T0 - 86_400_000 * (1 + (a % 90)), ip: `198.51.${a % 250}.${(i % 200) + 1}`, asn: 64500 + (a % 40),
    ip_class: 'residential', model: 'm-large', input_tokens: 100 + (i % 300), output_tokens: 200 + (i % 900), max_tokens: 4096,
    category: 'coding', prompt_simhash: (0x1000000000000n + BigInt(i)).toString(16).padStart(16, '0').slice(-16),
    template_hash: `tmpl-${a % 50}`, system_hash: null, payment_fp: `card-${a}`, ua_hash: `ua-${a % 7}`, cot_request: i % 3 === 0,
  });
}

async function committed(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return t ? t.partitions.reduce((s, p) => s + Math.max(0, Number(p.offset)), 0) : 0;
}

async function untilCommitted(admin: Admin, groupId: string, topic: string, total: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await committed(admin, groupId, topic)) < total) {
    if (Date.now() > deadline) throw new Error(`group ${groupId} did not commit ${total} messages within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const total = opts.quick ? 40_000 : 200_000;
  const accounts = opts.quick ? 2_000 : 10_000;
  const kafka = new Kafka({ clientId: 'bench-kafka', brokers: BROKERS, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const tag = `${Date.now().toString(36)}`;
  const topic = `bench.usage.${tag}`;
  const topics = { usage: topic, usageDlq: `${topic}.dlq`, features: `bench.features.${tag}`, decisions: `bench.decisions.${tag}`, enforcement: `bench.enforcement.${tag}` };
  await admin.createTopics({ waitForLeaders: true, topics: Object.values(topics).map((t) => ({ topic: t, numPartitions: PARTITIONS, replicationFactor: 1 })) });
  try {
    const producer = kafka.producer();
    await producer.connect();
    for (let i = 0; i < total; i += 2000) {
      const messages = [];
      for (let j = i; j < Math.min(i + 2000, total); j++) messages.push({ key: `acct-${j % accounts}`, value: eventAt(j, accounts) });
      await producer.send({ topic, acks: -1, messages });
    }
    await producer.disconnect();

    // Baseline: raw kafkajs eachBatch, counting only, committing once per batch.
    const rawGroup = `bench-raw-${tag}`;
    const raw = kafka.consumer({ groupId: rawGroup, maxWaitTimeInMs: 100 });
    await raw.connect();
    await raw.subscribe({ topic, fromBeginning: true });
    const rawStart = Date.now();
    await raw.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        await raw.commitOffsets([{ topic, partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() }]);
      },
    });
    await untilCommitted(admin, rawGroup, topic, total, 300_000);
    const rawSeconds = (Date.now() - rawStart) / 1000;
    await raw.disconnect();

    // Plumbing alone: BatchConsumer with the contract validator and a no-op handler.
    const plainGroup = `bench-batchconsumer-${tag}`;
    const plain = new BatchConsumer({ kafka, groupId: plainGroup, topics: [topic], validate: usageEventValidation(), handle: async () => undefined, maxWaitTimeInMs: 100 });
    const plainStart = Date.now();
    await plain.start();
    await untilCommitted(admin, plainGroup, topic, total, 300_000);
    const plainSeconds = (Date.now() - plainStart) / 1000;
    await plain.stop();

    const groupId = `bench-featurizer-${tag}`;
    const config = loadConfig(configSchema, { flags: { port: 0, groupId, logLevel: 'warn', ensureTopics: false, kafkaBrokers: BROKERS.join(',') } });
    config.kafka.topics = topics;
    const featStart = Date.now();
    const svc = await start(config);
    await untilCommitted(admin, groupId, topic, total, 600_000);
    const featSeconds = (Date.now() - featStart) / 1000;
    await svc.stop();

    const rawRate = Math.round(total / rawSeconds);
    const featRate = Math.round(total / featSeconds);
    const ratio = Math.round((featRate / rawRate) * 1000) / 1000;
    const plainRate = Math.round(total / plainSeconds);
    return [
      { suite: 'kafka', metric: 'BatchConsumer + contract validation, no-op handler', value: plainRate, unit: 'events/s', baseline: rawRate, baselineLabel: 'raw kafkajs eachBatch' },
      { suite: 'kafka', metric: `featurizer consumption (${total} events, ${PARTITIONS} partitions)`, value: featRate, unit: 'events/s', baseline: rawRate, baselineLabel: 'raw kafkajs eachBatch', target: '>= 0.8 x baseline', pass: ratio >= 0.8 },
      { suite: 'kafka', metric: 'featurizer / raw consumption ratio', value: ratio, unit: 'ratio', target: '>= 0.8', pass: ratio >= 0.8 },
    ];
  } finally {
    await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
    await admin.disconnect();
  }
}
