import type { UsageEvent } from '@lockstep/contracts';
import { serializeFeatures, toFeatureView, type FeatureStore, type FeatureView } from '@lockstep/features';

export interface FeaturizeStats {
  ingested: number;
  duplicates: number;
}

/** One account.features.v1 record waiting to be produced (value already serialized). */
export interface PendingOutput {
  /** account_id: the record key. */
  key: string;
  /** The account.features.v1 JSON. */
  value: string;
  /** event_ts of the vector: the record timestamp. */
  timestamp: number;
  /** Identifies this emission, so acknowledging it never drops a newer one of the same account. */
  seq: number;
}

interface Pending {
  accountId: string;
  partition: number;
  /** ts of the event that made the emission due. */
  eventTs: number;
  seq: number;
  /** Built lazily: when sent, or just before the account's state moves past this emission. */
  view?: FeatureView;
  json?: string;
}

/**
 * Folds events into the FeatureStore exactly once per event_id (within a bounded window of
 * recent ids) and keeps the resulting emissions pending until they are acknowledged as
 * produced. A chunk that failed to produce is retried by the consumer: its events are then
 * duplicates (state already holds them) but their pending emissions still go out.
 */
export class Featurizer {
  private readonly seen: RecentIds | null;
  /**
   * Latest unsent vector per account (the topic is compacted: only the latest matters), per
   * source partition: partitions are processed concurrently and each chunk sends and
   * acknowledges only what its own partition produced (an account lives in one partition).
   * A vector replaced before it was sent is never serialized.
   */
  private readonly pending = new Map<number, Map<string, Pending>>();
  /**
   * Pending emissions whose view is not built yet, by account: the store's state of the account is
   * still exactly the state of that emission. Most eager emissions are replaced by the account's next
   * one in the same chunk, so most views are never built.
   */
  private readonly unbuilt = new Map<string, Pending>();
  private seq = 0;

  constructor(
    private readonly store: FeatureStore,
    dedupCapacity: number,
  ) {
    this.seen = dedupCapacity > 0 ? new RecentIds(dedupCapacity) : null;
    store.onEvict((accountId, state) => {
      const p = this.unbuilt.get(accountId);
      if (!p) return;
      p.view = toFeatureView(accountId, state, p.eventTs);
      this.unbuilt.delete(accountId);
    });
  }

  /** Builds the pending view of an account before its state changes (unless it is replaced anyway). */
  private freeze(accountId: string): void {
    const p = this.unbuilt.get(accountId);
    if (!p) return;
    p.view = this.store.view(accountId, p.eventTs) ?? undefined;
    this.unbuilt.delete(accountId);
  }

  ingest(events: Iterable<UsageEvent>, partition = 0): FeaturizeStats {
    const stats = { ingested: 0, duplicates: 0 };
    for (const e of events) {
      if (this.ingestOne(e, partition)) stats.ingested++;
      else stats.duplicates++;
    }
    return stats;
  }

  /** Folds one event in; false if it was a redelivered duplicate. */
  ingestOne(e: UsageEvent, partition = 0): boolean {
    if (this.seen && !this.seen.add(e.event_id)) return false;
    const id = e.account_id;
    // A due event replaces the pending emission; any other would change the state it must show.
    const prev = this.unbuilt.get(id);
    if (prev && (prev.partition !== partition || !this.store.wouldEmit(id, e.ts))) this.freeze(id);
    if (this.store.ingestDue(e)) {
      let pending = this.pending.get(partition);
      if (!pending) this.pending.set(partition, (pending = new Map()));
      const p: Pending = { accountId: id, partition, eventTs: e.ts, seq: ++this.seq };
      pending.set(id, p);
      this.unbuilt.set(id, p);
    }
    return true;
  }

  /**
   * Folds in events already processed before a restart: state and the dedup window are restored,
   * but nothing is emitted (those vectors were produced before).
   */
  restore(events: Iterable<UsageEvent>): void {
    for (const e of events) {
      if (this.seen && !this.seen.add(e.event_id)) continue;
      this.freeze(e.account_id);
      this.store.ingestDue(e);
    }
  }

  /** Emissions of a partition not yet acknowledged, in insertion order. */
  pendingOutputs(partition = 0): PendingOutput[] {
    const pending = this.pending.get(partition);
    if (!pending) return [];
    const out: PendingOutput[] = [];
    for (const p of pending.values()) {
      if (this.unbuilt.get(p.accountId) === p) this.freeze(p.accountId);
      // No view only if the account left the store without an eviction callback (cannot happen today).
      if (!p.view) continue;
      p.json ??= serializeFeatures(p.view);
      out.push({ key: p.accountId, value: p.json, timestamp: p.eventTs, seq: p.seq });
    }
    return out;
  }

  /** Marks these outputs as produced (unless a newer one replaced them meanwhile). */
  acknowledge(sent: Pick<PendingOutput, 'key' | 'seq'>[], partition = 0): void {
    const pending = this.pending.get(partition);
    if (!pending) return;
    for (const f of sent) {
      const p = pending.get(f.key);
      if (p?.seq === f.seq) {
        pending.delete(f.key);
        if (this.unbuilt.get(f.key) === p) this.unbuilt.delete(f.key);
      }
    }
  }
}

/**
 * The last `capacity` distinct ids, oldest forgotten first: what an LRU over ids that are only ever
 * inserted once amounts to, as a Set plus a ring of the ids in insertion order. (Not "delete the
 * Set's first entry": a Set iterator walks over the holes deleted entries leave, which made that
 * quadratic once the window was full.)
 */
export class RecentIds {
  private readonly ids = new Set<string>();
  private readonly ring: (string | undefined)[];
  private next = 0;

  constructor(private readonly capacity: number) {
    this.ring = new Array<string | undefined>(capacity);
  }

  /** Remembers id; false if it was already remembered. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    const oldest = this.ring[this.next];
    if (oldest !== undefined) this.ids.delete(oldest);
    this.ring[this.next] = id;
    this.next = (this.next + 1) % this.capacity;
    this.ids.add(id);
    return true;
  }

  get size(): number {
    return this.ids.size;
  }
}
