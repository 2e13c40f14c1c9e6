import { LRUCache } from 'lru-cache';
import type { UsageEvent } from '@lockstep/contracts';
import type { AccountFeatures, FeatureStore } from '@lockstep/features';

export interface FeaturizeStats {
  ingested: number;
  duplicates: number;
}

/**
 * Folds events into the FeatureStore exactly once per event_id (within a bounded window of
 * recent ids) and keeps the resulting emissions pending until they are acknowledged as
 * produced. A chunk that failed to produce is retried by the consumer: its events are then
 * duplicates (state already holds them) but their pending emissions still go out.
 */
export class Featurizer {
  private readonly seen: LRUCache<string, true> | null;
  /**
   * Latest unsent vector per account (the topic is compacted: only the latest matters), per
   * source partition: partitions are processed concurrently and each chunk sends and
   * acknowledges only what its own partition produced (an account lives in one partition).
   */
  private readonly pending = new Map<number, Map<string, AccountFeatures>>();

  constructor(
    private readonly store: FeatureStore,
    dedupCapacity: number,
  ) {
    this.seen = dedupCapacity > 0 ? new LRUCache<string, true>({ max: dedupCapacity }) : null;
  }

  ingest(events: Iterable<UsageEvent>, partition = 0): FeaturizeStats {
    const stats = { ingested: 0, duplicates: 0 };
    let pending = this.pending.get(partition);
    if (!pending) this.pending.set(partition, (pending = new Map()));
    for (const e of events) {
      if (this.seen?.has(e.event_id)) {
        stats.duplicates++;
        continue;
      }
      this.seen?.set(e.event_id, true);
      stats.ingested++;
      const out = this.store.ingest(e);
      if (out) pending.set(out.account_id, out);
    }
    return stats;
  }

  /**
   * Folds in events already processed before a restart: state and the dedup window are restored,
   * but nothing is emitted (those vectors were produced before).
   */
  restore(events: Iterable<UsageEvent>): void {
    for (const e of events) {
      if (this.seen?.has(e.event_id)) continue;
      this.seen?.set(e.event_id, true);
      this.store.ingest(e);
    }
  }

  /** Emissions of a partition not yet acknowledged, in insertion order. */
  pendingOutputs(partition = 0): AccountFeatures[] {
    const pending = this.pending.get(partition);
    return pending ? [...pending.values()] : [];
  }

  /** Marks these outputs as produced (unless a newer one replaced them meanwhile). */
  acknowledge(sent: AccountFeatures[], partition = 0): void {
    const pending = this.pending.get(partition);
    if (!pending) return;
    for (const f of sent) if (pending.get(f.account_id) === f) pending.delete(f.account_id);
  }
}
