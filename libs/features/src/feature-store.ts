import { LRUCache } from 'lru-cache';
import type { UsageEvent } from '@lockstep/contracts';
import { AccountState, HOUR_MS } from './account-state';
import { fnv1a32 } from './hashing';
import { SharedValueFilter } from './shared-values';
import { toAccountFeatures, toFeatureView, toJsonFeatures, type AccountFeatures, type FeatureView } from './account-features';

export interface FeatureStoreOptions {
  /** Most accounts tracked at once; the least recently active is evicted beyond it. */
  maxAccounts?: number;
  /** Accounts idle this long in event time are dropped. */
  idleTtlMs?: number;
  /** Least event time between two emissions for one account (after its first `eagerEvents`). */
  minEmitIntervalMs?: number;
  /** Every one of an account's first N events emits, so new accounts are judged quickly. */
  eagerEvents?: number;
  /** How many events between sweeps for idle accounts. */
  sweepEvery?: number;
  /**
   * log2 of the slots of the shared-prompt filter (8 bytes each, fixed): how many recent prompt
   * values are remembered to tell values shared between accounts from an account's own.
   */
  sharedFilterBits?: number;
}

export interface FeatureStoreStats {
  tracked: number;
  events: number;
  emitted: number;
  suppressed: number;
  evictedCapacity: number;
  evictedIdle: number;
}

export const FEATURE_STORE_DEFAULTS: Required<FeatureStoreOptions> = {
  maxAccounts: 1_000_000,
  idleTtlMs: 48 * HOUR_MS,
  minEmitIntervalMs: 5 * 60_000,
  eagerEvents: 10,
  sweepEvery: 10_000,
  sharedFilterBits: 20,
};

/**
 * Per-account behavioural state over event-time windows, bounded by an LRU. Pure: it is fed events
 * and returns account.features.v1 values when they are due (on change, rate-limited per account).
 */
export class FeatureStore {
  readonly options: Required<FeatureStoreOptions>;
  private readonly cache: LRUCache<string, AccountState>;
  private evictedCapacity = 0;
  private evictedIdle = 0;
  private events = 0;
  private emitted = 0;
  private suppressed = 0;
  private sweeping = false;
  private readonly shared: SharedValueFilter;

  constructor(options: FeatureStoreOptions = {}) {
    this.options = { ...FEATURE_STORE_DEFAULTS, ...stripUndefined(options) };
    this.shared = new SharedValueFilter(this.options.sharedFilterBits);
    this.cache = new LRUCache<string, AccountState>({
      max: this.options.maxAccounts,
      dispose: (_v, _k, reason) => {
        if (reason === 'evict') this.evictedCapacity++;
        else if (reason === 'delete' && this.sweeping) this.evictedIdle++;
      },
    });
  }

  /** Folds one validated event in; returns the account's features (account.features.v1) when an emission is due. */
  ingest(e: UsageEvent): AccountFeatures | null {
    const v = this.ingestView(e);
    return v ? toJsonFeatures(v) : null;
  }

  /** Same as ingest, in the in-process form (no strings built): what the in-process pipeline uses. */
  ingestView(e: UsageEvent): FeatureView | null {
    this.events++;
    let s = this.cache.get(e.account_id);
    if (!s) {
      s = new AccountState();
      s.owner = fnv1a32(e.account_id);
      this.cache.set(e.account_id, s);
    }
    s.update(e, this.shared);
    if (this.events % this.options.sweepEvery === 0) this.sweepIdle(e.ts);
    const due = s.n <= this.options.eagerEvents || e.ts - s.lastEmitTs >= this.options.minEmitIntervalMs;
    if (!due || s.n === s.lastEmitN) {
      this.suppressed++;
      return null;
    }
    s.lastEmitTs = e.ts;
    s.lastEmitN = s.n;
    this.emitted++;
    return toFeatureView(e.account_id, s, e.ts);
  }

  /** Current features of a tracked account regardless of rate limits (for lookups and tests). */
  snapshot(accountId: string, eventTs?: number): AccountFeatures | null {
    const s = this.cache.peek(accountId);
    return s ? toAccountFeatures(accountId, s, eventTs ?? s.lastTs) : null;
  }

  /** Drops accounts idle longer than idleTtlMs at event time `nowTs` (oldest first, stops early). */
  sweepIdle(nowTs: number): number {
    const cutoff = nowTs - this.options.idleTtlMs;
    const stale: string[] = [];
    for (const entry of this.cache.rentries()) {
      const [k, s] = entry as [string, AccountState];
      if (s.lastTs >= cutoff) break;
      stale.push(k);
    }
    this.sweeping = true;
    try {
      for (const k of stale) this.cache.delete(k);
    } finally {
      this.sweeping = false;
    }
    return stale.length;
  }

  get size(): number {
    return this.cache.size;
  }

  stats(): FeatureStoreStats {
    return {
      tracked: this.cache.size,
      events: this.events,
      emitted: this.emitted,
      suppressed: this.suppressed,
      evictedCapacity: this.evictedCapacity,
      evictedIdle: this.evictedIdle,
    };
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
