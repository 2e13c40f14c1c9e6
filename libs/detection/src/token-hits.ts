/**
 * What the last clustering run knew about each shared token, by id of the detector's token table:
 * its base weight, and its campaign and weight in it if it is one of a campaign's tokens. Kept in
 * typed arrays indexed by token id and reused from run to run: a run reports a few thousand shared
 * tokens, and inheriting looks up every token of every account that holds a campaign token.
 */
export class TokenHits {
  /** Base weight by token id (valid where `present`). */
  base = new Float64Array(0);
  /** Weight in its campaign by token id (valid where `camp` >= 0). */
  weight = new Float64Array(0);
  /** Campaign index (into `campaignIds`) by token id; -1 where absent or in no campaign. */
  camp = new Int32Array(0);
  /** 1 at the ids in the table. */
  present = new Uint8Array(0);
  /** Campaign ids of the run, by campaign index (one index per distinct id). */
  campaignIds: string[] = [];
  /** Ids in the table, in the order they were added. */
  private ids: number[] = [];
  /** Campaign index of each of the run's campaigns (equal ids share an index). */
  private campOfRun: number[] = [];

  get size(): number {
    return this.ids.length;
  }

  /** Empties the table and takes the run's campaigns (in the run's order). */
  reset(campaigns: readonly { id: string }[]): void {
    this.clearIds();
    this.campaignIds = [];
    this.campOfRun = [];
    for (const c of campaigns) {
      let k = this.campaignIds.indexOf(c.id);
      if (k < 0) {
        k = this.campaignIds.length;
        this.campaignIds.push(c.id);
      }
      this.campOfRun.push(k);
    }
  }

  /** A shared token with base weight `base` and no campaign (replacing what the table held for it). */
  setShared(id: number, base: number): void {
    this.add(id);
    this.base[id] = base;
    this.camp[id] = -1;
    this.weight[id] = 0;
  }

  /** Puts token `id` in the run's campaign number `runCampaign` with `weight`; a token new to the table gets base 0. */
  setCampaign(id: number, runCampaign: number, weight: number): void {
    if (this.add(id)) this.base[id] = 0;
    this.camp[id] = this.campOfRun[runCampaign]!;
    this.weight[id] = weight;
  }

  has(id: number): boolean {
    return id < this.present.length && this.present[id] === 1;
  }

  /** The campaign id of token `id`, or null. */
  campaignOf(id: number): string | null {
    const c = id < this.camp.length ? this.camp[id]! : -1;
    return c >= 0 ? this.campaignIds[c]! : null;
  }

  /** Renumbers the table's ids (after the token table was compacted), keeping their order. */
  renumber(newId: (id: number) => number): void {
    const ids = this.ids.slice();
    const base = ids.map((id) => this.base[id]!);
    const camp = ids.map((id) => this.camp[id]!);
    const weight = ids.map((id) => this.weight[id]!);
    this.clearIds();
    for (let k = 0; k < ids.length; k++) {
      const id = newId(ids[k]!);
      this.add(id);
      this.base[id] = base[k]!;
      this.camp[id] = camp[k]!;
      this.weight[id] = weight[k]!;
    }
  }

  /** Adds `id` to the table; returns whether it was new. */
  private add(id: number): boolean {
    if (id >= this.present.length) this.grow(id + 1);
    if (this.present[id] === 1) return false;
    this.present[id] = 1;
    this.ids.push(id);
    return true;
  }

  private clearIds(): void {
    const ids = this.ids;
    for (let k = 0; k < ids.length; k++) {
      this.present[ids[k]!] = 0;
      this.camp[ids[k]!] = -1;
    }
    ids.length = 0;
  }

  private grow(min: number): void {
    const n = Math.max(min, Math.ceil(this.present.length * 1.5), 1024);
    const base = new Float64Array(n);
    base.set(this.base);
    this.base = base;
    const weight = new Float64Array(n);
    weight.set(this.weight);
    this.weight = weight;
    const camp = new Int32Array(n).fill(-1);
    camp.set(this.camp);
    this.camp = camp;
    const present = new Uint8Array(n);
    present.set(this.present);
    this.present = present;
  }
}
