import { CATEGORIES, IP_CLASSES, TIERS, type Tier } from '@lockstep/contracts';
import { AccountState, CHANCE_MULTIPLE, DAY_MS, F, U } from './account-state';
import { parseToken, tokenKeyString } from './tokens';

/**
 * Dense features, in a fixed order (the order of the clustering vector). Shares and ratios are over
 * the 24 h decayed window; see FEATURES.md for the meaning and the reason of each.
 */
export const FEATURE_NAMES = [
  'rate_1h', 'rate_24h', 'active_hours_share', 'sleep_gap_hours', 'diurnal_humanness', 'ia_log_mean', 'ia_regularity', 'burstiness',
  'out_in_ratio', 'max_tokens_used_share', 'out_tokens_mean', 'in_tokens_mean', 'max_tokens_mean',
  'cat_chat', 'cat_writing', 'cat_coding', 'cat_reasoning', 'cat_math', 'cat_agentic', 'cat_translation', 'cat_other',
  'cot_share', 'rubric_share', 'template_reuse', 'template_null_share', 'simhash_diversity',
  'ip24_churn', 'asn_churn', 'ua_churn',
  'ipc_residential', 'ipc_datacenter', 'ipc_corporate', 'ipc_education', 'ipc_mobile', 'ipc_unknown',
  'account_age_days', 'age_at_first_seen_days', 'verified', 'has_org', 'tier_index',
  'shared_intent_share', 'shared_reworded_share', 'shared_identical_share', 'shared_hours_share',
  'shared_out_in_ratio', 'shared_max_tokens_mean', 'shared_cot_share', 'shared_rubric_share',
] as const;
/** The shared-stream features (appended last so the earlier indices never move). */
export const SHARED_STREAM_FEATURES = [
  'shared_intent_share', 'shared_reworded_share', 'shared_identical_share', 'shared_hours_share',
  'shared_out_in_ratio', 'shared_max_tokens_mean', 'shared_cot_share', 'shared_rubric_share',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** Who the account is and how much of it the vector covers; shared by the JSON value and the view. */
export interface AccountHeader {
  account_id: string;
  /** ts of the event whose processing produced this vector (event time). */
  event_ts: number;
  first_ts: number;
  n_events: number;
  tier: Tier;
  verified: boolean;
  org_id: string | null;
  account_created_ts: number;
}

/** The value of account.features.v1 (key = account_id). */
export interface AccountFeatures extends AccountHeader {
  schema: 'account.features.v1';
  features: Record<FeatureName, number>;
  /** Sparse tokens the account may share with others, as "<kind>:<hex8>". */
  tokens: string[];
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
// Read once: every use of an imported binding goes through the package index's getter.
const N_CATEGORIES = CATEGORIES.length;
const N_IP_CLASSES = IP_CLASSES.length;
const TIER_NAMES: readonly Tier[] = TIERS;
/** Least share of an account's traffic carrying shared prompts for its prompt (sim) tokens to be published. */
export const SIM_TOKENS_MIN_SHARE = 0.1;

/** Longest circular run of near-empty hours in the hour-of-day profile: a human's sleep. */
export function sleepGapHours(hod: ArrayLike<number>): number {
  return sleepGapAt(hod, 0);
}

/** sleepGapHours of the 24 hours at hod[at ..] (no subarray per call). */
function sleepGapAt(hod: ArrayLike<number>, at: number): number {
  let total = 0;
  for (let h = 0; h < 24; h++) total += hod[at + h]!;
  if (total <= 0) return 24;
  const quiet = total * 0.02;
  let best = 0;
  let run = 0;
  for (let i = 0; i < 48; i++) {
    if (hod[at + (i < 24 ? i : i - 24)]! <= quiet) {
      run++;
      if (run > best) best = run;
    } else run = 0;
  }
  return Math.min(24, best);
}

/** Index of each feature in FEATURE_NAMES (and in FeatureView.values). */
export const FI = Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, i])) as Record<FeatureName, number>;

