/**
 * Token key -> token id, for the detector's token table. Keys are kind * 2^32 + a 32-bit hash
 * (non-negative integers below 2^53); a Map keyed by such doubles boxes and hashes each one, and
 * interning runs for every changed token of every event: open addressing over typed arrays does not.
 */
export class TokenIdTable {
  private keys = new Float64Array(0);
  private ids = new Int32Array(0);
  private mask = -1;
  private count = 0;

  constructor(capacity = 1 << 12) {
    this.alloc(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** The id of `key`, or -1. */
  get(key: number): number {
    const keys = this.keys;
    const mask = this.mask;
    for (let i = slot(key) & mask; ; i = (i + 1) & mask) {
      const k = keys[i]!;
      if (k === key) return this.ids[i]!;
      if (k === EMPTY) return -1;
    }
  }

  /** Adds `key` (not yet in the table) with `id`. */
  set(key: number, id: number): void {
    if (2 * (this.count + 1) > this.keys.length) this.grow();
    this.put(key, id);
    this.count++;
  }

  clear(): void {
    this.keys.fill(EMPTY);
    this.count = 0;
  }

  private put(key: number, id: number): void {
    const keys = this.keys;
    const mask = this.mask;
    let i = slot(key) & mask;
    while (keys[i] !== EMPTY) i = (i + 1) & mask;
    keys[i] = key;
    this.ids[i] = id;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldIds = this.ids;
    this.alloc(oldKeys.length * 2);
    for (let i = 0; i < oldKeys.length; i++) if (oldKeys[i] !== EMPTY) this.put(oldKeys[i]!, oldIds[i]!);
  }

  private alloc(capacity: number): void {
    let n = 16;
    while (n < capacity) n *= 2;
    this.keys = new Float64Array(n).fill(EMPTY);
    this.ids = new Int32Array(n);
    this.mask = n - 1;
  }
}

const EMPTY = -1;

/** Mixes both halves of a key (the low half is already a hash; the high half is the token kind). */
function slot(key: number): number {
  const lo = key >>> 0;
  const hi = (key - lo) / 4294967296;
  const h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  return h ^ (h >>> 16);
}
