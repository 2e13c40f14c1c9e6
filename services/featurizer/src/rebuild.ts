import type { Admin, Kafka } from 'kafkajs';
import type { Logger } from '@lockstep/observability';
import { EventValidator, type UsageEvent } from '@lockstep/contracts';
import { usageEventValidation } from '@lockstep/kafka';

export interface RebuildResult {
  events: number;
  partitions: number;
  ms: number;
}

/**
 * Rebuilds in-memory feature state after a restart by re-reading the usage topic from the start
 * of its retention up to the group's committed offsets (the events already folded in before the
 * crash), without emitting. The group consumer then resumes at the committed offsets, and the
 * dedup window (filled here too) absorbs the redelivered tail. Every partition is replayed, not
 * only the ones this member will own: a superset of state is harmless and survives rebalances.
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
  const targets = new Map<number, bigint>();
  for (const p of committed?.partitions ?? []) {
    const low = BigInt(bounds.find((b) => b.partition === p.partition)?.low ?? '0');
    const until = BigInt(p.offset);
    if (until > low) targets.set(p.partition, until);
  }
  if (targets.size === 0) return { events: 0, partitions: 0, ms: Date.now() - started };

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
  try {
    await reader.connect();
    await reader.subscribe({ topic, fromBeginning: true });
    await reader.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const until = targets.get(batch.partition);
        if (until === undefined || done.has(batch.partition)) return;
        const valid: UsageEvent[] = [];
        for (const m of batch.messages) {
          if (BigInt(m.offset) >= until) break;
          const v = validate(m.value, m);
          if (v.ok) valid.push(v.value);
        }
        opts.ingest(valid);
        events += valid.length;
        if (BigInt(batch.lastOffset()) + 1n >= until) done.add(batch.partition);
        if (done.size === targets.size) finish();
      },
    });
    await finished;
  } finally {
    clearTimeout(timer);
    await reader.disconnect().catch(() => undefined);
  }
  const result = { events, partitions: targets.size, ms: Date.now() - started };
  opts.logger?.info(result, 'feature state rebuilt from the usage log');
  return result;
}
