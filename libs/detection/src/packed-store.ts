import { denseIndex, S, VECTOR_DIMS, type AccountSummary, type PackedPopulation, type PackOptions } from './population';

/** Template tokens (kind 0) are kept even when unshared, as the reference pack() (pack.fixture.ts) keeps them. */
const TEMPLATE_KEY_END = 4294967296;

/** What a snapshot took besides the packed population: its accounts, in the population's order. */
export interface StoreSnapshot {
  pop: PackedPopulation;
  summaries: AccountSummary[];
  ids: string[];
  /** Store slot of each account of the snapshot. */
  slots: Int32Array;
}

/**
 * The detector's remembered accounts copied into slot-indexed typed arrays, kept current between
 * clustering runs from the summaries stored since the previous snapshot. Most accounts do not change
 * between runs, and a summary is a scatter of small heap objects: a snapshot that gathers from a few
 * contiguous arrays touches only the accounts that changed, where pack() touches every summary.
 *
 * An account stored again moves to a new slot at the end, so slot order is store order (the order
 * snapshots list accounts in) and a snapshot reads the arrays front to back; the holes left behind
 * are squeezed out once they reach half the accounts (plus a few thousand).
 *
 * snapshot() returns exactly what pack() returns for the live summaries (store order, active ones).
 */
export class PackedStore {
  private readonly slotOf = new Map<string, number>();
  /** Slots handed out (live ones and holes). */
  private cap = 0;
  private live = 0;
  /** The summary each slot holds (null = hole). */
  private summary: (AccountSummary | null)[] = [];
  private alive = new Uint8Array(0);
  private idOf: string[] = [];
  private lastTs = new Float64Array(0);
  private scalars = new Float64Array(0);
  private vectors = new Float32Array(0);
  private cluster = new Int32Array(0);
  private idHash = new Uint32Array(0);
  private dirty = new Uint8Array(0);
  /** 1 while the slot's summary still awaits the dirty = false a snapshot that includes it sets. */
  private unsnapped = new Uint8Array(0);
  private org = new Int32Array(0);
  private readonly orgIdOf = new Map<string, number>();
  private orgNames: string[] = [];
  /**
   * Token ids of each slot at pool[tokStart .. tokStart + tokLen), in slot order; a template token's
   * id is stored as ~id (negative), so snapshots tell templates apart without looking the key up.
   */
  private tokStart = new Int32Array(0);
  private tokLen = new Int32Array(0);
  private pool = new Int32Array(1024);
  private poolUsed = 0;
  private prevOf: (string | null)[] = [];
  /** Per persistent org id: its index in the snapshot being built (-1 = none yet). */
  private orgLocal = new Int32Array(0);
  /** Account index of each slot in the latest snapshot (-1 = not in it), and that snapshot's number. */
  private rank = new Int32Array(0);
  private snapshotNo = 0;
  /** Buffers behind the arrays of snapshots taken with `reuse` (valid until the next such snapshot). */
  private readonly out = {
    vectors: new Float32Array(0),
    scalars: new Float64Array(0),
    tokOff: new Uint32Array(0),
    tokIds: new Int32Array(0),
    org: new Int32Array(0),
    prevCampaign: new Int32Array(0),
    cluster: new Int32Array(0),
    dirty: new Uint8Array(0),
    idHash: new Uint32Array(0),
  };

  get size(): number {
    return this.live;
  }

  get snapshots(): number {
    return this.snapshotNo;
  }

  /**
   * Folds in `stored` (every summary stored since the previous update, oldest first; replaced and
   * departed ones are skipped). `remembered` is how many accounts the detector holds now: if fewer
   * than the live slots, some departed without a successor and their slots are freed. `keyOfId`
   * maps the summaries' token ids to keys.
   */
  update(stored: readonly AccountSummary[], remembered: number, keyOfId: ArrayLike<number>): void {
    for (let r = 0; r < stored.length; r++) {
      const s = stored[r]!;
      if (s.gone) continue;
      const old = this.slotOf.get(s.accountId);
      if (old !== undefined && this.alive[old] === 1) this.release(old);
      const slot = this.append();
      this.slotOf.set(s.accountId, slot);
      this.idOf[slot] = s.accountId;
      this.write(slot, s, keyOfId);
    }
    if (this.live > remembered) this.dropDeparted();
    if (this.cap > 1.5 * this.live + 4096) this.compact();
  }

