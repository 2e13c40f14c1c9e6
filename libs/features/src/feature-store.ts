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
   * log2 of the initial slots of the shared-prompt filter (8 bytes each): how many recent prompt
   * values are remembered to tell values shared between accounts from an account's own.
   */
  sharedFilterBits?: number;
  /** log2 of the most slots the filter grows to (2^24 = 128 MiB) to keep `sharedFilterHorizonMs`. */
  sharedFilterMaxBits?: number;
  /** Event time the filter should remember a value for; it grows while it remembers less. */
  sharedFilterHorizonMs?: number;
}

export interface FeatureStoreStats {
  tracked: number;
  events: number;
  emitted: number;
  suppressed: number;
  evictedCapacity: number;
  evictedIdle: number;
  /** Bytes held by the shared-prompt filter (grows with traffic, up to its cap). */
  sharedFilterBytes: number;
}

/** Entries the account cache starts with (it grows to maxAccounts). */
const INITIAL_CAPACITY = 4096;

export const FEATURE_STORE_DEFAULTS: Required<FeatureStoreOptions> = {
  maxAccounts: 1_000_000,
  idleTtlMs: 48 * HOUR_MS,
  minEmitIntervalMs: 5 * 60_000,
  eagerEvents: 10,
  sweepEvery: 10_000,
  sharedFilterBits: 20,
  sharedFilterMaxBits: 24,
  sharedFilterHorizonMs: 12 * HOUR_MS,
};

/**
 * Per-account behavioural state over event-time windows, bounded by an LRU. Pure: it is fed events
 * and returns account.features.v1 values when they are due (on change, rate-limited per account).
 */
export class FeatureStore {
  readonly options: Required<FeatureStoreOptions>;
  private cache: LRUCache<string, AccountState>;
  private evictedCapacity = 0;
  private evictedIdle = 0;
  private events = 0;
  private emitted = 0;
  private suppressed = 0;
  private sweeping = false;
  private readonly shared: SharedValueFilter;
  private evictionListener?: (accountId: string, state: AccountState) => void;

  constructor(options: FeatureStoreOptions = {}) {
    this.options = { ...FEATURE_STORE_DEFAULTS, ...stripUndefined(options) };
    const o = this.options;
    this.shared = new SharedValueFilter({ bits: o.sharedFilterBits, maxBits: Math.max(o.sharedFilterBits, o.sharedFilterMaxBits), horizonMs: o.sharedFilterHorizonMs });
    this.cache = this.newCache(Math.min(o.maxAccounts, INITIAL_CAPACITY));
  }

  /**
   * lru-cache allocates its arrays for `max` entries up front (about 0.2 s of start-up for a million),
   * so the cache starts small and doubles as accounts arrive; only at maxAccounts does it evict.
   */
  private newCache(max: number): LRUCache<string, AccountState> {
    return new LRUCache<string, AccountState>({
      max,
      dispose: (v, k, reason) => {
        if (reason === 'evict') this.evictedCapacity++;
        else if (reason === 'delete' && this.sweeping) this.evictedIdle++;
        else return;
        this.evictionListener?.(k, v);
      },
    });
  }

  /** Moves the entries, oldest first (so recency is kept), into a cache twice the size (capped at maxAccounts). */
  private grow(): void {
    const bigger = this.newCache(Math.min(this.options.maxAccounts, this.cache.max * 2));
    for (const [k, s] of this.cache.rentries()) bigger.set(k as string, s as AccountState);
    this.cache = bigger;
  }

  /** Folds one validated event in; returns the account's features (account.features.v1) when an emission is due. */
  ingest(e: UsageEvent): AccountFeatures | null {
    const v = this.ingestView(e);
    return v ? toJsonFeatures(v) : null;
  }

  /** Same as ingest, in the in-process form (no strings built): what the in-process pipeline uses. */
  ingestView(e: UsageEvent): FeatureView | null {
    const s = this.ingestDue(e);
    return s ? toFeatureView(e.account_id, s, e.ts) : null;
  }

  /**
   * Same as ingestView, but returns the account's state instead of building the view: a caller that
   * coalesces emissions (the featurizer keeps only the latest per account and chunk) builds the view
   * only for the ones it sends, with view(), before the account's next event changes the state.
   */
  ingestDue(e: UsageEvent): AccountState | null {
    this.events++;
    let s = this.cache.get(e.account_id);
    if (!s) {
      s = new AccountState();
      s.owner = fnv1a32(e.account_id);
      if (this.cache.size >= this.cache.max && this.cache.max < this.options.maxAccounts) this.grow();
      this.cache.set(e.account_id, s);
    }
    this.shared.advance(e.ts);
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
    return s;
  }

  /** Whether ingesting an event of this account at event time `ts` would emit (the rule of ingestDue). */
  wouldEmit(accountId: string, ts: number): boolean {
    const s = this.cache.peek(accountId);
    // update() always counts the event, so the next one is event n + 1 and never equals lastEmitN.
    return !s || s.n + 1 <= this.options.eagerEvents || ts - s.lastEmitTs >= this.options.minEmitIntervalMs;
  }

  /** The view of a tracked account's current state, stamped with `eventTs` (null if not tracked). */
  view(accountId: string, eventTs: number): FeatureView | null {
    const s = this.cache.peek(accountId);
    return s ? toFeatureView(accountId, s, eventTs) : null;
  }

  /** Called with an account's last state when it is evicted (capacity) or swept (idle TTL). */
  onEvict(listener: (accountId: string, state: AccountState) => void): void {
    this.evictionListener = listener;
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
      sharedFilterBytes: this.shared.bytes,
    };
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
