/**
 * The detector's remembered accounts: a least-recently-stored map bounded to `max` entries, the
 * subset of lru-cache's behaviour the detector uses (peek, set, values newest first, size, clear),
 * plus swap(): store and get the previous value in one lookup. The detector replaces an account's
 * summary on every update, and lru-cache's set (options, status, background-fetch and size
 * bookkeeping) on top of a separate peek cost more than the rest of that update.
 * `onRemove` sees every value that leaves by eviction or clear(), not ones replaced by set/swap,
 * with the index its key had (see lastIndex), so a caller can free what it keeps by index.
 */
export class AccountLru<V> {
  private readonly slotOf = new Map<string, number>();
  private keys: (string | undefined)[] = [];
  private vals: (V | undefined)[] = [];
  private newer = new Int32Array(64);
  private older = new Int32Array(64);
  /**
   * swap()'s index: slots chained by a 32-bit hash of their key (bucket heads, each slot's next in its
   * chain, -1 ending one; and the hash each slot is chained under). A caller that already has a hash of
   * the key (the detector: the summary's idHash) saves hashing it (a fresh string per update, from
   * another thread), and a chain compares the string only with keys of the same hash. The map, kept
   * for lookups by key alone, made this the costliest lookup of the replay's busiest path.
   */
  private heads = new Int32Array(64).fill(-1);
  private chain = new Int32Array(64);
  private hashOf = new Int32Array(64);
  /** Least and most recently stored slots (-1 when empty). */
  private oldest = -1;
  private newest = -1;
  /**
   * The index of the entry the latest swap() stored: a dense number naming its key while the key stays
   * (an evicted key's index goes to the key that evicted it; clear() starts over).
   */
  lastIndex = -1;

  constructor(
    readonly max: number,
    private readonly onRemove: (value: V, index: number) => void,
  ) {
    if (!(max >= 1)) throw new RangeError('max must be at least 1');
  }

  get size(): number {
    return this.slotOf.size;
  }

  /** The index of `key` (see lastIndex), or -1. */
  indexOf(key: string): number {
    const i = this.slotOf.get(key);
    return i === undefined ? -1 : i;
  }

  /** The value of `key` without making it recent. */
  peek(key: string): V | undefined {
    const i = this.slotOf.get(key);
    return i === undefined ? undefined : this.vals[i];
  }

  set(key: string, value: V): this {
    this.swap(key, value);
    return this;
  }

  /**
   * Stores `value` as the most recent, evicting the oldest entry if full; returns the value it replaced.
   * `hash`: any 32-bit hash of `key`, the same for every swap of the key for the fastest lookup (a key
   * swapped with another hash than before is still found, by a second lookup).
   */
  swap(key: string, value: V, hash: number = stringHash(key)): V | undefined {
    const h = hash | 0;
    let i = this.find(h, key);
    // Not chained under this hash: new, or (rarely) chained under another.
    if (i < 0) i = this.slotOf.get(key) ?? -1;
    if (i >= 0) {
      const old = this.vals[i];
      this.vals[i] = value;
      this.toNewest(i);
      this.lastIndex = i;
      return old;
    }
    let j: number;
    if (this.slotOf.size >= this.max) {
      j = this.oldest;
      const gone = this.vals[j]!;
      this.slotOf.delete(this.keys[j]!);
      this.unlink(j);
      this.unchain(j);
      this.onRemove(gone, j);
    } else j = this.slot();
    this.keys[j] = key;
    this.vals[j] = value;
    this.slotOf.set(key, j);
    this.link(j);
    this.hashOf[j] = h;
    // At most one entry per bucket on average (rehash chains the new one with the rest).
    if (this.slotOf.size > this.heads.length) this.rehash(this.heads.length * 2);
    else this.enchain(j);
    this.lastIndex = j;
    return undefined;
  }

  /** The slot of `key` chained under `hash`, or -1. */
  private find(hash: number, key: string): number {
    const chain = this.chain;
    const hashOf = this.hashOf;
    for (let j = this.heads[hash & (this.heads.length - 1)]!; j !== -1; j = chain[j]!) {
      if (hashOf[j] === hash && this.keys[j] === key) return j;
    }
    return -1;
  }

  private enchain(j: number): void {
    const b = this.hashOf[j]! & (this.heads.length - 1);
    this.chain[j] = this.heads[b]!;
    this.heads[b] = j;
  }

  private unchain(j: number): void {
    const b = this.hashOf[j]! & (this.heads.length - 1);
    let at = this.heads[b]!;
    if (at === j) {
      this.heads[b] = this.chain[j]!;
      return;
    }
    while (this.chain[at] !== j) at = this.chain[at]!;
    this.chain[at] = this.chain[j]!;
  }

  /** Re-chains every stored slot over `buckets` (a power of two) bucket heads. */
  private rehash(buckets: number): void {
    this.heads = new Int32Array(buckets).fill(-1);
    for (let i = this.oldest; i !== -1; i = this.newer[i]!) this.enchain(i);
  }

  /** Values, most recently stored first (lru-cache's order). */
  *values(): Generator<V> {
    for (let i = this.newest; i !== -1; i = this.older[i]!) yield this.vals[i]!;
  }

  clear(): void {
    const removed: V[] = [];
    const at: number[] = [];
    for (let i = this.oldest; i !== -1; i = this.newer[i]!) {
      removed.push(this.vals[i]!);
      at.push(i);
    }
    this.slotOf.clear();
    this.keys = [];
    this.vals = [];
    this.oldest = this.newest = -1;
    this.heads.fill(-1);
    for (let k = 0; k < removed.length; k++) this.onRemove(removed[k]!, at[k]!);
  }

  /** A fresh slot index, growing the link arrays when needed. */
  private slot(): number {
    const j = this.keys.length;
    this.keys.push(undefined);
    this.vals.push(undefined);
    if (j >= this.newer.length) {
      const n = this.newer.length * 2;
      const newer = new Int32Array(n);
      newer.set(this.newer);
      this.newer = newer;
      const older = new Int32Array(n);
      older.set(this.older);
      this.older = older;
      const chain = new Int32Array(n);
      chain.set(this.chain);
      this.chain = chain;
      const hashOf = new Int32Array(n);
      hashOf.set(this.hashOf);
      this.hashOf = hashOf;
    }
    return j;
  }

  private link(j: number): void {
    this.older[j] = this.newest;
    this.newer[j] = -1;
    if (this.newest !== -1) this.newer[this.newest] = j;
    else this.oldest = j;
    this.newest = j;
  }

  private unlink(j: number): void {
    const o = this.older[j]!;
    const n = this.newer[j]!;
    if (o !== -1) this.newer[o] = n;
    else this.oldest = n;
    if (n !== -1) this.older[n] = o;
    else this.newest = o;
  }

  private toNewest(j: number): void {
    if (j === this.newest) return;
    this.unlink(j);
    this.link(j);
  }
}

/** swap()'s hash of a key when the caller has none (FNV-1a over the UTF-16 code units). */
function stringHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h;
}
