import type { Admin, ITopicConfig } from 'kafkajs';
import { DEFAULT_TOPICS, type TopicNames, type TopicRole } from '@lockstep/contracts';

export type CleanupPolicy = 'delete' | 'compact' | 'compact,delete';

/** One topic as the code wants it to exist. Explicit partitions, retention and cleanup policy, always. */
export interface TopicSpec {
  topic: string;
  numPartitions: number;
  replicationFactor: number;
  cleanupPolicy: CleanupPolicy;
  /** retention.ms; -1 keeps forever. Ignored by pure compaction only in the sense Kafka defines. */
  retentionMs: number;
  /** Further topic configs (e.g. min.compaction.lag.ms). */
  configs?: Record<string, string>;
}

export interface TopicTableOptions {
  /** Partitions for the keyed, scaled-out topics (usage, features, decisions, enforcement). */
  partitions?: number;
  replicationFactor?: number;
  /** Retention of the event log and the DLQ (default 7 days). */
  usageRetentionMs?: number;
  /** Retention of the decisions log (default 30 days: audit trail). */
  decisionsRetentionMs?: number;
  /**
   * Partitions of the enforcement topic (default 1, as the policy service creates it: it replays
   * the topic in order to rebuild state, so it is not keyed for scale-out like the others).
   */
  enforcementPartitions?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The five Lockstep topics. Event logs delete by time; the topics holding *state*
 * (latest features per account, current enforcement per account) are compacted so a
 * restarted consumer can rebuild state from the latest value per key.
 */
export function lockstepTopicSpecs(names: TopicNames = DEFAULT_TOPICS, opts: TopicTableOptions = {}): TopicSpec[] {
  const partitions = opts.partitions ?? 6;
  const replicationFactor = opts.replicationFactor ?? 1;
  const usageRetention = opts.usageRetentionMs ?? 7 * DAY_MS;
  const compactConfigs = {
    // Keep dirty segments small so compaction happens on a dev broker too.
    'min.cleanable.dirty.ratio': '0.1',
    'segment.ms': String(DAY_MS),
  };
  return [
    { topic: names.usage, numPartitions: partitions, replicationFactor, cleanupPolicy: 'delete', retentionMs: usageRetention },
    // Rejections are rare; partitions only for throughput parity with the source.
    { topic: names.usageDlq, numPartitions: Math.min(partitions, 3), replicationFactor, cleanupPolicy: 'delete', retentionMs: usageRetention },
    // One partition: the detector group's single owner is the active detector (active/standby);
    // the rate is bounded by rate-limited emission, not by the usage rate (ARCHITECTURE.md, Scale).
    { topic: names.features, numPartitions: 1, replicationFactor, cleanupPolicy: 'compact', retentionMs: -1, configs: compactConfigs },
    { topic: names.decisions, numPartitions: partitions, replicationFactor, cleanupPolicy: 'delete', retentionMs: opts.decisionsRetentionMs ?? 30 * DAY_MS },
    { topic: names.enforcement, numPartitions: opts.enforcementPartitions ?? 1, replicationFactor, cleanupPolicy: 'compact', retentionMs: -1, configs: compactConfigs },
  ];
}

/** The specs of just these topic roles (a service ensures only the topics it reads or writes). */
export function topicSpecsFor(roles: readonly TopicRole[], names: TopicNames = DEFAULT_TOPICS, opts: TopicTableOptions = {}): TopicSpec[] {
  const wanted = new Set(roles.map((r) => names[r]));
  return lockstepTopicSpecs(names, opts).filter((s) => wanted.has(s.topic));
}

/** The kafkajs shape of a spec (topic configs as strings). */
export function toTopicConfig(spec: TopicSpec): ITopicConfig {
  const configs: Record<string, string> = {
    'cleanup.policy': spec.cleanupPolicy,
    'retention.ms': String(spec.retentionMs),
    ...spec.configs,
  };
  return {
    topic: spec.topic,
    numPartitions: spec.numPartitions,
    replicationFactor: spec.replicationFactor,
    configEntries: Object.entries(configs).map(([name, value]) => ({ name, value })),
  };
}

export interface EnsureTopicsResult {
  created: string[];
  /** Existing topics whose partition count was raised to the spec. */
  expanded: string[];
  /** Existing topics whose configs differed from the spec and were set. */
  reconfigured: string[];
}

/**
 * Creates missing topics (waiting for partition leaders), raises partition counts that are
 * below the spec (never lowers: Kafka cannot), and resets configs that drifted.
 * Safe to run concurrently from several services: "already exists" is not an error.
 */
export async function ensureTopics(admin: Admin, specs: TopicSpec[]): Promise<EnsureTopicsResult> {
  const result: EnsureTopicsResult = { created: [], expanded: [], reconfigured: [] };
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.topic));
  if (missing.length > 0) {
    await admin.createTopics({ waitForLeaders: true, topics: missing.map(toTopicConfig) });
    result.created.push(...missing.map((s) => s.topic));
  }
  const present = specs.filter((s) => existing.has(s.topic));
  if (present.length === 0) return result;

  const metadata = await admin.fetchTopicMetadata({ topics: present.map((s) => s.topic) });
  const counts = new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
  const grow = present.filter((s) => (counts.get(s.topic) ?? 0) < s.numPartitions);
  for (const s of grow) {
    try {
      await admin.createPartitions({ topicPartitions: [{ topic: s.topic, count: s.numPartitions }] });
      result.expanded.push(s.topic);
    } catch (err) {
      // Another service expanded it first (INVALID_PARTITIONS: already at that count): fine if so.
      const now = await admin.fetchTopicMetadata({ topics: [s.topic] });
      if ((now.topics[0]?.partitions.length ?? 0) < s.numPartitions) throw err;
    }
  }

  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: present.map((s) => ({ type: 2 /* TOPIC */, name: s.topic })),
  });
  const actual = new Map(described.resources.map((r) => [r.resourceName, new Map(r.configEntries.map((e) => [e.configName, e.configValue]))]));
  const drifted = present.filter((s) => {
    const have = actual.get(s.topic);
    return toTopicConfig(s).configEntries!.some((e) => have?.get(e.name) !== e.value);
  });
  if (drifted.length > 0) {
    // alterConfigs replaces the topic's whole dynamic config: send the full spec.
    await admin.alterConfigs({
      validateOnly: false,
      resources: drifted.map((s) => ({ type: 2, name: s.topic, configEntries: toTopicConfig(s).configEntries! })),
    });
    result.reconfigured.push(...drifted.map((s) => s.topic));
  }
  return result;
}
