/**
 * Accounts ordered by when their automatic action expires: a binary min-heap with lazy deletion
 * (an entry is only trusted if the caller confirms it is still current), so the expiry sweep costs
 * O(due · log n) instead of a walk over every account.
 */
export class ExpiryQueue {
  private at: number[] = [];
  private ids: string[] = [];

  get size(): number {
    return this.at.length;
  }

  push(expiresAtMs: number, id: string): void {
    this.at.push(expiresAtMs);
    this.ids.push(id);
    this.up(this.at.length - 1);
  }

  /** The earliest entry without removing it, or null. */
  peek(): { expiresAtMs: number; id: string } | null {
    return this.at.length ? { expiresAtMs: this.at[0], id: this.ids[0] } : null;
  }

  pop(): { expiresAtMs: number; id: string } | null {
    const n = this.at.length;
    if (n === 0) return null;
    const top = { expiresAtMs: this.at[0], id: this.ids[0] };
    const lastAt = this.at.pop()!;
    const lastId = this.ids.pop()!;
    if (n > 1) {
      this.at[0] = lastAt;
      this.ids[0] = lastId;
      this.down(0);
    }
    return top;
  }

  /** Keeps only entries `keep` accepts (drops stale ones) and re-heapifies: O(n). */
  compact(keep: (expiresAtMs: number, id: string) => boolean): void {
    const at: number[] = [];
    const ids: string[] = [];
    for (let i = 0; i < this.at.length; i++) {
      if (keep(this.at[i], this.ids[i])) {
        at.push(this.at[i]);
        ids.push(this.ids[i]);
      }
    }
    this.at = at;
    this.ids = ids;
    for (let i = (at.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  private up(i: number): void {
    const a = this.at[i];
    const id = this.ids[i];
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.at[p] <= a) break;
      this.at[i] = this.at[p];
      this.ids[i] = this.ids[p];
      i = p;
    }
    this.at[i] = a;
    this.ids[i] = id;
  }

  private down(i: number): void {
    const n = this.at.length;
    const a = this.at[i];
    const id = this.ids[i];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.at[r] < this.at[l] ? r : l;
      if (this.at[c] >= a) break;
      this.at[i] = this.at[c];
      this.ids[i] = this.ids[c];
      i = c;
    }
    this.at[i] = a;
    this.ids[i] = id;
  }
}
