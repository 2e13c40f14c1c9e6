/**
 * Dense ids for numbers (card and network hashes, day numbers) in typed arrays: what a
 * Map<number, number> gives (NaN one key, -0 the same as 0), without hashing heap numbers. Ids are
 * handed out in first-seen order.
 */
export class IntIds {
  private keys: Float64Array;
  private vals: Int32Array;
  private mask: number;
  private nanId = -1;
  size = 0;

  constructor(expected: number) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.keys = new Float64Array(cap);
    this.vals = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
  }

  /** Forgets every id (keeping the capacity), so ids are handed out from 0 again. */
  clear(): void {
    if (this.size === 0 && this.nanId < 0) return;
    this.vals.fill(-1);
    this.nanId = -1;
    this.size = 0;
  }

  /** The id of x (an integer-valued number), new ids numbered from 0. */
  idOf(x: number): number {
    if (x !== x) return this.nanId >= 0 ? this.nanId : (this.nanId = this.size++);
    let h = this.slot(x);
    while (this.vals[h] !== -1) {
      if (this.keys[h] === x) return this.vals[h]!;
      h = (h + 1) & this.mask;
    }
    if ((this.size + 1) * 2 > this.keys.length) {
      this.grow();
      return this.idOf(x);
    }
    this.keys[h] = x;
    this.vals[h] = this.size;
    return this.size++;
  }

  /** The id of x, or -1 if it was never given one. */
  find(x: number): number {
    if (x !== x) return this.nanId;
    let h = this.slot(x);
    while (this.vals[h] !== -1) {
      if (this.keys[h] === x) return this.vals[h]!;
      h = (h + 1) & this.mask;
    }
    return -1;
  }

  private slot(x: number): number {
    const lo = x | 0;
    const hi = (x / 4294967296) | 0;
    return Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1) >>> 0 & this.mask;
  }

  private grow(): void {
    const keys = this.keys;
    const vals = this.vals;
    this.keys = new Float64Array(keys.length * 2);
    this.vals = new Int32Array(keys.length * 2).fill(-1);
    this.mask = keys.length * 2 - 1;
    for (let h = 0; h < keys.length; h++) {
      if (vals[h] === -1) continue;
      let s = this.slot(keys[h]!);
      while (this.vals[s] !== -1) s = (s + 1) & this.mask;
      this.keys[s] = keys[h]!;
      this.vals[s] = vals[h]!;
    }
  }
}
