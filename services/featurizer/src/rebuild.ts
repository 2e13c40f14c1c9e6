import type { Admin, Kafka } from 'kafkajs';
import type { Logger } from '@lockstep/observability';
import { replayPartitions } from '@lockstep/kafka';

export interface RebuildResult {
  events: number;
  partitions: number;
  ms: number;
  /** Per partition, the offset up to which state now holds the partition's events. */
  covered: Map<number, bigint>;
}

/**
 * Rebuilds in-memory feature state after a restart by re-reading the usage topic from the start
 * of its retention up to the group's committed offsets (the events already folded in before the
 * crash), without emitting. The group consumer then resumes at the committed offsets, and the
 * dedup window (filled here too) absorbs the redelivered tail. Every partition is replayed, not
 * only the ones this member will own; partitions that move here later are caught up from
 * `covered` by `PartitionCatchUp` (a rebalance).
 */
export async function rebuildFromLog(opts: {
  kafka: Kafka;
  admin: Admin;
  topic: string;
  groupId: string;
  /** Folds in raw message values (validated by the receiver); resolves to how many were valid. */
  ingest: (values: (Buffer | null)[]) => Promise<number>;
  logger?: Logger;
  timeoutMs?: number;
}): Promise<RebuildResult> {
  const started = Date.now();
  const { admin, topic } = opts;
  const [committed] = await retryCoordinator(() => admin.fetchOffsets({ groupId: opts.groupId, topics: [topic] }));
  const bounds = await admin.fetchTopicOffsets(topic);
  const covered = new Map<number, bigint>();
  const ranges = new Map<number, { from: bigint; until: bigint }>();
  for (const b of bounds) {
    const low = BigInt(b.low);
    const c = committed?.partitions.find((p) => p.partition === b.partition);
    const until = c ? BigInt(c.offset) : -1n;
    if (until > low) ranges.set(b.partition, { from: low, until });
    covered.set(b.partition, until > low ? until : low);
  }
  const events = await replayRanges({ ...opts, ranges });
  const result = { events, partitions: ranges.size, ms: Date.now() - started, covered };
  if (ranges.size > 0) opts.logger?.info({ events, partitions: ranges.size, ms: result.ms }, 'feature state rebuilt from the usage log');
  return result;
}

/**
 * Retries while the group coordinator is moving or loading (e.g. just after a broker start):
 * kafkajs' admin surfaces NOT_COORDINATOR / COORDINATOR_LOAD_IN_PROGRESS to the caller.
 */
async function retryCoordinator<T>(fn: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 200; ; wait = Math.min(wait * 2, 3000)) {
    try {
      return await fn();
    } catch (err) {
      const e = err as { retriable?: boolean; type?: string };
      const coordinator = e.type === 'NOT_COORDINATOR' || e.type === 'COORDINATOR_LOAD_IN_PROGRESS' || e.type === 'COORDINATOR_NOT_AVAILABLE';
      if (!(coordinator || e.retriable) || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/**
 * Reads [from, until) of each given partition of the usage topic and hands the raw values to
 * ingest (in offset order per partition), waiting for each batch to be folded in. Returns the
 * number of valid events read.
 */
export async function replayRanges(opts: {
  kafka: Kafka;
  topic: string;
  groupId: string;
  ranges: Map<number, { from: bigint; until: bigint }>;
  ingest: (values: (Buffer | null)[]) => Promise<number>;
  onTick?: () => void;
  timeoutMs?: number;
}): Promise<number> {
  let events = 0;
  await replayPartitions({
    ...opts,
    onMessages: async (_partition, messages) => {
      events += await opts.ingest(messages.map((m) => m.value));
    },
  });
  return events;
}
