import { denseIndex, S, VECTOR_DIMS, type AccountSummary, type PackedPopulation, type PackOptions } from './population';

/** Template tokens (kind 0) are kept even when unshared, as the reference pack() (pack.fixture.ts) keeps them. */
const TEMPLATE_KEY_END = 4294967296;

/**
 * Runs shorter than this are copied value by value: a native copy costs a call and a subarray
 * object, and between scattered holes most runs are a few slots long.
 */
const NATIVE_COPY_MIN = 256;

function copyF64(dst: Float64Array, to: number, src: Float64Array, from: number, count: number): void {
  if (count >= NATIVE_COPY_MIN) dst.set(src.subarray(from, from + count), to);
  else for (let k = 0; k < count; k++) dst[to + k] = src[from + k]!;
}

function copyF32(dst: Float32Array, to: number, src: Float32Array, from: number, count: number): void {
  if (count >= NATIVE_COPY_MIN) dst.set(src.subarray(from, from + count), to);
  else for (let k = 0; k < count; k++) dst[to + k] = src[from + k]!;
}

type OutBuffers = PackedStore['out'];

/**
 * A snapshot array of `len`: new, or with `reuse` a view of the store's buffer `name` (replaced when
 * too small), which the next reusing snapshot overwrites.
 */
function take<A extends Float32Array | Float64Array | Int32Array | Uint32Array | Uint8Array>(
  out: OutBuffers, name: keyof OutBuffers, len: number, reuse: boolean, make: (len: number) => A,
): A {
  if (!reuse) return make(len);
  let base = out[name] as A;
  // A buffer transferred to a worker reads as empty (and cannot be viewed): replaced like one too small.
  if (base.length === 0 || base.length < len) (out as Record<string, unknown>)[name] = base = make(Math.ceil(len * 1.25) + 64);
  return base.subarray(0, len) as A;
}

/**
 * The keys of the token ids listed in `ids` from `from` on (the snapshot's local ids, in order). Apart
 * from gatherTokens: the keys are scattered over the whole token table, and loads that do not wait
 * on one another's branches overlap their cache misses.
 */
function keysOf(keyOfId: ArrayLike<number>, ids: readonly number[], from: number): Float64Array {
  const keys = new Float64Array(ids.length - from);
  for (let k = 0; k < keys.length; k++) keys[k] = keyOfId[ids[from + k]!]!;
  return keys;
}

