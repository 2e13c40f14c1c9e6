/**
 * Remembers, for recently seen prompt values (template hashes, simhash LSH tokens, whole simhashes),
 * whether more than one account has sent them. Fixed memory (two Uint32Arrays), O(1) per lookup,
 * deterministic for a given event order.
 *
 * Why: an account's bottom-k sketches are meant to sample what it SHARES with others. An account
 * that mixes a farm's template pool with thousands of its end users' unique prompts (a reseller)
 * would otherwise fill its sketches with unique values that link nobody, and its pool would never
 * show. Filtering the sketch input down to values other accounts also sent keeps the pool visible
 * however much genuine traffic surrounds it.
 *
 * The table is direct-mapped: a slot is overwritten by any later value hashing to it, so "shared"
 * means "shared recently", with a horizon of about `slots` insertions. A pool that makes up even a
 * small share of all traffic recurs far more often than that.
 */
export class SharedValueFilter {
  /**
   * Slot i holds the value at [2i] and, at [2i + 1], the owner hash of the one account that sent it
   * (0 once several accounts have): interleaved so a lookup touches one cache line.
   */
  private readonly table: Uint32Array;
  private readonly shift: number;

  constructor(bits = 20) {
    if (bits < 4 || bits > 26) throw new RangeError(`SharedValueFilter bits must be 4..26, got ${bits}`);
    this.table = new Uint32Array(2 << bits);
    this.shift = 32 - bits;
  }

  /**
   * Records that `owner` (a non-zero account hash) sent `value` (non-zero) and returns whether an
   * account other than `owner` sent it too while it stayed in the table.
   */
  touch(value: number, owner: number): boolean {
    const t = this.table;
    const k = (Math.imul(value, 0x9e3779b1) >>> this.shift) << 1;
    if (t[k] === value) {
      const prev = t[k + 1]!;
      if (prev === owner) return false;
      t[k + 1] = 0;
      return true;
    }
    t[k] = value;
    t[k + 1] = owner;
    return false;
  }

  /** Bytes held (fixed). */
  get bytes(): number {
    return this.table.byteLength;
  }
}