  /** Re-reads every live slot's token ids (after the detector renumbered its token table). */
  reloadTokens(keyOfId: ArrayLike<number>): void {
    this.poolUsed = 0;
    for (let slot = 0; slot < this.cap; slot++) if (this.alive[slot] === 1) this.writeTokens(slot, this.summary[slot]!.tokenIds, keyOfId);
  }

  /** The behavioural cluster a slot's summary was given after it was stored (a refit's relabelling). */
  setCluster(slot: number, s: AccountSummary, cluster: number): void {
    if (this.summary[slot] === s) this.cluster[slot] = cluster;
  }

  /** The cluster the store holds for a slot's summary. */
  clusterAt(slot: number): number {
    return this.cluster[slot]!;
  }

  /** Account index in the latest snapshot, -1 when not in it. */
  rankOf(accountId: string): number {
    const slot = this.slotOf.get(accountId);
    return slot === undefined ? -1 : this.rank[slot]!;
  }

  /**
   * pack(active, prevCampaignOf, keyOfId, scratch, holders, opts) over the live accounts last seen at
   * or after `cutoff`, in store order; `prev` holds each account's previous campaign (if any). Marks the
   * snapshot's accounts clean (dirty = false, cleanScalars = scalars), as prepare() did. With `reuse`,
   * the population's arrays are views of buffers the next reusing snapshot overwrites.
   */
  snapshot(
    cutoff: number,
    prev: ReadonlyMap<string, { campaignId: string }>,
    keyOfId: ArrayLike<number>,
    scratch: Int32Array,
    holders: Int32Array | null,
    opts: PackOptions = {},
    reuse = false,
  ): StoreSnapshot {
    this.snapshotNo++;
    const cap = this.cap;
    const alive = this.alive;
    const lastTs = this.lastTs;
    const rank = this.rank;
    const slots = new Int32Array(this.live);
    let n = 0;
    let total = 0;
    for (let slot = 0; slot < cap; slot++) {
      if (alive[slot] === 1 && lastTs[slot]! >= cutoff) {
        rank[slot] = n;
        slots[n++] = slot;
        total += this.tokLen[slot]!;
      } else rank[slot] = -1;
    }
    const prevOf = this.prevOf;
    const prevSet: number[] = [];
    for (const [id, v] of prev) {
      const c = v.campaignId;
      if (!c) continue;
      const slot = this.slotOf.get(id);
      if (slot === undefined || alive[slot] === 0) continue;
      prevOf[slot] = c;
      prevSet.push(slot);
    }

    const dims = VECTOR_DIMS;
    const SW = S.width;
    const withVectors = opts.vectors ?? true;
    // With `reuse`, the population's arrays are views of buffers the store keeps for the next snapshot.
    const out = this.out;
    const take = <A extends Float32Array | Float64Array | Int32Array | Uint32Array | Uint8Array>(name: keyof PackedStore['out'], len: number, make: (len: number) => A): A => {
      if (!reuse) return make(len);
      let base = out[name] as A;
      // A buffer transferred to a worker reads as empty (and cannot be viewed): replaced like one too small.
      if (base.length === 0 || base.length < len) (out as Record<string, unknown>)[name] = base = make(Math.ceil(len * 1.25) + 64);
      return base.subarray(0, len) as A;
    };
    const vectors = take('vectors', withVectors ? n * dims : 0, (l) => new Float32Array(l));
    const scalars = take('scalars', n * SW, (l) => new Float64Array(l));
    const tokOff = take('tokOff', n + 1, (l) => new Uint32Array(l));
    const tokIds = take('tokIds', total, (l) => new Int32Array(l));
    const local = scratch;
    const keys: number[] = [];
    const touched: number[] = opts.globalIds ?? [];
    const org = take('org', n, (l) => new Int32Array(l));
    const orgLocal = this.orgLocal;
    const orgs: string[] = [];
    const orgTouched: number[] = [];
    const prevCampaign = take('prevCampaign', n, (l) => new Int32Array(l));
    const cluster = take('cluster', n, (l) => new Int32Array(l));
    const dirty = take('dirty', n, (l) => new Uint8Array(l));
    const idHash = take('idHash', n, (l) => new Uint32Array(l));
    const prevIndex = new Map<string, number>();
    const prevCampaigns: string[] = [];
    const summaries = new Array<AccountSummary>(n);
    const ids = new Array<string>(n);
    const pool = this.pool;
    const src = this.scalars;
    const srcV = this.vectors;
    // Active accounts are mostly one run of consecutive slots (slot order is store order): copy their
    // scalars and vectors run by run, in one native copy each, instead of value by value.
    for (let i = 0; i < n; ) {
      const first = slots[i]!;
      let j = i + 1;
      while (j < n && slots[j] === first + (j - i)) j++;
      scalars.set(src.subarray(first * SW, (first + j - i) * SW), i * SW);
      if (withVectors) vectors.set(srcV.subarray(first * dims, (first + j - i) * dims), i * dims);
      i = j;
    }
    let t = 0;
    for (let i = 0; i < n; i++) {
      const slot = slots[i]!;
      tokOff[i] = t;
      const from = this.tokStart[slot]!;
      const to = from + this.tokLen[slot]!;
      for (let x = from; x < to; x++) {
        const e = pool[x]!;
        let g: number;
        if (e >= 0) {
          g = e;
          if (holders && holders[g]! < 2) continue;
        } else g = ~e;
        let id = local[g]!;
        if (id < 0) {
          id = keys.length;
          keys.push(keyOfId[g]!);
          local[g] = id;
          touched.push(g);
        }
        tokIds[t++] = id;
      }
      cluster[i] = this.cluster[slot]!;
      dirty[i] = this.dirty[slot]!;
      idHash[i] = this.idHash[slot]!;
      const o = this.org[slot]!;
      if (o >= 0) {
        let oi = orgLocal[o]!;
        if (oi < 0) {
          oi = orgs.length;
          orgs.push(this.orgNames[o]!);
          orgLocal[o] = oi;
          orgTouched.push(o);
        }
        org[i] = oi;
      } else org[i] = -1;
      const pc = prevOf[slot] ?? null;
      prevCampaign[i] = pc ? denseIndex(prevIndex, prevCampaigns, pc) : -1;
      const s = this.summary[slot]!;
      summaries[i] = s;
      ids[i] = this.idOf[slot]!;
      if (this.unsnapped[slot] === 1) {
        this.unsnapped[slot] = 0;
        s.dirty = false;
        s.cleanScalars = s.scalars;
      }
      this.dirty[slot] = 0;
    }
    tokOff[n] = t;
    for (const g of touched) local[g] = -1;
    for (const o of orgTouched) orgLocal[o] = -1;
    for (const slot of prevSet) prevOf[slot] = null;
    const pop: PackedPopulation = {
      n, dims, vectors, scalars, tokOff, tokIds: t === total ? tokIds : reuse ? tokIds.subarray(0, t) : tokIds.slice(0, t), tokKeys: Float64Array.from(keys), org, orgs, cluster, dirty, idHash, prevCampaign, prevCampaigns,
    };
    return { pop, summaries, ids, slots };
  }

