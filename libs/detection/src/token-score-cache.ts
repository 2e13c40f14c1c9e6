/** Fields of a cached token score, at ScoreTable.rec[slot * ENTRY + field]. */
export const CACHED = { key: 0, df: 1, checksum: 2, score: 3, changed: 4, age: 5, logitRest: 6, tightness: 7 } as const;
export const CACHED_WIDTH = 8;
const ENTRY = CACHED_WIDTH;

/**
 * One run's table of cached token scores: open addressing on the token key. An entry's fields share
 * one 64-byte record (a run looks up and writes thousands of tokens at scattered slots: one cache
 * miss per entry instead of one per field).
 */
class ScoreTable {
  rec: Float64Array;
  used: Uint8Array;
  size = 0;
  mask: number;

  constructor(capacity: number) {
    this.rec = new Float64Array(capacity * ENTRY);
    this.used = new Uint8Array(capacity);
    this.mask = capacity - 1;
  }

  get capacity(): number {
    return this.used.length;
  }

  slot(key: number): number {
    const lo = key | 0;
    const hi = (key / 4294967296) | 0;
    return (Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1) >>> 0) & this.mask;
  }

  /** The slot holding `key`, -1 when none does. */
  find(key: number): number {
    let h = this.slot(key);
    while (this.used[h] === 1) {
      if (this.rec[h * ENTRY] === key) return h;
      h = (h + 1) & this.mask;
    }
    return -1;
  }

  /** A free slot for `key` (which the table must not hold yet), marked used; its record is the caller's to fill. */
  claim(key: number): number {
    let h = this.slot(key);
    while (this.used[h] === 1) h = (h + 1) & this.mask;
    this.used[h] = 1;
    this.size++;
    return h;
  }
}

/**
 * Token scores carried from one clustering run to the next, keyed by token key. An entry lives while
 * every run sees its token: a run reads the entries of the previous run (`find`) and writes the ones
 * it sees into a fresh table (`put`), so tokens a run did not see are gone after it. Typed arrays
 * instead of a Map of objects: a run looks up thousands of tokens.
 */
export class TokenScoreCache {
  /** The previous run's entries (read): entry c's fields at prev.rec[c * 8 + CACHED.field]. */
  prev = new ScoreTable(16);
  /** This run's entries (written). */
  private next = new ScoreTable(16);

  /** Starts a run that will write at most `tokens` entries. */
  beginRun(tokens: number): void {
    const done = this.next;
    let cap = 16;
    while (cap < tokens * 2) cap *= 2;
    // The table read two runs ago is free again: reuse it when it is the right size.
    const spare = this.prev;
    this.prev = done;
    if (spare.capacity === cap) {
      spare.used.fill(0);
      spare.size = 0;
      this.next = spare;
    } else this.next = new ScoreTable(cap);
  }

  /** Index of `key` among the previous run's entries, -1 when it has none. */
  find(key: number): number {
    return this.prev.find(key);
  }

  /** Records this run's entry for a token (once per token per run). */
  put(key: number, df: number, checksum: number, score: number, changed: number, age: number, logitRest: number, tightness: number): void {
    const t = this.next;
    const r = t.rec;
    const o = t.claim(key) * ENTRY;
    r[o + CACHED.key] = key;
    r[o + CACHED.df] = df;
    r[o + CACHED.checksum] = checksum;
    r[o + CACHED.score] = score;
    r[o + CACHED.changed] = changed;
    r[o + CACHED.age] = age;
    r[o + CACHED.logitRest] = logitRest;
    r[o + CACHED.tightness] = tightness;
  }

  /** Entries the last run left (the tokens it saw). */
  get size(): number {
    return this.next.size;
  }
}
