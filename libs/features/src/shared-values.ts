import { simhashBandsInto, SIMHASH_BANDS } from './hashing';
import { xorshift32 } from './xorshift';

/**
 * Remembers, for recently seen prompt values (template hashes, simhash LSH tokens, whole simhashes),
 * whether more than one account has sent them. Bounded memory (one Uint32Array), O(1) per lookup,
 * deterministic for a given event order.
 *
 * Why: an account's bottom-k sketches are meant to sample what it SHARES with others. An account
 * that mixes a farm's template pool with thousands of its end users' unique prompts (a reseller)
 * would otherwise fill its sketches with unique values that link nobody, and its pool would never
 * show. Filtering the sketch input down to values other accounts also sent keeps the pool visible
 * however much genuine traffic surrounds it.
 *
 * The table is direct-mapped: a slot is overwritten by any later value hashing to it, so "shared"
 * means "shared recently", with a horizon of about `slots` insertions of new values. Almost every
 * insertion is a unique prompt's, so the horizon in time shrinks as traffic grows: at 20,000
 * accounts a fixed 2^20 slots remembered under 3 hours, and a careful ring, whose members repeat a
 * pool item hours apart, went unseen (recall 85%). So the table doubles (up to `maxBits`) whenever
 * it took more new values within `horizonMs` of event time than it has slots; growing only rehashes,
 * nothing is forgotten.
 */
export interface SharedValueFilterOptions {
  /** log2 of the initial slots (8 bytes each). */
  bits?: number;
  /** log2 of the most slots it may grow to (default: `bits`, a fixed table). */
  maxBits?: number;
  /** Event time a value should be remembered for; the table grows while it remembers less. */
  horizonMs?: number;
}

const BUCKETS = 12;
/** One chance probe per this many advance() calls (one per event in FeatureStore); a power of two. */
const PROBE_EVERY = 4;
/** Weight of one probe in the running chance estimate (about the last 4,000 probes, 16,000 events, count). */
const CHANCE_ALPHA = 1 / 4096;

export class SharedValueFilter {
  /**
   * Slot i holds the value at [2i] and, at [2i + 1], the owner hash of the one account that sent it
   * (0 once several accounts have): interleaved so a lookup touches one cache line.
   */
  private table: Uint32Array;
  private shift: number;
  private bitsNow: number;
  private readonly maxBits: number;
  private readonly bucketMs: number;
  /** New values inserted per event-time bucket (a ring over `horizonMs`), and their sum. */
  private readonly inserts = new Float64Array(BUCKETS);
  private insertsInHorizon = 0;
  private bucket = -1;
  /** Ring index of `bucket` (0 before the first advance). */
  private slot = 0;
  /**
   * Where prefetch() leaves what it read, so the compiler cannot drop the reads. An int32 slot, not a
   * number field: the XOR of table words leaves the small-integer range, and storing it in a field
   * changed the object's map, deoptimizing (and recompiling) touch(), prefetch() and AccountState.update.
   */
  private readonly sink = new Int32Array(1);
  /**
   * chanceShare's running estimate, and the probes' xorshift state: typed-array cells, not number
   * fields, for the reason `sink` is one (a double stored in a field changes the object's map).
   */
  private readonly chance = new Float64Array(1);
  private readonly rng = Uint32Array.of(0x9e3779b9);
  private readonly probe = new Uint32Array(SIMHASH_BANDS);
  private advances = 0;

  constructor(opts: number | SharedValueFilterOptions = {}) {
    const o = typeof opts === 'number' ? { bits: opts } : opts;
    const bits = o.bits ?? 20;
    const maxBits = o.maxBits ?? bits;
    if (bits < 4 || bits > 26) throw new RangeError(`SharedValueFilter bits must be 4..26, got ${bits}`);
    if (maxBits < bits || maxBits > 26) throw new RangeError(`SharedValueFilter maxBits must be ${bits}..26, got ${maxBits}`);
    const horizonMs = o.horizonMs ?? 12 * 3_600_000;
    if (!(horizonMs > 0)) throw new RangeError(`SharedValueFilter horizonMs must be > 0, got ${horizonMs}`);
    this.bitsNow = bits;
    this.maxBits = maxBits;
    this.bucketMs = horizonMs / BUCKETS;
    this.table = new Uint32Array(2 << bits);
    this.shift = 32 - bits;
  }

  /** Moves the filter's clock to event time `ts` (never backwards): old buckets leave the horizon. */
  advance(ts: number): void {
    if ((++this.advances & (PROBE_EVERY - 1)) === 0) this.probeChance();
    const b = Math.floor(ts / this.bucketMs);
    if (b <= this.bucket) return;
    if (this.bucket < 0 || b - this.bucket >= BUCKETS) {
      this.inserts.fill(0);
      this.insertsInHorizon = 0;
    } else {
      for (let x = this.bucket + 1; x <= b; x++) {
        const i = x % BUCKETS;
        this.insertsInHorizon -= this.inserts[i]!;
        this.inserts[i] = 0;
      }
    }
    this.bucket = b;
    this.slot = b % BUCKETS;
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
    this.inserts[this.slot]!++;
    if (++this.insertsInHorizon > t.length >>> 1 && this.bitsNow < this.maxBits) this.grow();
    return false;
  }

  /**
   * Reads the slots of values[from .. to), which touch() is about to be called with, and nothing else. The
   * table is far larger than the CPU caches and an event touches a dozen random slots: issued
   * together, as independent loads, their cache misses overlap instead of following one another.
   */
  prefetch(values: Uint32Array, from: number, to: number): void {
    const t = this.table;
    const shift = this.shift;
    let x = 0;
    for (let i = from; i < to; i++) x ^= t[(Math.imul(values[i]!, 0x9e3779b1) >>> shift) << 1]!;
    this.sink[0] ^= x;
  }

  /**
   * The share of an unrelated account's prompts that the table marks shared by chance right now: a
   * running estimate from random prompts looked up (not inserted) as their LSH tokens. It grows with
   * the population until the table is full (about 1 in 10 prompts at 30,000 accounts), so a fixed
   * floor on an account's shared share cannot tell chance from sharing at every scale.
   */
  get chanceShare(): number {
    return this.chance[0]!;
  }

  private probeChance(): void {
    const r = this.rng;
    const hi = (r[0] = xorshift32(r[0]!));
    const lo = (r[0] = xorshift32(r[0]!));
    const tokens = this.probe;
    simhashBandsInto(hi, lo, tokens, 0);
    const t = this.table;
    const shift = this.shift;
    let hit = 0;
    for (let i = 0; i < SIMHASH_BANDS; i++) {
      const v = tokens[i]!;
      if (t[(Math.imul(v, 0x9e3779b1) >>> shift) << 1] === v) hit = 1;
    }
    this.chance[0]! += (hit - this.chance[0]!) * CHANCE_ALPHA;
  }

  /**
   * Doubles the table. With multiplicative hashing a slot's index in the larger table is its old index
   * followed by one more bit, so no two remembered values collide on the way.
   */
  private grow(): void {
    const old = this.table;
    this.bitsNow++;
    this.shift = 32 - this.bitsNow;
    const t = new Uint32Array(2 << this.bitsNow);
    for (let k = 0; k < old.length; k += 2) {
      const v = old[k]!;
      if (v === 0) continue;
      const nk = (Math.imul(v, 0x9e3779b1) >>> this.shift) << 1;
      t[nk] = v;
      t[nk + 1] = old[k + 1]!;
    }
    this.table = t;
  }

  /** log2 of the current slots. */
  get bits(): number {
    return this.bitsNow;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.table.byteLength;
  }
}