  private append(): number {
    if (this.cap >= this.lastTs.length) this.grow(Math.max(1024, this.lastTs.length * 2));
    return this.cap++;
  }

  private release(slot: number): void {
    this.summary[slot] = null;
    this.alive[slot] = 0;
    this.live--;
  }

  private write(slot: number, s: AccountSummary, keyOfId: ArrayLike<number>): void {
    this.summary[slot] = s;
    this.alive[slot] = 1;
    this.live++;
    this.lastTs[slot] = s.lastTs;
    const sc = s.scalars;
    const so = slot * S.width;
    for (let c = 0; c < S.width; c++) this.scalars[so + c] = sc[c]!;
    const v = s.vector;
    const vo = slot * VECTOR_DIMS;
    for (let d = 0; d < VECTOR_DIMS; d++) this.vectors[vo + d] = v[d]!;
    this.cluster[slot] = s.cluster;
    this.idHash[slot] = s.idHash;
    this.dirty[slot] = s.dirty ? 1 : 0;
    this.unsnapped[slot] = 1;
    if (s.org) {
      let o = this.orgIdOf.get(s.org);
      if (o === undefined) {
        o = this.orgNames.length;
        this.orgNames.push(s.org);
        this.orgIdOf.set(s.org, o);
        if (o >= this.orgLocal.length) {
          const grown = new Int32Array(Math.max(64, this.orgLocal.length * 2)).fill(-1);
          grown.set(this.orgLocal);
          this.orgLocal = grown;
        }
      }
      this.org[slot] = o;
    } else this.org[slot] = -1;
    this.writeTokens(slot, s.tokenIds, keyOfId);
  }

