/**
 * What a campaign reads of its group's shared tokens: the keys of the `size` most held (most holders
 * first, then by key) and whether any is of an intent kind or of the sim kind. Reused from group to
 * group: only these are read, so the rest (hundreds of tokens in a large campaign) are neither kept
 * nor sorted.
 */
export class TopTokens {
  readonly keys: Float64Array;
  readonly holders: Int32Array;
  /** How many of keys/holders are set (at most the size). */
  count = 0;
  intent = false;
  sim = false;

  /** `intentKinds` / `simKinds`: 1 at the kind indexes (a key's high part) that set `intent` / `sim`. */
  constructor(size: number, private readonly intentKinds: Uint8Array, private readonly simKinds: Uint8Array) {
    this.keys = new Float64Array(size);
    this.holders = new Int32Array(size);
  }

  clear(): void {
    this.count = 0;
    this.intent = false;
    this.sim = false;
  }

  /** Adds a token held by `holders` members (keys added between clears are distinct). */
  add(key: number, holders: number): void {
    const kind = Math.floor(key / 4294967296);
    if (this.intentKinds[kind] === 1) this.intent = true;
    if (this.simKinds[kind] === 1) this.sim = true;
    const keys = this.keys;
    const hs = this.holders;
    const size = keys.length;
    let p = this.count;
    while (p > 0 && (holders > hs[p - 1]! || (holders === hs[p - 1]! && key < keys[p - 1]!))) p--;
    if (p >= size) return;
    for (let x = Math.min(this.count, size - 1); x > p; x--) {
      keys[x] = keys[x - 1]!;
      hs[x] = hs[x - 1]!;
    }
    keys[p] = key;
    hs[p] = holders;
    if (this.count < size) this.count++;
  }
}
