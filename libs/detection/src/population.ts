import { FEATURE_NAMES, FI as FEATURE_INDEX, fnv1a32 as fnv1a32Export, SHARED_STREAM_FEATURES, type FeatureName, type FeatureView } from '@lockstep/features';

// Read once: every use of an imported binding goes through the package index's getter, a call
// the per-summary scores (harvestScore, nonHumanScore, ...) made for every feature they read.
const FI = FEATURE_INDEX;
const fnv1a32 = fnv1a32Export;

/** Per-account scalars the campaign evidence reads (column index in PackedPopulation.scalars). */
export const S = {
  n: 0,
  ageFirstDays: 1,
  createdDay: 2,
  humanness: 3,
  humanConfidence: 4,
  nonHuman: 5,
  churn: 6, // -1 when too few events to tell
  harvest: 7,
  primaryNet: 8, // first /24 seen (token hash), 0 = none
  card: 9, // payment token hash, 0 = none
  verified: 10,
  templateReuse: 11,
  institutional: 12, // share of traffic from education or corporate networks
  // The shared stream (events carrying a prompt other accounts sent too), judged apart from the rest:
  sharedHarvest: 13, // harvestScore of the shared stream, 0 when it is too thin to tell
  sharedHours: 14, // share of 3-hour buckets of the day it covers, times the share that is not identical prompts; 0 when too thin
  sharedReworded: 15, // share of it reworded (a fresh template around a near-duplicate, not identical, prompt)
  sharedIdentical: 16, // share of it identical prompts (a public benchmark's items, sent as they are)
  width: 17,
} as const;

/** The dense vector used for behavioural clustering: features with heavy tails log-compressed. */
const LOG_FEATURES = new Set<FeatureName>([
  'rate_1h', 'rate_24h', 'out_tokens_mean', 'in_tokens_mean', 'max_tokens_mean', 'account_age_days', 'age_at_first_seen_days', 'out_in_ratio',
]);
// The shared-stream features feed campaign evidence, not the behavioural clusters.
const NOT_CLUSTERED = new Set<FeatureName>(['tier_index', 'verified', 'has_org', ...SHARED_STREAM_FEATURES]);
const CLUSTER_FEATURES: FeatureName[] = FEATURE_NAMES.filter((f) => !NOT_CLUSTERED.has(f));
export const VECTOR_DIMS = CLUSTER_FEATURES.length;

const CLUSTER_INDEX = CLUSTER_FEATURES.map((n) => FI[n]);
const CLUSTER_KIND = CLUSTER_FEATURES.map((n) => (LOG_FEATURES.has(n) ? 1 : n === 'sleep_gap_hours' ? 2 : n === 'ia_log_mean' ? 3 : 0));

export function clusterVector(values: ArrayLike<number>, out: Float32Array, offset: number): void {
  for (let i = 0; i < CLUSTER_INDEX.length; i++) {
    const v = values[CLUSTER_INDEX[i]!]!;
    const k = CLUSTER_KIND[i];
    out[offset + i] = k === 1 ? Math.log1p(Math.max(0, v)) : k === 2 ? v / 24 : k === 3 ? v / 6 : v;
  }
}

const clip01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

/**
 * How much an account's traffic looks like harvesting model outputs for training: asking for reasoning
 * traces and rubric grading, long outputs relative to prompts, and high max_tokens.
 */
export function harvestScore(v: ArrayLike<number>): number {
  return (
    0.35 * clip01(v[FI.cot_share]! / 0.3) +
    0.15 * clip01(v[FI.rubric_share]! / 0.1) +
    0.3 * clip01((v[FI.out_in_ratio]! - 0.8) / 1.2) +
    0.2 * clip01((v[FI.max_tokens_mean]! - 2048) / 6144)
  );
}

/**
 * Harvest economics of the shared stream alone (the same weights as harvestScore), scaled by how
 * much shared traffic backs it: an account's genuine traffic cannot hide the pool it harvests.
 */
export function sharedHarvestScore(v: ArrayLike<number>, n: number): number {
  const conf = sharedConfidence(v, n);
  if (conf === 0) return 0;
  return conf * (
    0.35 * clip01(v[FI.shared_cot_share]! / 0.3) +
    0.15 * clip01(v[FI.shared_rubric_share]! / 0.1) +
    0.3 * clip01((v[FI.shared_out_in_ratio]! - 0.8) / 1.2) +
    0.2 * clip01((v[FI.shared_max_tokens_mean]! - 2048) / 6144)
  );
}