/** What a snapshot took besides the packed population: its accounts, in the population's order. */
export interface StoreSnapshot {
  pop: PackedPopulation;
  summaries: AccountSummary[];
  ids: string[];
  /** Store slot of each account of the snapshot. */
  slots: Int32Array;
  /** Indexes (into `ids`) of the accounts `prevByIndex` gives a campaign, ascending. */
  prevRanks: number[];
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
  /**
   * Slot by account index (the caller's dense, stable number for an account while it remembers it;
   * -1 = none), and the account index of each slot: no string hashing per stored summary or moved slot.
   */
  private slotOfIndex = new Int32Array(0);
  private indexOfSlot = new Int32Array(0);
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
   * departed ones are skipped), `index[r]` being the account index of `stored[r]`. An index names one
   * account at a time, and is handed to another only after that one departed (its summary is `gone`).
   * `remembered` is how many accounts the detector holds now: if fewer than the live slots, some
   * departed without a successor and their slots are freed.
   */
  update(stored: readonly AccountSummary[], index: ArrayLike<number>, remembered: number): void {
    this.foldIn(stored, index);
    // The rare passes live in their own functions: inlined here, a pass that has not run yet when
    // this one is optimized deopts it the first time it does.
    if (this.live > remembered) this.dropDeparted();
    if (this.cap > 1.5 * this.live + 4096) this.compact();
  }

  /** Re-reads every live slot's token ids (after the detector renumbered its token table). */
  reloadTokens(): void {
    this.poolUsed = 0;
    for (let slot = 0; slot < this.cap; slot++) {
      if (this.alive[slot] !== 1) continue;
      const s = this.summary[slot]!;
      this.writeTokens(slot, s.tokenIds, s.tokens);
    }
  }

  /** The behavioural cluster a slot's summary was given after it was stored (a refit's relabelling). */
  setCluster(slot: number, s: AccountSummary, cluster: number): void {
    if (this.summary[slot] === s) this.cluster[slot] = cluster;
  }

  /** The cluster the store holds for a slot's summary. */
  clusterAt(slot: number): number {
    return this.cluster[slot]!;
  }

  /** Rank of account `accountId` (account index `index`) in the latest snapshot, -1 when not in it. */
  rankOf(index: number, accountId: string): number {
    const slot = this.slotAt(index, accountId);
    return slot < 0 ? -1 : this.rank[slot]!;
  }

  /** The account index of a slot's account (as the latest update() left it). */
  indexAt(slot: number): number {
    return this.indexOfSlot[slot]!;
  }

  /** The live slot of the account, or -1 (an index handed on since names another account). */
  private slotAt(index: number, accountId: string): number {
    if (index < 0 || index >= this.slotOfIndex.length) return -1;
    const slot = this.slotOfIndex[index]!;
    return slot >= 0 && this.alive[slot] === 1 && this.idOf[slot] === accountId ? slot : -1;
  }

  /**
   * pack(active, prevCampaignOf, keyOfId, scratch, holders, opts) over the live accounts last seen at
   * or after `cutoff`, in store order; `prevByIndex` holds each account's previous campaign (if any)
   * by account index (null, '' or past its end = none). Marks the
   * snapshot's accounts clean (dirty = false, cleanScalars = scalars), as prepare() did. With `reuse`,
   * the population's arrays are views of buffers the next reusing snapshot overwrites.
   */
  snapshot(
    cutoff: number,
    prevByIndex: readonly (string | null | undefined)[],
    keyOfId: ArrayLike<number>,
    scratch: Int32Array,
    holders: Int32Array | null,
    opts: PackOptions = {},
    reuse = false,
  ): StoreSnapshot {
    this.snapshotNo++;
    // One function per pass: each is optimized on its own (this one, compiled whole, took TurboFan
    // over 100 ms), and a deopt in one recompiles only that one.
    const slots = new Int32Array(this.live);
    const n = this.rankActive(cutoff, slots);
    let total = 0;
    for (let i = 0; i < n; i++) total += this.tokLen[slots[i]!]!;
    const dims = VECTOR_DIMS;
    const withVectors = opts.vectors ?? true;
    // With `reuse`, the population's arrays are views of buffers the store keeps for the next snapshot.
    const out = this.out;
    const vectors = take(out, 'vectors', withVectors ? n * dims : 0, reuse, (l) => new Float32Array(l));
    const scalars = take(out, 'scalars', n * S.width, reuse, (l) => new Float64Array(l));
    const tokOff = take(out, 'tokOff', n + 1, reuse, (l) => new Uint32Array(l));
    const tokIds = take(out, 'tokIds', total, reuse, (l) => new Int32Array(l));
    const org = take(out, 'org', n, reuse, (l) => new Int32Array(l));
    const prevCampaign = take(out, 'prevCampaign', n, reuse, (l) => new Int32Array(l));
    const cluster = take(out, 'cluster', n, reuse, (l) => new Int32Array(l));
    const dirty = take(out, 'dirty', n, reuse, (l) => new Uint8Array(l));
    const idHash = take(out, 'idHash', n, reuse, (l) => new Uint32Array(l));
    this.copyRows(slots, n, scalars, withVectors ? vectors : null);
    const globalIds = opts.globalIds ?? [];
    const firstLocal = globalIds.length;
    const t = this.gatherTokens(slots, n, tokOff, tokIds, scratch, globalIds, holders);
    const tokKeys = keysOf(keyOfId, globalIds, firstLocal);
    this.gatherFields(slots, n, cluster, dirty, idHash);
    const orgs = this.gatherOrgs(slots, n, org);
    const prevCampaigns: string[] = [];
    const prevRanks: number[] = [];
    this.gatherPrev(slots, n, prevByIndex, prevCampaign, prevCampaigns, prevRanks);
    const summaries = new Array<AccountSummary>(n);
    const ids = new Array<string>(n);
    this.gatherSummaries(slots, n, summaries, ids);
    const pop: PackedPopulation = {
      n, dims, vectors, scalars, tokOff, tokIds: t === total ? tokIds : reuse ? tokIds.subarray(0, t) : tokIds.slice(0, t), tokKeys, org, orgs, cluster, dirty, idHash, prevCampaign, prevCampaigns,
    };
    return { pop, summaries, ids, slots, prevRanks };
  }

  /** Ranks the live slots last seen at or after `cutoff` (in slot order) into `slots`; -1 for the others. Returns how many. */
  private rankActive(cutoff: number, slots: Int32Array): number {
    const cap = this.cap;
    const alive = this.alive;
    const lastTs = this.lastTs;
    const rank = this.rank;
    let n = 0;
    for (let slot = 0; slot < cap; slot++) {
      if (alive[slot] === 1 && lastTs[slot]! >= cutoff) {
        rank[slot] = n;
        slots[n++] = slot;
      } else rank[slot] = -1;
    }
    return n;
  }

  /**
   * The scalars (and vectors, unless null) of the snapshot's accounts. They are runs of consecutive
   * slots (slot order is store order, with the holes left by accounts stored again since the last
   * compaction in between): copied run by run.
   */
  private copyRows(slots: Int32Array, n: number, scalars: Float64Array, vectors: Float32Array | null): void {
    const SW = S.width;
    const dims = VECTOR_DIMS;
    const src = this.scalars;
    const srcV = this.vectors;
    for (let i = 0; i < n; ) {
      const first = slots[i]!;
      let j = i + 1;
      while (j < n && slots[j] === first + (j - i)) j++;
      copyF64(scalars, i * SW, src, first * SW, (j - i) * SW);
      if (vectors) copyF32(vectors, i * dims, srcV, first * dims, (j - i) * dims);
      i = j;
    }
  }

  /**
   * The snapshot's tokens as local ids (first seen, first numbered): shared ones and templates, each
   * account's at tokIds[tokOff[i] ..]. `local` maps token ids to local ids (-1 = none; left so);
   * `touched` gets each local id's token id (appended). Returns how many were written.
   */
  private gatherTokens(
    slots: Int32Array, n: number, tokOff: Uint32Array, tokIds: Int32Array, local: Int32Array, touched: number[], holders: Int32Array | null,
  ): number {
    const pool = this.pool;
    const tokStart = this.tokStart;
    const tokLen = this.tokLen;
    const first = touched.length;
    let t = 0;
    for (let i = 0; i < n; i++) {
      const slot = slots[i]!;
      tokOff[i] = t;
      const from = tokStart[slot]!;
      const to = from + tokLen[slot]!;
      for (let x = from; x < to; x++) {
        const e = pool[x]!;
        const g = e >= 0 ? e : ~e;
        let id = local[g]!;
        // Whether a token is shared is asked when it is first met: a token with a local id passed.
        // (Most occurrences are of tokens met before; an unshared one is held by this account alone.)
        if (id < 0) {
          if (e >= 0 && holders && holders[g]! < 2) continue;
          id = touched.length - first;
          local[g] = id;
          touched.push(g);
        }
        tokIds[t++] = id;
      }
    }
    tokOff[n] = t;
    for (let k = first; k < touched.length; k++) local[touched[k]!] = -1;
    return t;
  }

  private gatherFields(slots: Int32Array, n: number, cluster: Int32Array, dirty: Uint8Array, idHash: Uint32Array): void {
    for (let i = 0; i < n; i++) {
      const slot = slots[i]!;
      cluster[i] = this.cluster[slot]!;
      dirty[i] = this.dirty[slot]!;
      idHash[i] = this.idHash[slot]!;
    }
  }

  /** Each account's org as a local index into the returned names (first seen, first numbered; -1 = none). */
  private gatherOrgs(slots: Int32Array, n: number, org: Int32Array): string[] {
    const orgLocal = this.orgLocal;
    const orgs: string[] = [];
    const touched: number[] = [];
    for (let i = 0; i < n; i++) {
      const o = this.org[slots[i]!]!;
      if (o >= 0) {
        let oi = orgLocal[o]!;
        if (oi < 0) {
          oi = orgs.length;
          orgs.push(this.orgNames[o]!);
          orgLocal[o] = oi;
          touched.push(o);
        }
        org[i] = oi;
      } else org[i] = -1;
    }
    for (const o of touched) orgLocal[o] = -1;
    return orgs;
  }

  /** Each account's previous campaign as an index into `campaigns` (first seen, first numbered; -1 = none); `ranks` gets the accounts that have one. */
  private gatherPrev(
    slots: Int32Array, n: number, prevByIndex: readonly (string | null | undefined)[], prevCampaign: Int32Array, campaigns: string[], ranks: number[],
  ): void {
    const indexOf = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const j = this.indexOfSlot[slots[i]!]!;
      const pc = j < prevByIndex.length ? prevByIndex[j] : null;
      if (pc) {
        prevCampaign[i] = denseIndex(indexOf, campaigns, pc);
        ranks.push(i);
      } else prevCampaign[i] = -1;
    }
  }

  /** The snapshot's summaries and ids; marks them clean (dirty = false, cleanScalars = scalars), as prepare() did. */
  private gatherSummaries(slots: Int32Array, n: number, summaries: AccountSummary[], ids: string[]): void {
    for (let i = 0; i < n; i++) {
      const slot = slots[i]!;
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
  }

  private foldIn(stored: readonly AccountSummary[], index: ArrayLike<number>): void {
    for (let r = 0; r < stored.length; r++) {
      const s = stored[r]!;
      if (s.gone) continue;
      const j = index[r]!;
      if (j >= this.slotOfIndex.length) this.growIndex(j + 1);
      // The account's previous slot; or, with the index handed on, the slot of the departed account
      // that had it, freed now rather than by dropDeparted().
      const old = this.slotOfIndex[j]!;
      // The old slot's token ids still hold when the summary shares its token keys array: the
      // detector gives a summary its predecessor's (never mutated) one when no token changed, about
      // half of all updates, and the ids of unchanged keys change only on a renumbering, which
      // reloads every slot. (Not the ids array: the detector rewrites a replaced one in place.)
      let sameTokens = -1;
      if (old >= 0 && this.alive[old] === 1) {
        if (this.summary[old]!.tokens === s.tokens) sameTokens = old;
        this.release(old);
      }
      const slot = this.append();
      this.slotOfIndex[j] = slot;
      this.indexOfSlot[slot] = j;
      this.idOf[slot] = s.accountId;
      this.write(slot, s, sameTokens);
    }
  }

  private growIndex(min: number): void {
    const grown = new Int32Array(Math.max(min, this.slotOfIndex.length * 2, 1024)).fill(-1);
    grown.set(this.slotOfIndex);
    this.slotOfIndex = grown;
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

  /** Writes `s` into `slot`; its tokens are those of (freed) slot `sameTokens` unless that is -1. */
  private write(slot: number, s: AccountSummary, sameTokens: number): void {
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
    if (sameTokens >= 0) {
      this.tokStart[slot] = this.tokStart[sameTokens]!;
      this.tokLen[slot] = this.tokLen[sameTokens]!;
    } else this.writeTokens(slot, s.tokenIds, s.tokens);
  }

  /** `keys` are the summary's token keys, position for position with `ids` (the detector interns them so). */
  private writeTokens(slot: number, ids: Int32Array, keys: readonly number[]): void {
    const len = ids.length;
    if (this.poolUsed + len > this.pool.length) {
      const grown = new Int32Array(Math.max(this.pool.length * 2, this.poolUsed + len));
      grown.set(this.pool.subarray(0, this.poolUsed));
      this.pool = grown;
    }
    const at = this.poolUsed;
    for (let x = 0; x < len; x++) {
      const g = ids[x]!;
      this.pool[at + x] = keys[x]! < TEMPLATE_KEY_END ? ~g : g;
    }
    this.tokStart[slot] = at;
    this.tokLen[slot] = len;
    this.poolUsed = at + len;
  }

  /** Moves the live slots down over the holes (keeping their order) and rewrites the token pool. */
  private compact(): void {
    const pool = new Int32Array(Math.max(1024, this.poolUsed));
    const w = this.moveLive(pool);
    this.clearTail(w);
    this.summary.length = w;
    this.idOf.length = w;
    this.cap = w;
    this.pool = pool;
  }

  /**
   * compact()'s pass over the slots: each live slot's tokens into `pool` and its numbers down to the
   * next free slot, in order; returns the live count. (Holes are scattered, so runs of live slots are
   * short: value by value beats a native copy per run and array.)
   */
  private moveLive(pool: Int32Array): number {
    const cap = this.cap;
    const alive = this.alive;
    const src = this.pool;
    const tokStart = this.tokStart;
    const tokLen = this.tokLen;
    let used = 0;
    let w = 0;
    for (let slot = 0; slot < cap; slot++) {
      if (alive[slot] === 0) continue;
      const from = tokStart[slot]!;
      const len = tokLen[slot]!;
      for (let x = 0; x < len; x++) pool[used + x] = src[from + x]!;
      tokStart[w] = used;
      tokLen[w] = len;
      used += len;
      if (w !== slot) this.moveSlot(slot, w);
      w++;
    }
    this.poolUsed = used;
    return w;
  }

  /** Moves live slot `from` down to the free slot `to`. */
  private moveSlot(from: number, to: number): void {
    const SW = S.width;
    const dims = VECTOR_DIMS;
    const s = this.summary[from]!;
    this.summary[to] = s;
    this.alive[to] = 1;
    this.idOf[to] = this.idOf[from]!;
    const j = this.indexOfSlot[from]!;
    this.indexOfSlot[to] = j;
    this.slotOfIndex[j] = to;
    this.lastTs[to] = this.lastTs[from]!;
    const scalars = this.scalars;
    for (let c = 0; c < SW; c++) scalars[to * SW + c] = scalars[from * SW + c]!;
    const vectors = this.vectors;
    for (let d = 0; d < dims; d++) vectors[to * dims + d] = vectors[from * dims + d]!;
    this.cluster[to] = this.cluster[from]!;
    this.idHash[to] = this.idHash[from]!;
    this.dirty[to] = this.dirty[from]!;
    this.unsnapped[to] = this.unsnapped[from]!;
    this.org[to] = this.org[from]!;
    this.rank[to] = this.rank[from]!;
  }

  /** Marks the slots from `w` on as holes (after moveLive). */
  private clearTail(w: number): void {
    const summary = this.summary;
    for (let slot = w; slot < this.cap; slot++) summary[slot] = null;
    this.alive.fill(0, w, this.cap);
  }

  /** Frees the slots of accounts the detector no longer holds (evicted or cleared). */
  private dropDeparted(): void {
    for (let slot = 0; slot < this.cap; slot++) {
      if (this.alive[slot] === 0 || !this.summary[slot]!.gone) continue;
      const j = this.indexOfSlot[slot]!;
      if (this.slotOfIndex[j] === slot) this.slotOfIndex[j] = -1;
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
    this.indexOfSlot = i32(this.indexOfSlot);
  }
}
