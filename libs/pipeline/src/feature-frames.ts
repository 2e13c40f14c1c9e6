import { TIERS } from '@lockstep/contracts';
import { S, summarizeInto as summarizeIntoExport, VECTOR_DIMS, type AccountSummary } from '@lockstep/detection';
import type { FeatureView } from '@lockstep/features';

// Read once: every use of an imported binding goes through the package index's getter.
const SW = S.width;
const DIMS = VECTOR_DIMS;
const summarizeInto = summarizeIntoExport;
const TIER_NAMES: readonly string[] = TIERS;
/** Bytes of one summary's numbers as summarize() lays them out in its buffer: the scalars (float64), then the vector (float32). */
const SUMMARY_BYTES = SW * 8 + DIMS * 4;
/** Bytes between records in a frame (a multiple of 8, so every record's scalars are aligned). */
const RECORD_BYTES = Math.ceil(SUMMARY_BYTES / 8) * 8;
const RECORD_F64 = RECORD_BYTES / 8;
const RECORD_F32 = RECORD_BYTES / 4;
const VECTOR_AT_F32 = (SW * 8) / 4;

/**
 * A run of consecutive valid events as the feature thread saw them: each event's account and time,
 * and, when the FeatureStore emitted features for it, their detector summary (summarize(view), a
 * pure function of the features), in flat arrays that move between threads without copying.
 * Decoding gives back exactly the summary summarize() returned.
 */
export interface FeatureFrame {
  n: number;
  accounts: string[];
  ts: Float64Array;
  /** Index of the event's summary, -1 when the store emitted no features for it. */
  sum: Int32Array;
  /** Summary x's numbers at byte x * RECORD_BYTES, laid out as in summarize()'s buffer. */
  records: ArrayBuffer;
  /** `records` as float64 (the scalars) and float32 (the vectors): views made once, cloned with the frame. */
  scalars: Float64Array;
  vectors: Float32Array;
  idHash: Float64Array;
  /** Tier index, verified (0/1) per summary. */
  meta: Uint8Array;
  orgs: (string | null)[];
  /** Summary x's tokens are tokKeys[tokOff[x] .. tokOff[x + 1]) (tokKeys may be longer). */
  tokOff: Uint32Array;
  tokKeys: Float64Array;
}

/** Token slots a new frame starts with per event (it grows when summaries carry more). */
const TOKENS_PER_EVENT = 16;

/** Fills frames on the feature thread. */
export class FrameWriter {
  private frame!: FeatureFrame;
  private count = 0;
  /** The frame's tokens (its tokKeys) and how many are written. */
  private tokens!: Float64Array;
  private tokenCount = 0;
  private scalars!: Float64Array;
  private vectors!: Float32Array;

  private capacity: number;

  /**
   * Frames of up to `maxEvents` events; the first holds `firstEvents` and each next one twice as
   * many, so the replaying thread gets work soon after start-up instead of waiting for a full frame.
   */
  constructor(
    private readonly maxEvents: number,
    firstEvents = maxEvents,
  ) {
    this.capacity = Math.max(1, Math.min(firstEvents, maxEvents));
    this.reset();
  }

  get size(): number {
    return this.frame.n;
  }

  get full(): boolean {
    return this.frame.n >= this.capacity;
  }

  /** Adds an event with the summary made of its features (null when the store emitted none). */
  add(accountId: string, ts: number, s: AccountSummary | null): void {
    const x = this.next(accountId, ts, s !== null);
    if (x < 0 || !s) return;
    const so = x * RECORD_F64;
    for (let c = 0; c < SW; c++) this.scalars[so + c] = s.scalars[c]!;
    const vo = x * RECORD_F32 + VECTOR_AT_F32;
    for (let d = 0; d < DIMS; d++) this.vectors[vo + d] = s.vector[d]!;
    this.reserve(s.tokens.length);
    for (let i = 0; i < s.tokens.length; i++) this.tokens[this.tokenCount++] = s.tokens[i]!;
    this.close(x, s.tier, s.verified, s.org, s.idHash);
  }

  /**
   * add(accountId, ts, view ? summarize(view) : null) without making the summary: its numbers go
   * straight into the frame. `idHash` is fnv1a32(view.account_id), which the caller usually has.
   */
  addView(accountId: string, ts: number, view: FeatureView | null, idHash: number): void {
    const x = this.next(accountId, ts, view !== null);
    if (x < 0 || !view) return;
    this.reserve(view.tokenKeys.length);
    this.tokenCount = summarizeInto(view, this.scalars, x * RECORD_F64, this.vectors, x * RECORD_F32 + VECTOR_AT_F32, this.tokens, this.tokenCount);
    this.close(x, view.tier, view.verified, view.org_id, idHash);
  }