  private writeTokens(slot: number, ids: Int32Array, keyOfId: ArrayLike<number>): void {
    const len = ids.length;
    if (this.poolUsed + len > this.pool.length) {
      const grown = new Int32Array(Math.max(this.pool.length * 2, this.poolUsed + len));
      grown.set(this.pool.subarray(0, this.poolUsed));
      this.pool = grown;
    }
    const at = this.poolUsed;
    for (let x = 0; x < len; x++) {
      const g = ids[x]!;
      this.pool[at + x] = keyOfId[g]! < TEMPLATE_KEY_END ? ~g : g;
    }
    this.tokStart[slot] = at;
    this.tokLen[slot] = len;
    this.poolUsed = at + len;
  }

  /** Moves the live slots down over the holes (keeping their order) and rewrites the token pool. */
  private compact(): void {
    const pool = new Int32Array(Math.max(1024, this.poolUsed));
    let used = 0;
    let w = 0;
    const SW = S.width;
    const dims = VECTOR_DIMS;
    for (let slot = 0; slot < this.cap; slot++) {
      if (this.alive[slot] === 0) continue;
      const from = this.tokStart[slot]!;
      const len = this.tokLen[slot]!;
      for (let x = 0; x < len; x++) pool[used + x] = this.pool[from + x]!;
      this.tokStart[w] = used;
      this.tokLen[w] = len;
      used += len;
      if (w !== slot) {
        const s = this.summary[slot]!;
        this.summary[w] = s;
        this.alive[w] = 1;
        this.idOf[w] = this.idOf[slot]!;
        this.slotOf.set(this.idOf[w]!, w);
        this.lastTs[w] = this.lastTs[slot]!;
        for (let c = 0; c < SW; c++) this.scalars[w * SW + c] = this.scalars[slot * SW + c]!;
        for (let d = 0; d < dims; d++) this.vectors[w * dims + d] = this.vectors[slot * dims + d]!;
        this.cluster[w] = this.cluster[slot]!;
        this.idHash[w] = this.idHash[slot]!;
        this.dirty[w] = this.dirty[slot]!;
        this.unsnapped[w] = this.unsnapped[slot]!;
        this.org[w] = this.org[slot]!;
        this.rank[w] = this.rank[slot]!;
      }
      w++;
    }
    for (let slot = w; slot < this.cap; slot++) {
      this.summary[slot] = null;
      this.alive[slot] = 0;
      this.prevOf[slot] = null;
    }
    this.summary.length = w;
    this.idOf.length = w;
    this.cap = w;
    this.pool = pool;
    this.poolUsed = used;
  }

  /** Frees the slots of accounts the detector no longer holds (evicted or cleared). */
  private dropDeparted(): void {
    for (let slot = 0; slot < this.cap; slot++) {
      if (this.alive[slot] === 0 || !this.summary[slot]!.gone) continue;
      this.slotOf.delete(this.idOf[slot]!);
      this.release(slot);
    }
  }

  private grow(size: number): void {
    const f64 = (a: Float64Array, w: number) => {
      const b = new Float64Array(size * w);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    const u8 = (a: Uint8Array) => {
      const b = new Uint8Array(size);
      b.set(a);
      return b;
    };
    this.lastTs = f64(this.lastTs, 1);
    this.scalars = f64(this.scalars, S.width);
    const v = new Float32Array(size * VECTOR_DIMS);
    v.set(this.vectors);
    this.vectors = v;
    this.cluster = i32(this.cluster);
    const h = new Uint32Array(size);
    h.set(this.idHash);
    this.idHash = h;
    this.alive = u8(this.alive);
    this.dirty = u8(this.dirty);
    this.unsnapped = u8(this.unsnapped);
    this.org = i32(this.org);
    this.tokStart = i32(this.tokStart);
    this.tokLen = i32(this.tokLen);
    this.rank = i32(this.rank);
  }
}
