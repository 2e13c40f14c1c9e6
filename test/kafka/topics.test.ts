// ensureTopics against the real broker: explicit partitions, retention and cleanup policy.
import type { Admin, Kafka } from 'kafkajs';
import { ensureTopics, lockstepTopicSpecs } from '@lockstep/kafka';
import { deleteTestTopics, testKafka, uniqueName, waitFor } from '../support/kafka';

async function topicConfig(admin: Admin, topic: string): Promise<Map<string, string>> {
  const res = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: topic, configNames: ['cleanup.policy', 'retention.ms'] }] });
  return new Map(res.resources[0]!.configEntries.map((e) => [e.configName, e.configValue]));
}

describe('ensureTopics (real broker)', () => {
  let kafka: Kafka;
  let admin: Admin;
  const base = uniqueName('topics');
  const names = { usage: `${base}.usage`, usageDlq: `${base}.dlq`, features: `${base}.features`, decisions: `${base}.decisions`, enforcement: `${base}.enforcement` };

  beforeAll(async () => {
    kafka = testKafka('topics-test');
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(async () => {
    await deleteTestTopics(admin, Object.values(names));
    await admin.disconnect();
  });

  it('creates the five topics with leaders, compacting the state topics', async () => {
    const specs = lockstepTopicSpecs(names, { partitions: 3 });
    const first = await ensureTopics(admin, specs);
    expect(first.created.sort()).toEqual(Object.values(names).sort());

    const meta = await admin.fetchTopicMetadata({ topics: Object.values(names) });
    for (const t of meta.topics) {
      for (const p of t.partitions) expect(p.leader).toBeGreaterThanOrEqual(0);
    }
    expect(meta.topics.find((t) => t.name === names.usage)!.partitions).toHaveLength(3);
    expect((await topicConfig(admin, names.features)).get('cleanup.policy')).toBe('compact');
    expect((await topicConfig(admin, names.enforcement)).get('cleanup.policy')).toBe('compact');
    expect((await topicConfig(admin, names.usage)).get('cleanup.policy')).toBe('delete');
    expect((await topicConfig(admin, names.usage)).get('retention.ms')).toBe(String(7 * 24 * 3600 * 1000));

    // Idempotent.
    expect(await ensureTopics(admin, specs)).toEqual({ created: [], expanded: [], reconfigured: [] });
  });

  it('raises partition counts and repairs drifted configs', async () => {
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: 2, name: names.decisions, configEntries: [{ name: 'retention.ms', value: '1000' }] }] });
    await waitFor('drift visible', async () => (await topicConfig(admin, names.decisions)).get('retention.ms') === '1000', 30_000, 200);
    const res = await ensureTopics(admin, lockstepTopicSpecs(names, { partitions: 4 }));
    expect(res.created).toEqual([]);
    expect(res.expanded).toContain(names.usage);
    expect(res.reconfigured).toContain(names.decisions);
    const meta = await admin.fetchTopicMetadata({ topics: [names.usage] });
    expect(meta.topics[0]!.partitions).toHaveLength(4);
    // Config changes reach the broker's view asynchronously (KRaft metadata log): poll.
    const want = String(30 * 24 * 3600 * 1000);
    // Several services starting at once may ensure the same topics concurrently.
    const both = await Promise.all([ensureTopics(admin, lockstepTopicSpecs(names, { partitions: 5 })), ensureTopics(admin, lockstepTopicSpecs(names, { partitions: 5 }))]);
    expect(both.flatMap((r) => r.created)).toEqual([]);
    expect((await admin.fetchTopicMetadata({ topics: [names.usage] })).topics[0]!.partitions).toHaveLength(5);
    await waitFor('repaired retention.ms', async () => (await topicConfig(admin, names.decisions)).get('retention.ms') === want, 30_000, 200);
  });
});