/** Computes all dense features of an account into `out` (indexed like FEATURE_NAMES), rounded as published. */
export function computeFeatureValues(s: AccountState, out: Float64Array = new Float64Array(FEATURE_NAMES.length)): Float64Array {
  const f = s.f;
  const w = Math.max(f[F.w24]!, 1e-9);
  const gaps = Math.max(f[F.gaps]!, 1e-9);
  // Decayed weight of the events after the first: only those can bring a new IP, ASN or prompt.
  const later = Math.max((w * (s.n - 1)) / s.n, 1e-9);
  let hodTotal = 0;
  for (let h = F.hod; h < F.hod + 24; h++) hodTotal += f[h]!;
  // Active hours and the sleep gap (sleepGapAt) in one pass over the profile: the longest circular
  // run of quiet hours is the longest run within the day or the one wrapping from its end to its start.
  const quiet = hodTotal * 0.02;
  let active = 0;
  let run = 0;
  let best = 0;
  let lead = -1;
  for (let h = F.hod; h < F.hod + 24; h++) {
    const x = f[h]!;
    if (x > quiet) active++;
    if (x <= quiet) {
      run++;
      if (run > best) best = run;
    } else {
      if (lead < 0) lead = run;
      run = 0;
    }
  }
  const sleep = hodTotal <= 0 || lead < 0 ? 24 : Math.max(best, lead + run);
  const maxTokN = f[F.maxTokN]!;
  const inTok = f[F.inTok]!;
  const tmplEvents = w - f[F.tmplNull]!;
  out[FI.rate_1h] = f[F.w1h]!;
  out[FI.rate_24h] = f[F.w24]!;
  out[FI.active_hours_share] = active / 24;
  out[FI.sleep_gap_hours] = sleep;
  out[FI.diurnal_humanness] = Math.min(1, sleep / 6);
  out[FI.ia_log_mean] = s.n > 1 ? f[F.iaMean]! : 0;
  out[FI.ia_regularity] = s.n > 2 ? 1 / (1 + Math.sqrt(Math.max(0, f[F.iaVar]!)) * 3) : 0;
  out[FI.burstiness] = s.n > 1 ? f[F.fastGaps]! / gaps : 0;
  out[FI.out_in_ratio] = f[F.outTok]! / Math.max(inTok, 1);
  out[FI.max_tokens_used_share] = maxTokN > 0 ? f[F.usedShare]! / maxTokN : 0;
  out[FI.out_tokens_mean] = f[F.outTok]! / w;
  out[FI.in_tokens_mean] = inTok / w;
  out[FI.max_tokens_mean] = maxTokN > 0 ? f[F.maxTok]! / maxTokN : 0;
  for (let i = 0; i < N_CATEGORIES; i++) out[FI.cat_chat + i] = f[F.cat + i]! / w;
  out[FI.cot_share] = f[F.cot]! / w;
  out[FI.rubric_share] = f[F.rubric]! / w;
  out[FI.template_reuse] = tmplEvents > 0.5 ? 1 - Math.min(1, f[F.newTmpl]! / tmplEvents) : 0;
  out[FI.template_null_share] = f[F.tmplNull]! / w;
  out[FI.simhash_diversity] = s.n > 1 ? Math.min(1, f[F.simDist]! / later) : 1;
  out[FI.ip24_churn] = s.n > 1 ? Math.min(1, f[F.newIp24]! / later) : 0;
  out[FI.asn_churn] = s.n > 1 ? Math.min(1, f[F.newAsn]! / later) : 0;
  out[FI.ua_churn] = s.n > 1 ? Math.min(1, f[F.newUa]! / later) : 0;
  for (let i = 0; i < N_IP_CLASSES; i++) out[FI.ipc_residential + i] = f[F.ipClass + i]! / w;
  out[FI.account_age_days] = Math.max(0, s.lastTs - s.createdTs) / DAY_MS;
  out[FI.age_at_first_seen_days] = Math.max(0, s.firstTs - s.createdTs) / DAY_MS;
  out[FI.verified] = s.verified ? 1 : 0;
  out[FI.has_org] = s.org ? 1 : 0;
  out[FI.tier_index] = s.tier;
  computeSharedStream(s, out);
  for (let i = 0; i < out.length; i++) out[i] = r4(out[i]!);
  return out;
}

/**
 * Features of the shared stream: the events whose prompt (template or near-duplicate simhash) other
 * accounts sent too. Judged apart from the rest of the account, so a pool harvested through an
 * account that also serves genuine users shows its own economics and pacing.
 */
function computeSharedStream(s: AccountState, out: Float64Array): void {
  const f = s.f;
  const sw = f[F.sw]!;
  const w = Math.max(f[F.w24]!, 1e-9);
  const maxN = f[F.sMaxTokN]!;
  let total = 0;
  let active = 0;
  for (let b = 0; b < 8; b++) total += f[F.sHod + b]!;
  // A bucket counts when it holds more than 5% of the shared events (an even spread gives 12.5%).
  for (let b = 0; b < 8; b++) if (total > 0 && f[F.sHod + b]! > total * 0.05) active++;
  out[FI.shared_intent_share] = Math.min(1, sw / w);
  out[FI.shared_reworded_share] = sw > 1e-9 ? f[F.sReworded]! / sw : 0;
  out[FI.shared_identical_share] = sw > 1e-9 ? f[F.sIdentical]! / sw : 0;
  out[FI.shared_hours_share] = active / 8;
  out[FI.shared_out_in_ratio] = sw > 1e-9 ? f[F.sOut]! / Math.max(f[F.sIn]!, 1) : 0;
  out[FI.shared_max_tokens_mean] = maxN > 0 ? f[F.sMaxTok]! / maxN : 0;
  out[FI.shared_cot_share] = sw > 1e-9 ? f[F.sCot]! / sw : 0;
  out[FI.shared_rubric_share] = sw > 1e-9 ? f[F.sRubric]! / sw : 0;
}

