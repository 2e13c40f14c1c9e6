/**
 * The detector's remembered accounts: a least-recently-stored map bounded to `max` entries, the
 * subset of lru-cache's behaviour the detector uses (peek, set, values newest first, size, clear),
 * plus swap(): store and get the previous value in one lookup. The detector replaces an account's
 * summary on every update, and lru-cache's set (options, status, background-fetch and size
 * bookkeeping) on top of a separate peek cost more than the rest of that update.
 * `onRemove` sees every value that leaves by eviction or clear(), not ones replaced by set/swap.
 */
export class AccountLru<V> {
  private readonly slotOf = new Map<string, number>();
  private keys: (string | undefined)[] = [];
  private vals: (V | undefined)[] = [];
  private newer = new Int32Array(64);
  private older = new Int32Array(64);
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
    private readonly onRemove: (value: V) => void,
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

  /** Stores `value` as the most recent, evicting the oldest entry if full; returns the value it replaced. */
  swap(key: string, value: V): V | undefined {
    const i = this.slotOf.get(key);
    if (i !== undefined) {
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
      this.onRemove(gone);
    } else j = this.slot();
    this.keys[j] = key;
    this.vals[j] = value;
    this.slotOf.set(key, j);
    this.link(j);
    this.lastIndex = j;
    return undefined;
  }

  /** Values, most recently stored first (lru-cache's order). */
  *values(): Generator<V> {
    for (let i = this.newest; i !== -1; i = this.older[i]!) yield this.vals[i]!;
  }

  clear(): void {
    const removed: V[] = [];
    for (let i = this.oldest; i !== -1; i = this.newer[i]!) removed.push(this.vals[i]!);
    this.slotOf.clear();
    this.keys = [];
    this.vals = [];
    this.oldest = this.newest = -1;
    for (const v of removed) this.onRemove(v);
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
