import { TIERS } from '@lockstep/contracts';
import { S, summarizeInto, VECTOR_DIMS, type AccountSummary } from '@lockstep/detection';
import type { FeatureView } from '@lockstep/features';

// Read once: every use of an imported binding goes through the package index's getter.
const SW = S.width;
const DIMS = VECTOR_DIMS;
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
  idHash: Float64Array;
  /** Tier index, verified (0/1) per summary. */
  meta: Uint8Array;
  orgs: (string | null)[];
  tokOff: Uint32Array;
  tokKeys: Float64Array;
}

/** Fills frames on the feature thread. */
export class FrameWriter {
  private frame!: FeatureFrame;
  private count = 0;
  private keys: number[] = [];
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
    for (let i = 0; i < s.tokens.length; i++) this.keys.push(s.tokens[i]!);
    this.close(x, s.tier, s.verified, s.org, s.idHash);
  }

  /**
   * add(accountId, ts, view ? summarize(view) : null) without making the summary: its numbers go
   * straight into the frame. `idHash` is fnv1a32(view.account_id), which the caller usually has.
   */
  addView(accountId: string, ts: number, view: FeatureView | null, idHash: number): void {
    const x = this.next(accountId, ts, view !== null);
    if (x < 0 || !view) return;
    summarizeInto(view, this.scalars, x * RECORD_F64, this.vectors, x * RECORD_F32 + VECTOR_AT_F32, this.keys);
    this.close(x, view.tier, view.verified, view.org_id, idHash);
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
    f.tokOff[x + 1] = this.keys.length;
  }

  /** The filled frame and the buffers to transfer with it; the writer starts a new one. */
  take(): { frame: FeatureFrame; transfer: ArrayBuffer[] } {
    const f = this.frame;
    f.tokKeys = Float64Array.from(this.keys);
    const out = { frame: f, transfer: [f.ts.buffer, f.sum.buffer, f.records, f.idHash.buffer, f.meta.buffer, f.tokOff.buffer, f.tokKeys.buffer] as ArrayBuffer[] };
    if (this.capacity < this.maxEvents) this.capacity = Math.min(this.maxEvents, this.capacity * 2);
    this.reset();
    return out;
  }

  private reset(): void {
    const c = this.capacity;
    const records = new ArrayBuffer(c * RECORD_BYTES);
    this.frame = {
      n: 0, accounts: [], ts: new Float64Array(c), sum: new Int32Array(c), records, idHash: new Float64Array(c), meta: new Uint8Array(c * 2),
      orgs: [], tokOff: new Uint32Array(c + 1), tokKeys: new Float64Array(0),
    };
    this.scalars = new Float64Array(records);
    this.vectors = new Float32Array(records);
    this.count = 0;
    this.keys.length = 0;
  }
}

/** The detector replaces a summary's tokenIds before reading them, and never writes into one: all can share this. */
const NO_TOKEN_IDS = new Int32Array(0);

/** The summary of event k of a frame (null when none was emitted): a fresh object, as summarize() makes. */
export function summaryAt(f: FeatureFrame, k: number): AccountSummary | null {
  const x = f.sum[k]!;
  if (x < 0) return null;
  // One buffer for both, as summarize() lays them out: a copy of the record is the whole decode.
  const buf = f.records.slice(x * RECORD_BYTES, x * RECORD_BYTES + SUMMARY_BYTES);
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
    vector: new Float32Array(buf, SW * 8, DIMS),
    scalars: new Float64Array(buf, 0, SW),
    tokens,
    tokenIds: NO_TOKEN_IDS,
    idHash: f.idHash[x]!,
    cluster: -1,
    dirty: true,
  };
}