/**
 * How much to trust the shared-stream profile: about 12 shared events for full weight, and a share of
 * the traffic well above what chance collisions of 26-bit prompt LSH tokens mark shared (~1-2% of an
 * account's unique prompts), so a heavy user's own prompts never pass for a pool.
 */
export function sharedConfidence(v: ArrayLike<number>, n: number): number {
  const share = v[FI.shared_intent_share]!;
  return clip01((share * n) / 12) * clip01((share - 0.05) / 0.15);
}

/**
 * Evidence that the traffic is not one human's: no daily sleep gap (weighted by how many events
 * back it), a sustained rate no person types at, or back-to-back scripted calls.
 */
export function nonHumanScore(v: ArrayLike<number>, n: number): number {
  const conf = Math.min(1, n / 24);
  return Math.max((1 - v[FI.diurnal_humanness]!) * conf, clip01(v[FI.rate_1h]! / 120), v[FI.burstiness]! * Math.min(1, n / 10));
}

/** One account as the detector keeps it between clustering runs. */
export interface AccountSummary {
  accountId: string;
  lastTs: number;
  tier: string;
  verified: boolean;
  org: string | null;
  vector: Float32Array;
  scalars: Float64Array;
  /** Linking tokens (kinds with a non-zero weight), as numeric keys. */
  tokens: number[];
  /** The same tokens as ids of the detector's token table (set by the detector). */
  tokenIds: Int32Array;
  /** Stable 32-bit hash of the account id (carrier-set checksums). */
  idHash: number;
  /** Behavioural cluster from the latest centroids, -1 before the first fit. */
  cluster: number;
  /** Changed since the last clustering snapshot. */
  dirty: boolean;
  /** Scalars as of the last snapshot that found the account clean (what cached token scores saw). */
  cleanScalars?: Float64Array;
  /** The summary that replaced this one (set by the detector), so a snapshot can find the latest without a lookup. */
  next?: AccountSummary;
  /** Replaced, evicted or deleted: no longer the detector's summary of the account. */
  gone?: boolean;
}

/** Token kinds that link accounts (see KIND_WEIGHTS in clustering.ts); 5 = asn and 6 = ua do not. */
const LINKING_KIND = [true, true, true, true, true, false, false, true];

/** The feature indices summarizeInto reads, as module constants (FI itself is behind the features package's export getter). */
const SUMMARY_FI = {
  age_at_first_seen_days: FI.age_at_first_seen_days,
  diurnal_humanness: FI.diurnal_humanness,
  ip24_churn: FI.ip24_churn,
  template_reuse: FI.template_reuse,
  ipc_education: FI.ipc_education,
  ipc_corporate: FI.ipc_corporate,
  shared_hours_share: FI.shared_hours_share,
  shared_identical_share: FI.shared_identical_share,
  shared_reworded_share: FI.shared_reworded_share,
} as const;

/** Scratch for summarize()'s linking tokens (grown to the longest token list seen). */
let tokenScratch = new Float64Array(64);

export function summarize(view: FeatureView): AccountSummary {
  if (tokenScratch.length < view.tokenKeys.length) tokenScratch = new Float64Array(view.tokenKeys.length * 2);
  // Scalars and vector share one buffer: one allocation, and a snapshot reads them from adjacent memory.
  const buf = new ArrayBuffer(S.width * 8 + VECTOR_DIMS * 4);
  const sc = new Float64Array(buf, 0, S.width);
  const vector = new Float32Array(buf, S.width * 8, VECTOR_DIMS);
  const end = summarizeInto(view, sc, 0, vector, 0, tokenScratch, 0);
  const tokens: number[] = [];
  for (let i = 0; i < end; i++) tokens.push(tokenScratch[i]!);
  return {
    accountId: view.account_id,
    lastTs: view.event_ts,
    tier: view.tier,
    verified: view.verified,
    org: view.org_id,
    vector,
    scalars: sc,
    tokens,
    tokenIds: new Int32Array(0),
    idHash: fnv1a32(view.account_id),
    cluster: -1,
    dirty: true,
  };
}

/**
 * The numbers of summarize(view) written into arrays the caller owns: the scalars at scalars[so ..],
 * the vector at vector[vo ..], the linking tokens at tokens[at ..] (which must have room for
 * view.tokenKeys.length of them); returns the index after the last token written. Lets the replay's
 * feature thread fill its frames without building a summary (or growing an array) per event.
 */
