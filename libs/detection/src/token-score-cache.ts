/** One run's table of cached token scores: open addressing on the token key, fields in typed arrays. */
class ScoreTable {
  key: Float64Array;
  used: Uint8Array;
  df: Int32Array;
  checksum: Uint32Array;
  score: Float64Array;
  changed: Float64Array;
  age: Int32Array;
  logitRest: Float64Array;
  tightness: Float64Array;
  size = 0;
  mask: number;

  constructor(capacity: number) {
    this.key = new Float64Array(capacity);
    this.used = new Uint8Array(capacity);
    this.df = new Int32Array(capacity);
    this.checksum = new Uint32Array(capacity);
    this.score = new Float64Array(capacity);
    this.changed = new Float64Array(capacity);
    this.age = new Int32Array(capacity);
    this.logitRest = new Float64Array(capacity);
    this.tightness = new Float64Array(capacity);
    this.mask = capacity - 1;
  }

  get capacity(): number {
    return this.key.length;
  }

  slot(key: number): number {
    const lo = key | 0;
    const hi = (key / 4294967296) | 0;
    return (Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1) >>> 0) & this.mask;
  }

  find(key: number): number {
    let h = this.slot(key);
    while (this.used[h] === 1) {
      if (this.key[h] === key) return h;
      h = (h + 1) & this.mask;
    }
    return -1;
  }
}

/**
 * Token scores carried from one clustering run to the next, keyed by token key. An entry lives while
 * every run sees its token: a run reads the entries of the previous run (`find`) and writes the ones
 * it sees into a fresh table (`put`), so tokens a run did not see are gone after it. Typed arrays
 * instead of a Map of objects: a run looks up thousands of tokens.
 */
export class TokenScoreCache {
  /** The previous run's entries (read). */
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
    let h = t.slot(key);
    while (t.used[h] === 1) h = (h + 1) & t.mask;
    t.used[h] = 1;
    t.key[h] = key;
    t.df[h] = df;
    t.checksum[h] = checksum;
    t.score[h] = score;
    t.changed[h] = changed;
    t.age[h] = age;
    t.logitRest[h] = logitRest;
    t.tightness[h] = tightness;
    t.size++;
  }

  /** Entries the last run left (the tokens it saw). */
  get size(): number {
    return this.next.size;
  }
}
