/**
 * Dense ids for numbers (card and network hashes, day numbers) in typed arrays: what a
 * Map<number, number> gives (NaN one key, -0 the same as 0), without hashing heap numbers. Ids are
 * handed out in first-seen order.
 *
 * A slot's key and id share one 16-byte cell (a Float64Array and an Int32Array over one buffer): a
 * lookup that lands on a cold slot misses the cache once, not once per array.
 */
export class IntIds {
  /** Key of slot h at keys[2h]. */
  private keys: Float64Array;
  /** Id of slot h at vals[4h + 2] (-1 = empty slot; the rest of the cell is the key). */
  private vals: Int32Array;
  private mask: number;
  private nanId = -1;
  size = 0;

  constructor(expected: number) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.mask = cap - 1;
    const buf = new ArrayBuffer(cap * 16);
    this.keys = new Float64Array(buf);
    // An empty slot's key is never read: filling its whole cell is simpler than every 4th int.
    this.vals = new Int32Array(buf).fill(-1);
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
    const keys = this.keys;
    const vals = this.vals;
    const mask = this.mask;
    let h = this.slot(x);
    let id = vals[4 * h + 2]!;
    while (id !== -1) {
      if (keys[2 * h] === x) return id;
      h = (h + 1) & mask;
      id = vals[4 * h + 2]!;
    }
    // Kept apart so that the lookup above stays small enough to be inlined where ids are asked for.
    return this.insert(x, h);
  }

  /** Gives x (not in the table; `h` the empty slot its probe ended on) the next id. */
  private insert(x: number, h: number): number {
    if ((this.size + 1) * 2 > this.mask + 1) {
      this.grow();
      return this.idOf(x);
    }
    this.keys[2 * h] = x;
    this.vals[4 * h + 2] = this.size;
    return this.size++;
  }

  /** The id of x, or -1 if it was never given one. */
  find(x: number): number {
    if (x !== x) return this.nanId;
    let h = this.slot(x);
    let id = this.vals[4 * h + 2]!;
    while (id !== -1) {
      if (this.keys[2 * h] === x) return id;
      h = (h + 1) & this.mask;
      id = this.vals[4 * h + 2]!;
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
    const cap = (this.mask + 1) * 2;
    const buf = new ArrayBuffer(cap * 16);
    this.keys = new Float64Array(buf);
    this.vals = new Int32Array(buf).fill(-1);
    this.mask = cap - 1;
    for (let h = 0; h < cap / 2; h++) {
      const id = vals[4 * h + 2]!;
      if (id === -1) continue;
      let s = this.slot(keys[2 * h]!);
      while (this.vals[4 * s + 2] !== -1) s = (s + 1) & this.mask;
      this.keys[2 * s] = keys[2 * h]!;
      this.vals[4 * s + 2] = id;
    }
  }
}
