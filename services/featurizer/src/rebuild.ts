import type { Admin, Kafka } from 'kafkajs';
import type { Logger } from '@lockstep/observability';
import { EventValidator, type UsageEvent } from '@lockstep/contracts';
import { usageEventValidation } from '@lockstep/kafka';

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
  ingest: (events: UsageEvent[]) => void;
  logger?: Logger;
  timeoutMs?: number;
}): Promise<RebuildResult> {
  const started = Date.now();
  const { admin, topic } = opts;
  const [committed] = await admin.fetchOffsets({ groupId: opts.groupId, topics: [topic] });
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
 * Reads [from, until) of each given partition of the usage topic and hands the valid events to
 * ingest (in offset order per partition). Returns the number of valid events read.
 */
export async function replayRanges(opts: {
  kafka: Kafka;
  topic: string;
  groupId: string;
  ranges: Map<number, { from: bigint; until: bigint }>;
  ingest: (events: UsageEvent[]) => void;
  /** Called while waiting, e.g. to keep the caller's group membership alive. */
  onTick?: () => void;
  timeoutMs?: number;
}): Promise<number> {
  const { topic } = opts;
  const targets = new Map([...opts.ranges].filter(([, r]) => r.until > r.from));
  if (targets.size === 0) return 0;
  // No future-ts check: partitions are replayed in another interleaving than they were consumed,
  // and these events were accepted once already.
  const validate = usageEventValidation(new EventValidator(Number.POSITIVE_INFINITY));
  const reader = opts.kafka.consumer({ groupId: `${opts.groupId}.rebuild.${process.pid}.${Date.now().toString(36)}`, maxWaitTimeInMs: 200, allowAutoTopicCreation: false });
  const done = new Set<number>();
  let events = 0;
  let finish!: () => void;
  let fail!: (err: Error) => void;
  const finished = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const timer = setTimeout(() => fail(new Error(`state rebuild did not finish within ${opts.timeoutMs ?? 600000} ms`)), opts.timeoutMs ?? 600000);
  const ticker = opts.onTick ? setInterval(opts.onTick, 1000) : undefined;
  try {
    await reader.connect();
    await reader.subscribe({ topic, fromBeginning: true });
    await reader.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const range = targets.get(batch.partition);
        if (range === undefined || done.has(batch.partition)) return;
        const valid: UsageEvent[] = [];
        for (const m of batch.messages) {
          const off = BigInt(m.offset);
          if (off < range.from) continue;
          if (off >= range.until) break;
          const v = validate(m.value, m);
          if (v.ok) valid.push(v.value);
        }
        opts.ingest(valid);
        events += valid.length;
        if (BigInt(batch.lastOffset()) + 1n >= range.until) done.add(batch.partition);
        if (done.size === targets.size) finish();
      },
    });
    for (const [partition, r] of targets) if (r.from > 0n) reader.seek({ topic, partition, offset: r.from.toString() });
    await finished;
  } finally {
    clearTimeout(timer);
    if (ticker) clearInterval(ticker);
    await reader.disconnect().catch(() => undefined);
  }
  return events;
}

/**
 * Keeps feature state whole when partitions move on a rebalance. Per partition it tracks the
 * offset up to which state holds that partition's events; when a chunk starts beyond it (the
 * partition was owned by another member meanwhile), the gap is replayed from the usage log
 * without emitting before the chunk is processed. A partition seen for the first time is
 * covered from the startup rebuild (or from the start of the log).
 */
export class PartitionCatchUp {
  constructor(
    private readonly covered: Map<number, bigint>,
    private readonly replay: (partition: number, from: bigint, until: bigint, onTick: () => void) => Promise<number>,
  ) {}

  /** Before processing a chunk starting at firstOffset: replays the gap, if any. Returns events replayed. */
  async before(partition: number, firstOffset: string | undefined, heartbeat: () => Promise<void>): Promise<number> {
    if (firstOffset === undefined) return 0;
    const first = BigInt(firstOffset);
    const from = this.covered.get(partition) ?? 0n;
    if (first <= from) return 0;
    const n = await this.replay(partition, from, first, () => void heartbeat().catch(() => undefined));
    this.covered.set(partition, first);
    return n;
  }

  /** After a chunk was processed: state now holds the partition up to nextOffset. */
  after(partition: number, nextOffset: string | undefined): void {
    if (nextOffset === undefined) return;
    const next = BigInt(nextOffset);
    if (next > (this.covered.get(partition) ?? 0n)) this.covered.set(partition, next);
  }
}