export function summarizeInto(view: FeatureView, sc: Float64Array, so: number, vector: Float32Array, vo: number, tokens: Float64Array, at: number): number {
  const v = view.values;
  const keys = view.tokenKeys;
  let primaryNet = 0;
  let card = 0;
  let t = at;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const kind = Math.floor(key / 4294967296);
    // key - kind * 2^32 is key % 2^32 for the non-negative integer keys tokens have, without the
    // x87 remainder loop V8 emits for % of numbers beyond int32.
    if (kind === 4 && primaryNet === 0) primaryNet = key - kind * 4294967296;
    if (kind === 3 && card === 0) card = key - kind * 4294967296;
    if (LINKING_KIND[kind]) tokens[t++] = key;
  }
  const n = view.n_events;
  sc[so + S.n] = n;
  sc[so + S.ageFirstDays] = v[SUMMARY_FI.age_at_first_seen_days]!;
  sc[so + S.createdDay] = Math.floor(view.account_created_ts / 86_400_000);
  sc[so + S.humanness] = v[SUMMARY_FI.diurnal_humanness]!;
  sc[so + S.humanConfidence] = Math.min(1, n / 24);
  sc[so + S.nonHuman] = nonHumanScore(v, n);
  sc[so + S.churn] = n >= 3 ? v[SUMMARY_FI.ip24_churn]! : -1;
  sc[so + S.harvest] = harvestScore(v);
  sc[so + S.primaryNet] = primaryNet;
  sc[so + S.card] = card;
  sc[so + S.verified] = view.verified ? 1 : 0;
  sc[so + S.templateReuse] = v[SUMMARY_FI.template_reuse]!;
  sc[so + S.institutional] = v[SUMMARY_FI.ipc_education]! + v[SUMMARY_FI.ipc_corporate]!;
  const sConf = sharedConfidence(v, n);
  sc[so + S.sharedHarvest] = sharedHarvestScore(v, n);
  // Identical prompts sent by many (a public benchmark's items) are not a pool being worked, however paced.
  sc[so + S.sharedHours] = sConf * v[SUMMARY_FI.shared_hours_share]! * (1 - v[SUMMARY_FI.shared_identical_share]!);
  sc[so + S.sharedReworded] = sConf * v[SUMMARY_FI.shared_reworded_share]!;
  sc[so + S.sharedIdentical] = sConf * v[SUMMARY_FI.shared_identical_share]!;
  clusterVector(v, vector, vo);
  return t;
}

/** The active population in flat arrays: cheap to copy into a worker thread and cache-friendly to scan. */
export interface PackedPopulation {
  n: number;
  dims: number;
  vectors: Float32Array;
  scalars: Float64Array;
  /** Account i's tokens are tokIds[tokOff[i] .. tokOff[i+1]), local ids into tokKeys. */
  tokOff: Uint32Array;
  tokIds: Int32Array;
  /** Token key (kindIndex * 2^32 + hash) of each local token id. */
  tokKeys: Float64Array;
  /** Index into `orgs`, -1 when none. */
  org: Int32Array;
  orgs: string[];
  /** Behavioural cluster per account from the latest centroids (-1 = none yet). */
  cluster: Int32Array;
  /** 1 when the account changed since the previous snapshot. */
  dirty: Uint8Array;
  idHash: Uint32Array;
  /** Index into `prevCampaigns`, -1 when the account was in no campaign. */
  prevCampaign: Int32Array;
  prevCampaigns: string[];
}

/** Options of a snapshot (PackedStore.snapshot, and the reference pack() in pack.fixture.ts). */
export interface PackOptions {
  /**
   * Copy the behavioural vectors (default true). Only a k-means fit reads them: a run that keeps
   * the current model needs none, and copying them is a large part of a snapshot.
   */
  vectors?: boolean;
  /** Filled with the keyOfId index of each local token id (which token table id it came from). */
  globalIds?: number[];
}

/**
 * The dense index of `key` in `list`, appending it (and recording it in `index`) the first time:
 * ids in first-seen order, as snapshots number orgs and previous campaigns.
 */
export function denseIndex(index: Map<string, number>, list: string[], key: string): number {
  let at = index.get(key);
  if (at === undefined) {
    at = list.length;
    list.push(key);
    index.set(key, at);
  }
  return at;
}
