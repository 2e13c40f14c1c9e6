// Helpers shared by integration tests that talk to the local broker.
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Admin, type KafkaMessage } from 'kafkajs';

/** The broker the tests use: LOCKSTEP_KAFKA_BROKERS or the local default. */
export function testBrokers(): string[] {
  return (process.env.LOCKSTEP_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((s) => s.trim()).filter(Boolean);
}

/** Unique per test, so tests can share one broker (and re-runs never see old data). */
export function uniqueName(prefix: string): string {
  return `t.${prefix}.${Date.now().toString(36)}.${randomBytes(3).toString('hex')}`;
}

export function testKafka(clientId = 'lockstep-test'): Kafka {
  return new Kafka({ clientId, brokers: testBrokers(), logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 200 } });
}

export async function createTestTopics(admin: Admin, topics: string[], numPartitions = 1): Promise<void> {
  await admin.createTopics({ waitForLeaders: true, topics: topics.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })) });
}

export async function deleteTestTopics(admin: Admin, topics: string[]): Promise<void> {
  await admin.deleteTopics({ topics, timeout: 10000 }).catch(() => undefined);
}

/** Polls until check() returns a truthy value or the deadline passes (then throws with the label). */
export async function waitFor<T>(label: string, check: () => T | Promise<T>, timeoutMs = 60000, everyMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Reads every message of a topic from the beginning until `count` have arrived. */
export async function readTopic(kafka: Kafka, topic: string, count: number, timeoutMs = 60000): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), maxWaitTimeInMs: 200 });
  const out: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        out.push(message);
      },
    });
    await waitFor(`${count} messages on ${topic} (have ${out.length})`, () => out.length >= count, timeoutMs);
    return out;
  } finally {
    await consumer.disconnect();
  }
}

/** The five topic roles under one unique prefix, so tests sharing the broker never collide. */
export interface TestTopics { usage: string; usageDlq: string; features: string; decisions: string; enforcement: string }

export function testTopics(base: string): TestTopics {
  return { usage: `${base}.usage`, usageDlq: `${base}.dlq`, features: `${base}.features`, decisions: `${base}.decisions`, enforcement: `${base}.enforcement` };
}

/** The environment that points a `lockstep serve` process at the test broker and these topics. */
export function kafkaEnv(topics: TestTopics): Record<string, string> {
  return {
    LOCKSTEP_KAFKA_BROKERS: testBrokers().join(','),
    LOCKSTEP_KAFKA_TOPICS_USAGE: topics.usage,
    LOCKSTEP_KAFKA_TOPICS_USAGE_DLQ: topics.usageDlq,
    LOCKSTEP_KAFKA_TOPICS_FEATURES: topics.features,
    LOCKSTEP_KAFKA_TOPICS_DECISIONS: topics.decisions,
    LOCKSTEP_KAFKA_TOPICS_ENFORCEMENT: topics.enforcement,
  };
}

/**
 * Follows account.features.v1 and keeps, per account, the largest n_events seen: with every
 * event emitting, that is the number of the account's events the featurizer state holds.
 */
export async function followEventCounts(kafka: Kafka, topic: string): Promise<{ counts: Map<string, number>; stop: () => Promise<void> }> {
  const counts = new Map<string, number>();
  const reader = kafka.consumer({ groupId: uniqueName('reader'), maxWaitTimeInMs: 200 });
  await reader.connect();
  await reader.subscribe({ topic, fromBeginning: true });
  await reader.run({
    eachMessage: async ({ message }) => {
      const v = JSON.parse(message.value!.toString()) as { account_id: string; n_events: number };
      counts.set(v.account_id, Math.max(counts.get(v.account_id) ?? 0, v.n_events));
    },
  });
  return { counts, stop: () => reader.disconnect() };
}
