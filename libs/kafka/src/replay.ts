import type { Kafka, KafkaMessage } from 'kafkajs';

/**
 * Reads [from, until) of each given partition of a topic (a throwaway group, nothing committed)
 * and hands the messages to onMessages in offset order per partition. Used to rebuild in-memory
 * state from a log. Returns the number of messages read.
 */
export async function replayPartitions(opts: {
  kafka: Kafka;
  topic: string;
  /** Prefix of the throwaway reader group (named after the owner's group, for ops). */
  groupId: string;
  ranges: Map<number, { from: bigint; until: bigint }>;
  /** May return a promise: reading waits for it (backpressure for asynchronous consumers). */
  onMessages: (partition: number, messages: KafkaMessage[]) => void | Promise<void>;
  /** Called every second while reading, e.g. to keep the caller's group membership alive. */
  onTick?: () => void;
  timeoutMs?: number;
}): Promise<number> {
  const { topic } = opts;
  const targets = new Map([...opts.ranges].filter(([, r]) => r.until > r.from));
  if (targets.size === 0) return 0;
  const timeoutMs = opts.timeoutMs ?? 600_000;
  const reader = opts.kafka.consumer({ groupId: `${opts.groupId}.rebuild.${process.pid}.${Date.now().toString(36)}`, maxWaitTimeInMs: 200, allowAutoTopicCreation: false });
  const done = new Set<number>();
  let read = 0;
  let finish!: () => void;
  let fail!: (err: Error) => void;
  const finished = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const timer = setTimeout(() => fail(new Error(`replay of ${topic} did not finish within ${timeoutMs} ms`)), timeoutMs);
  const ticker = opts.onTick ? setInterval(opts.onTick, 1000) : undefined;
  try {
    await reader.connect();
    await reader.subscribe({ topic, fromBeginning: true });
    await reader.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const range = targets.get(batch.partition);
        if (range === undefined || done.has(batch.partition)) return;
        const inRange: KafkaMessage[] = [];
        for (const m of batch.messages) {
          const off = BigInt(m.offset);
          if (off < range.from) continue;
          if (off >= range.until) break;
          inRange.push(m);
        }
        if (inRange.length > 0) await opts.onMessages(batch.partition, inRange);
        read += inRange.length;
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
  return read;
}

/**
 * Keeps a consumer's in-memory state whole when partitions move (a rebalance, a restart, a
 * standby taking over). Per partition it tracks the offset up to which state holds that
 * partition's messages; when a chunk starts beyond it (another member owned the partition
 * meanwhile), the gap is replayed before the chunk is processed. A partition never seen is
 * covered from offset 0 (the start of the log) unless told otherwise.
 */
export class PartitionCatchUp {
  constructor(
    private readonly covered: Map<number, bigint>,
    private readonly replay: (partition: number, from: bigint, until: bigint, onTick: () => void) => Promise<number>,
  ) {}

  /** Before processing a chunk starting at firstOffset: replays the gap, if any. Returns messages replayed. */
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
