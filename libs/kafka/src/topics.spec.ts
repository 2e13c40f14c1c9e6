import { DEFAULT_TOPICS } from '@lockstep/contracts';
import { lockstepTopicSpecs, toTopicConfig, topicSpecsFor } from './topics';

describe('lockstepTopicSpecs', () => {
  it('covers the five topics, compacting only the state topics', () => {
    const specs = lockstepTopicSpecs();
    expect(specs.map((s) => s.topic).sort()).toEqual(Object.values(DEFAULT_TOPICS).sort());
    const compacted = specs.filter((s) => s.cleanupPolicy === 'compact').map((s) => s.topic).sort();
    expect(compacted).toEqual([DEFAULT_TOPICS.features, DEFAULT_TOPICS.enforcement].sort());
  });

  it('gives the enforcement topic one partition unless told otherwise', () => {
    expect(lockstepTopicSpecs(DEFAULT_TOPICS, { partitions: 6 }).find((s) => s.topic === DEFAULT_TOPICS.enforcement)!.numPartitions).toBe(1);
  });

  it('selects the specs of given roles', () => {
    expect(topicSpecsFor(['usage', 'usageDlq']).map((s) => s.topic)).toEqual([DEFAULT_TOPICS.usage, DEFAULT_TOPICS.usageDlq]);
  });

  it('uses configured names and partition counts', () => {
    const names = { usage: 'u', usageDlq: 'd', features: 'f', decisions: 'x', enforcement: 'e' };
    const specs = lockstepTopicSpecs(names, { partitions: 12, replicationFactor: 3 });
    expect(specs.map((s) => s.topic)).toEqual(['u', 'd', 'f', 'x', 'e']);
    expect(specs.find((s) => s.topic === 'u')).toMatchObject({ numPartitions: 12, replicationFactor: 3 });
    // The features topic has one partition: its single group owner is the active detector.
    expect(specs.find((s) => s.topic === 'f')).toMatchObject({ numPartitions: 1, replicationFactor: 3 });
  });

  it('renders explicit cleanup policy and retention as topic configs', () => {
    const cfg = toTopicConfig({ topic: 't', numPartitions: 2, replicationFactor: 1, cleanupPolicy: 'compact', retentionMs: -1, configs: { 'segment.ms': '1000' } });
    expect(cfg.configEntries).toEqual([
      { name: 'cleanup.policy', value: 'compact' },
      { name: 'retention.ms', value: '-1' },
      { name: 'segment.ms', value: '1000' },
    ]);
  });
});