export function computeFeatures(s: AccountState): Record<FeatureName, number> {
  return featureRecord(computeFeatureValues(s));
}

export function featureRecord(values: ArrayLike<number>): Record<FeatureName, number> {
  const out = {} as Record<FeatureName, number>;
  for (let i = 0; i < FEATURE_NAMES.length; i++) out[FEATURE_NAMES[i]!] = values[i]!;
  return out;
}

function pushSlots(out: number[], kind: number, u: Uint32Array, start: number, len: number, empty: number) {
  for (let i = start; i < start + len; i++) {
    const v = u[i]!;
    if (v !== empty && v !== 0) out.push(kind * 4294967296 + v);
  }
}

/**
 * Standard deviations by which an account's shared count must exceed what chance matches alone
 * would give it for its prompt tokens to be published.
 */
const CHANCE_Z = 3;

/**
 * Whether a real share of the account's traffic is near-duplicate of others': at least
 * SIM_TOKENS_MIN_SHARE and CHANCE_MULTIPLE times the chance rate, and, for an account of few
 * events (where one chance match is a large share), CHANCE_Z deviations above the chance count.
 */
function sharesBeyondChance(f: Float32Array): boolean {
  const w = f[F.w24]!;
  const sw = f[F.sw]!;
  const floor = f[F.simFloor]!;
  if (sw < Math.max(SIM_TOKENS_MIN_SHARE, floor) * w) return false;
  const chance = floor / CHANCE_MULTIPLE;
  return sw >= chance * w + CHANCE_Z * Math.sqrt(chance * (1 - chance) * w);
}

/**
 * How many of its prompt sketch's smallest values an account whose shared stream is mostly not
 * reworded publishes. Its shared templates (or identical items) link it on their own; the whole
 * sketch is for accounts linked by near-duplicates alone, whose partial samples of a pool need more
 * values to overlap. Each extra token is linking and scoring work in the detector.
 */
const SIM_SKETCH_SHORT = 8;
const smallest = new Uint32Array(U.simMinLen);

/** The k smallest filled slots of u[start .. start + U.simMinLen), ascending. */
function pushSmallest(out: number[], kind: number, u: Uint32Array, start: number, k: number): void {
  let n = 0;
  for (let i = start; i < start + U.simMinLen; i++) {
    const v = u[i]!;
    if (v === 0xffffffff || v === 0) continue;
    let j = n++;
    while (j > 0 && smallest[j - 1]! > v) {
      smallest[j] = smallest[j - 1]!;
      j--;
    }
    smallest[j] = v;
  }
  for (let i = 0; i < n && i < k; i++) out.push(kind * 4294967296 + smallest[i]!);
}

/** The account's shared tokens as numeric keys (kindIndex * 2^32 + hash), in a stable order (into `out`, emptied first). */
export function computeTokenKeys(s: AccountState, out: number[] = []): number[] {
  const u = s.u;
  out.length = 0;
  pushSlots(out, 0, u, U.tmplMin, U.tmplMinLen, 0xffffffff);
  pushSlots(out, 1, u, U.sys, U.sysLen, 0);
  // Prompt tokens shared by chance (26-bit band pairs: ~1% of unique prompts in a small population,
  // ~10% once the filter is full) would be all an account with no real sharing keeps: publish them
  // only when a real share of its traffic is near-duplicate of others' (sharesBeyondChance), or when
  // no shared-prompt filter ran (single accounts in tests).
  if (!s.sharedTracked) pushSlots(out, 2, u, U.simMin, U.simMinLen, 0xffffffff);
  else if (sharesBeyondChance(s.f)) pushSmallest(out, 2, u, U.simMin, s.f[F.sReworded]! >= 0.5 * s.f[F.sw]! ? U.simMinLen : SIM_SKETCH_SHORT);
  pushSlots(out, 3, u, U.pay, U.payLen, 0);
  pushSlots(out, 4, u, U.ip24, U.ip24Len, 0);
  pushSlots(out, 5, u, U.asn, U.asnLen, 0);
  pushSlots(out, 6, u, U.ua, U.uaLen, 0);
  out.push(7 * 4294967296 + ((Math.floor(s.createdTs / DAY_MS) + 1) >>> 0));
  return out;
}

export function computeTokens(s: AccountState): string[] {
  return computeTokenKeys(s).map(tokenKeyString);
}