  /** Room for `more` tokens after the ones written. */
  private reserve(more: number): void {
    if (this.tokenCount + more <= this.tokens.length) return;
    const bigger = new Float64Array(Math.max(2 * this.tokens.length, this.tokenCount + more));
    bigger.set(this.tokens.subarray(0, this.tokenCount));
    this.tokens = bigger;
    this.frame.tokKeys = bigger;
  }

  /** Records the event; returns its summary index, or -1 without one. */
  private next(accountId: string, ts: number, withSummary: boolean): number {
    const f = this.frame;
    const k = f.n++;
    f.accounts.push(accountId);
    f.ts[k] = ts;
    const x = withSummary ? this.count++ : -1;
    f.sum[k] = x;
    return x;
  }

  private close(x: number, tier: string, verified: boolean, org: string | null, idHash: number): void {
    const f = this.frame;
    f.idHash[x] = idHash;
    f.meta[2 * x] = TIER_NAMES.indexOf(tier);
    f.meta[2 * x + 1] = verified ? 1 : 0;
    f.orgs.push(org);
    f.tokOff[x + 1] = this.tokenCount;
  }

  /** The filled frame and the buffers to transfer with it; the writer starts a new one. */
  take(): { frame: FeatureFrame; transfer: ArrayBuffer[] } {
    const f = this.frame;
    const out = { frame: f, transfer: [f.ts.buffer, f.sum.buffer, f.records, f.idHash.buffer, f.meta.buffer, f.tokOff.buffer, f.tokKeys.buffer] as ArrayBuffer[] };
    if (this.capacity < this.maxEvents) this.capacity = Math.min(this.maxEvents, this.capacity * 2);
    this.reset();
    return out;
  }

  private reset(): void {
    const c = this.capacity;
    const records = new ArrayBuffer(c * RECORD_BYTES);
    this.scalars = new Float64Array(records);
    this.vectors = new Float32Array(records);
    this.frame = {
      n: 0, accounts: [], ts: new Float64Array(c), sum: new Int32Array(c), records, scalars: this.scalars, vectors: this.vectors,
      idHash: new Float64Array(c), meta: new Uint8Array(c * 2), orgs: [], tokOff: new Uint32Array(c + 1), tokKeys: new Float64Array(c * TOKENS_PER_EVENT),
    };
    this.count = 0;
    this.tokens = this.frame.tokKeys;
    this.tokenCount = 0;
  }
}

/** The detector replaces a summary's tokenIds before reading them, and never writes into one: all can share this. */
const NO_TOKEN_IDS = new Int32Array(0);

/**
 * Decoded summaries per buffer. An ArrayBuffer per summary (a runtime call, plus GC bookkeeping for
 * each buffer) cost more than the decoding itself; a live summary keeps its whole slab alive, so slabs stay small.
 */
const SLAB_SUMMARIES = 8;
let slab = new ArrayBuffer(0);
let slabUsed = SLAB_SUMMARIES;

/** Byte offset of room for one more summary's numbers in `slab` (a new slab when it is full). */
function slabRecord(): number {
  if (slabUsed === SLAB_SUMMARIES) {
    slab = new ArrayBuffer(SLAB_SUMMARIES * RECORD_BYTES);
    slabUsed = 0;
  }
  return RECORD_BYTES * slabUsed++;
}

/** The summary of event k of a frame (null when none was emitted): a fresh object, as summarize() makes. */
export function summaryAt(f: FeatureFrame, k: number): AccountSummary | null {
  const x = f.sum[k]!;
  if (x < 0) return null;
  // Adjacent in one buffer, as summarize() lays them out. Copied number by number: ArrayBuffer.slice
  // (a runtime call with a species lookup) cost twice as much, on the replay's busiest thread.
  const at = slabRecord();
  const scalars = new Float64Array(slab, at, SW);
  const vector = new Float32Array(slab, at + SW * 8, DIMS);
  const fs = f.scalars;
  const so = x * RECORD_F64;
  for (let c = 0; c < SW; c++) scalars[c] = fs[so + c]!;
  const fv = f.vectors;
  const vo = x * RECORD_F32 + VECTOR_AT_F32;
  for (let d = 0; d < DIMS; d++) vector[d] = fv[vo + d]!;
  const from = f.tokOff[x]!;
  const to = f.tokOff[x + 1]!;
  const tokens = new Array<number>(to - from);
  for (let i = from; i < to; i++) tokens[i - from] = f.tokKeys[i]!;
  return {
    accountId: f.accounts[k]!,
    lastTs: f.ts[k]!,
    tier: TIER_NAMES[f.meta[2 * x]!] ?? 'free',
    verified: f.meta[2 * x + 1] === 1,
    org: f.orgs[x]!,
    vector,
    scalars,
    tokens,
    tokenIds: NO_TOKEN_IDS,
    idHash: f.idHash[x]!,
    cluster: -1,
    dirty: true,
    // The fields the detector adds to every summary it stores, there from the start (unset, as
    // summarize() leaves them): stores instead of a shape change and a property store per summary.
    cleanScalars: undefined,
    gone: undefined,
  };
}
