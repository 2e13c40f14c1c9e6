import { TIERS } from '@lockstep/contracts';
import { S, VECTOR_DIMS, type AccountSummary } from '@lockstep/detection';

/** Numbers per summary: the evidence scalars, the behavioural vector, the account-id hash. */
const NUMS = S.width + VECTOR_DIMS + 1;

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
  nums: Float64Array;
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

  constructor(private readonly capacity: number) {
    this.reset();
  }

  get size(): number {
    return this.frame.n;
  }

  get full(): boolean {
    return this.frame.n >= this.capacity;
  }

  add(accountId: string, ts: number, s: AccountSummary | null): void {
    const f = this.frame;
    const k = f.n++;
    f.accounts.push(accountId);
    f.ts[k] = ts;
    if (!s) {
      f.sum[k] = -1;
      return;
    }
    const x = this.count++;
    f.sum[k] = x;
    const o = x * NUMS;
    const nums = f.nums;
    for (let c = 0; c < S.width; c++) nums[o + c] = s.scalars[c]!;
    for (let d = 0; d < VECTOR_DIMS; d++) nums[o + S.width + d] = s.vector[d]!;
    nums[o + NUMS - 1] = s.idHash;
    f.meta[2 * x] = TIERS.indexOf(s.tier as (typeof TIERS)[number]);
    f.meta[2 * x + 1] = s.verified ? 1 : 0;
    f.orgs.push(s.org);
    const keys = this.keys;
    for (let i = 0; i < s.tokens.length; i++) keys.push(s.tokens[i]!);
    f.tokOff[x + 1] = keys.length;
  }

  /** The filled frame and the buffers to transfer with it; the writer starts a new one. */
  take(): { frame: FeatureFrame; transfer: ArrayBuffer[] } {
    const f = this.frame;
    f.tokKeys = Float64Array.from(this.keys);
    const out = { frame: f, transfer: [f.ts.buffer, f.sum.buffer, f.nums.buffer, f.meta.buffer, f.tokOff.buffer, f.tokKeys.buffer] as ArrayBuffer[] };
    this.reset();
    return out;
  }

  private reset(): void {
    const c = this.capacity;
    this.frame = {
      n: 0, accounts: [], ts: new Float64Array(c), sum: new Int32Array(c), nums: new Float64Array(c * NUMS), meta: new Uint8Array(c * 2),
      orgs: [], tokOff: new Uint32Array(c + 1), tokKeys: new Float64Array(0),
    };
    this.count = 0;
    this.keys = [];
  }
}

/** The summary of event k of a frame (null when none was emitted): a fresh object, as summarize() makes. */
export function summaryAt(f: FeatureFrame, k: number): AccountSummary | null {
  const x = f.sum[k]!;
  if (x < 0) return null;
  const o = x * NUMS;
  const nums = f.nums;
  // One buffer for both, as summarize() lays them out.
  const buf = new ArrayBuffer(S.width * 8 + VECTOR_DIMS * 4);
  const scalars = new Float64Array(buf, 0, S.width);
  for (let c = 0; c < S.width; c++) scalars[c] = nums[o + c]!;
  const vector = new Float32Array(buf, S.width * 8, VECTOR_DIMS);
  for (let d = 0; d < VECTOR_DIMS; d++) vector[d] = nums[o + S.width + d]!;
  const from = f.tokOff[x]!;
  const to = f.tokOff[x + 1]!;
  const tokens = new Array<number>(to - from);
  for (let i = from; i < to; i++) tokens[i - from] = f.tokKeys[i]!;
  return {
    accountId: f.accounts[k]!,
    lastTs: f.ts[k]!,
    tier: TIERS[f.meta[2 * x]!] ?? 'free',
    verified: f.meta[2 * x + 1] === 1,
    org: f.orgs[x]!,
    vector,
    scalars,
    tokens,
    tokenIds: new Int32Array(0),
    idHash: nums[o + NUMS - 1]!,
    cluster: -1,
    dirty: true,
  };
}