/**
 * The in-process form of account.features.v1: the same numbers, with features as an array and
 * tokens as numeric keys, so the pipeline skips building and re-parsing strings. viewOf(af) turns the
 * published JSON back into exactly this.
 */
export interface FeatureView extends AccountHeader {
  /** Indexed like FEATURE_NAMES. */
  values: Float64Array;
  tokenKeys: number[];
}

export function toFeatureView(accountId: string, s: AccountState, eventTs: number): FeatureView {
  return {
    account_id: accountId,
    event_ts: eventTs,
    first_ts: s.firstTs,
    n_events: s.n,
    tier: TIER_NAMES[s.tier] ?? 'free',
    verified: s.verified,
    org_id: s.org,
    account_created_ts: s.createdTs,
    values: computeFeatureValues(s),
    tokenKeys: computeTokenKeys(s),
  };
}

/** A view to refill with fillFeatureView (its arrays are reused). */
export function emptyFeatureView(): FeatureView {
  return {
    account_id: '', event_ts: 0, first_ts: 0, n_events: 0, tier: 'free', verified: false, org_id: null, account_created_ts: 0,
    values: new Float64Array(FEATURE_NAMES.length), tokenKeys: [],
  };
}

/**
 * toFeatureView(accountId, s, eventTs) written into `view`, reusing its values array and token list:
 * for a caller that is done with the previous view before it asks for the next (the replay's feature
 * thread builds one per emitting event and only summarizes it).
 */
export function fillFeatureView(view: FeatureView, accountId: string, s: AccountState, eventTs: number): FeatureView {
  view.account_id = accountId;
  view.event_ts = eventTs;
  view.first_ts = s.firstTs;
  view.n_events = s.n;
  view.tier = TIER_NAMES[s.tier] ?? 'free';
  view.verified = s.verified;
  view.org_id = s.org;
  view.account_created_ts = s.createdTs;
  computeFeatureValues(s, view.values);
  computeTokenKeys(s, view.tokenKeys);
  return view;
}

/** Reads a published account.features.v1 value back into the view the detector consumes. */
export function viewOf(af: AccountFeatures): FeatureView {
  const values = new Float64Array(FEATURE_NAMES.length);
  for (let i = 0; i < FEATURE_NAMES.length; i++) values[i] = af.features[FEATURE_NAMES[i]!] ?? 0;
  const tokenKeys: number[] = [];
  for (const t of af.tokens) {
    const p = parseToken(t);
    if (p) tokenKeys.push(p.key);
  }
  return { ...af, values, tokenKeys } as FeatureView;
}

export function toJsonFeatures(v: FeatureView): AccountFeatures {
  return {
    schema: 'account.features.v1',
    account_id: v.account_id,
    event_ts: v.event_ts,
    first_ts: v.first_ts,
    n_events: v.n_events,
    tier: v.tier,
    verified: v.verified,
    org_id: v.org_id,
    account_created_ts: v.account_created_ts,
    features: featureRecord(v.values),
    tokens: v.tokenKeys.map(tokenKeyString),
  };
}

export function toAccountFeatures(accountId: string, s: AccountState, eventTs: number): AccountFeatures {
  return toJsonFeatures(toFeatureView(accountId, s, eventTs));
}

// `,"<name>":` for every feature, built once: the serializer below only appends numbers.
const FEATURE_KEY_PREFIXES = FEATURE_NAMES.map((n, i) => `${i === 0 ? '' : ','}${JSON.stringify(n)}:`);

/** A number as JSON.stringify writes it (non-finite values become null). */
function jsonNumber(x: number): string {
  return Number.isFinite(x) ? String(x) : 'null';
}

/**
 * The account.features.v1 JSON of a view: byte-identical to JSON.stringify(toJsonFeatures(v)),
 * without building the intermediate object (the featurizer serializes every emission).
 */
export function serializeFeatures(v: FeatureView): string {
  let s = `{"schema":"account.features.v1","account_id":${JSON.stringify(v.account_id)},"event_ts":${jsonNumber(v.event_ts)},"first_ts":${jsonNumber(v.first_ts)},"n_events":${jsonNumber(v.n_events)},"tier":${JSON.stringify(v.tier)},"verified":${v.verified},"org_id":${v.org_id === null ? 'null' : JSON.stringify(v.org_id)},"account_created_ts":${jsonNumber(v.account_created_ts)},"features":{`;
  const values = v.values;
  for (let i = 0; i < FEATURE_KEY_PREFIXES.length; i++) s += FEATURE_KEY_PREFIXES[i]! + jsonNumber(values[i]!);
  s += '},"tokens":[';
  const keys = v.tokenKeys;
  for (let i = 0; i < keys.length; i++) s += `${i === 0 ? '' : ','}"${tokenKeyString(keys[i]!)}"`;
  return `${s}]}`;
}
