import { CATEGORIES, IP_CLASSES, TIERS, type UsageEvent } from '@lockstep/contracts';
import { fnv1a32, fnv1a32IpPrefix, hex32At, parseSimhash, popcount32, simhashBandsInto, SIMHASH_BANDS } from './hashing';
import type { SharedValueFilter } from './shared-values';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
const TAU_1H = HOUR_MS;
const TAU_24H = DAY_MS;
// The hour-of-day profile needs several days to show a sleep gap, so it decays more slowly.
const TAU_HOD = 7 * DAY_MS;
/** Gaps shorter than this count as "bursty" (scripted back-to-back calls). */
export const FAST_GAP_MS = 10_000;

// Float slots (all decayed with the 24 h window unless noted).
export const F = {
  w24: 0, w1h: 1, inTok: 2, outTok: 3, maxTok: 4, maxTokN: 5, usedShare: 6, cot: 7, rubric: 8,
  cat: 9, // 8 categories
  ipClass: 17, // 6 classes + "missing" folded into unknown
  newIp24: 23, newAsn: 24, newTmpl: 25, tmplNull: 26, simDist: 27, newUa: 28, fastGaps: 29, gaps: 30,
  iaMean: 31, iaVar: 32, // exponentially weighted log10(gap ms), not decayed by time
  hod: 33, // 24 hour-of-day buckets, decayed with TAU_HOD
  // The shared stream: events whose prompt other accounts also sent (see SharedValueFilter).
  sw: 57, sOut: 58, sIn: 59, sMaxTok: 60, sMaxTokN: 61, sCot: 62, sRubric: 63, sReworded: 64, sIdentical: 65,
  sHod: 66, // 8 three-hour buckets of shared events, decayed with TAU_HOD
  // The least shared share at which its prompt tokens are published, as the filter's chance rate
  // stood at its latest event (not decayed).
  simFloor: 74,
  size: 75,
} as const;
/** Slots of the shared stream decayed with the 24 h window. */
const S24_START = F.sw;
const S24_END = F.sHod;

// Uint32 slots: recent-distinct rings (doubling as shared tokens) and bottom-k sketches.
export const U = {
  ip24: 0, ip24Len: 8,
  asn: 8, asnLen: 4,
  tmplRing: 12, tmplRingLen: 8,
  simHi: 20, simLo: 24, simLen: 4,
  ua: 28, uaLen: 2,
  pos: 30, // 5 ring cursors: ip24, asn, tmpl, sim, ua
  tmplMin: 35, tmplMinLen: 6,
  simMin: 41, simMinLen: 12,
  sys: 53, sysLen: 3,
  pay: 56, payLen: 2,
  pos2: 58, // 2 ring cursors: sys, pay
  size: 60,
} as const;

const EMPTY_MIN = 0xffffffff;
const CATEGORY_INDEX = new Map<string, number>(CATEGORIES.map((c, i) => [c, i]));
const IP_CLASS_INDEX = new Map<string, number>(IP_CLASSES.map((c, i) => [c, i]));
const TIER_INDEX = new Map<string, number>(TIERS.map((c, i) => [c, i]));
/** Events without an ip_class count as "unknown", the last class. */
const UNKNOWN_IP_CLASS = IP_CLASSES.length - 1;
/**
 * ts % DAY_MS. V8 compiles % of numbers beyond int32 (every epoch-ms timestamp) to an x87 remainder
 * loop, which cost more than the rest of the hour-of-day update. For an integer ts in (0, 2^53) the
 * rounded quotient is off by less than ulp/2 < 1/DAY_MS, so its floor is exact and so is the
 * subtraction: the same value. Any other ts (-0 included: % keeps its sign) takes %.
 */
export function msOfDay(ts: number): number {
  return ts > 0 && ts <= 9007199254740991 && Math.floor(ts) === ts ? ts - Math.floor(ts / DAY_MS) * DAY_MS : ts % DAY_MS;
}

/**
 * An account's shared share must be this many times what the filter marks shared by chance before its
 * prompt tokens are published (and never under SIM_TOKENS_MIN_SHARE).
 */
export const CHANCE_MULTIPLE = 2;
/**
 * A prompt this close (in simhash bits) to the account's own previous one is a variant of its own
 * request: near-duplicates of up to 3 bits always share a band token.
 */
const OWN_VARIANT_BITS = 3;
/** Slot of the whole-simhash value in `probe` (after the template hash and the band tokens). */
const PROBE_EXACT = 1 + SIMHASH_BANDS;
/**
 * The prompt values one event looks up in the SharedValueFilter: [0] template hash, [1..10] simhash
 * band tokens, [11] whole simhash. Module scratch: update() never re-enters.
 */
const probe = new Uint32Array(PROBE_EXACT + 1);

/**
 * Everything remembered about one account: two typed arrays and a handful of scalars, so the
 * cost per account is fixed (about 1 KiB) no matter how many events it sends.
 */
export class AccountState {
  // One allocation for both views: decayed sums in float32 (shares and ratios need ~7 digits, not 16)
  // and rings/sketches in uint32. Keeps a tracked account well under 2 KiB.
  readonly f: Float32Array;
  readonly u: Uint32Array;
  n = 0;
  firstTs = 0;
  lastTs = 0;
  lastEmitTs = -Infinity;
  lastEmitN = 0;
  createdTs = 0;
  tier = 0;
  verified = false;
  org: string | null = null;
  /** Non-zero hash of the account id: who this state belongs to in the SharedValueFilter. */
  owner = 1;
  /** True once an event was folded in with a SharedValueFilter (the shared-stream profile is live). */
  sharedTracked = false;
  /**
   * The user agent, system prompt and card of the latest event that had one. Its hash is then in its
   * ring (it was there or was just pushed), so an event repeating it changes nothing: update() skips
   * hashing it. Nearly every event repeats all three (an account keeps its client, prompt and card).
   */
  private lastUa: string | null = null;
  private lastSys: string | null = null;
  private lastPay: string | null = null;

  constructor() {
    const buf = new ArrayBuffer((F.size + U.size) * 4);
    this.f = new Float32Array(buf, 0, F.size);
    this.u = new Uint32Array(buf, F.size * 4, U.size);
    this.u.fill(EMPTY_MIN, U.tmplMin, U.tmplMin + U.tmplMinLen);
    this.u.fill(EMPTY_MIN, U.simMin, U.simMin + U.simMinLen);
  }

  /**
   * Folds one event in. With a `shared` filter, the template and prompt sketches keep only values
   * other accounts sent too, and the events carrying them feed the shared-stream profile; without
   * one (unit tests of single accounts), every value feeds the sketches and there is no profile.
   */
  update(e: UsageEvent, shared?: SharedValueFilter): void {
    // The prompt values first: their filter slots are fetched together, while this account's state
    // (likely out of cache too) is loaded by the work below.
    let hi = hex32At(e.prompt_simhash, 0);
    let lo = hex32At(e.prompt_simhash, 8);
    if (hi < 0 || lo < 0) [hi, lo] = parseSimhash(e.prompt_simhash);
    const tmplHash = e.template_hash ? fnv1a32(e.template_hash) : 0;
    simhashBandsInto(hi, lo, probe, 1);
    if (shared) {
      probe[0] = tmplHash;
      // The whole simhash (kept apart from band tokens by the mix): an identical prompt, not a reworded one.
      probe[PROBE_EXACT] = (Math.imul(hi ^ 0x5bd1e995, 0x85ebca6b) ^ lo) >>> 0 || 1;
      shared.prefetch(probe, tmplHash ? 0 : 1, PROBE_EXACT + 1);
    }

    const f = this.f;
    const u = this.u;
    const ts = e.ts;
    if (this.n === 0) {
      this.firstTs = ts;
    } else {
      // Out-of-order events (within the validator's skew) are folded in without decaying backwards.
      const dt = Math.max(0, ts - this.lastTs);
      // dt / -tau, not -dt / tau (the same number): -dt of a dt of 0 is -0, which deoptimized this
      // function once per run where the compiler had assumed integers.
      const d24 = Math.exp(dt / -TAU_24H);
      f[F.w1h]! *= Math.exp(dt / -TAU_1H);
      f[F.w24]! *= d24;
      for (let i = F.inTok; i < F.iaMean; i++) f[i]! *= d24;
      const dh = Math.exp(dt / -TAU_HOD);
      for (let i = F.hod; i < F.hod + 24; i++) f[i]! *= dh;
      for (let i = S24_START; i < S24_END; i++) f[i]! *= d24;
      for (let i = F.sHod; i < F.sHod + 8; i++) f[i]! *= dh;
      f[F.gaps]! += 1;
      if (dt < FAST_GAP_MS) f[F.fastGaps]! += 1;
      const lg = Math.log10(Math.max(dt, 100));
      if (this.n === 1) {
        f[F.iaMean] = lg;
        f[F.iaVar] = 0;
      } else {
        // EW mean/variance (alpha 0.1): remembers roughly the last 10 gaps.
        const diff = lg - f[F.iaMean]!;
        const incr = 0.1 * diff;
        f[F.iaMean]! += incr;
        f[F.iaVar] = 0.9 * (f[F.iaVar]! + diff * incr);
      }
    }
    if (ts > this.lastTs) this.lastTs = ts;
    // msOfDay(ts) written out: as a call it took the inlining budget the filter's prefetch needs.
    const tod = ts > 0 && ts <= 9007199254740991 && Math.floor(ts) === ts ? ts - Math.floor(ts / DAY_MS) * DAY_MS : ts % DAY_MS;
    this.n++;
    this.createdTs = e.account_created_ts;
    this.tier = TIER_INDEX.get(e.tier) ?? -1;
    this.verified = e.verified;
    this.org = e.org_id ?? null;

    f[F.w24]! += 1;
    f[F.w1h]! += 1;
    f[F.inTok]! += e.input_tokens;
    f[F.outTok]! += e.output_tokens;
    if (e.max_tokens != null && e.max_tokens > 0) {
      f[F.maxTok]! += e.max_tokens;
      f[F.maxTokN]! += 1;
      f[F.usedShare]! += Math.min(1, e.output_tokens / e.max_tokens);
    }
    if (e.cot_request) f[F.cot]! += 1;
    if (e.rubric_request) f[F.rubric]! += 1;
    f[F.cat + (CATEGORY_INDEX.get(e.category) ?? -1)]! += 1;
    const cls = e.ip_class ? (IP_CLASS_INDEX.get(e.ip_class) ?? -1) : UNKNOWN_IP_CLASS;
    f[F.ipClass + cls]! += 1;
    f[F.hod + Math.floor(tod / HOUR_MS)]! += 1;

    const ip24 = fnv1a32IpPrefix(e.ip);
    if (!ringHas(u, U.ip24, U.ip24Len, ip24)) {
      if (this.n > 1) f[F.newIp24]! += 1;
      ringPush(u, U.ip24, U.ip24Len, U.pos, ip24);
    }
    const asn = (e.asn >>> 0) || 1;
    if (!ringHas(u, U.asn, U.asnLen, asn)) {
      if (this.n > 1) f[F.newAsn]! += 1;
      ringPush(u, U.asn, U.asnLen, U.pos + 1, asn);
    }
    let tmplShared = false;
    if (e.template_hash) {
      const t = tmplHash;
      if (!ringHas(u, U.tmplRing, U.tmplRingLen, t)) {
        f[F.newTmpl]! += 1;
        ringPush(u, U.tmplRing, U.tmplRingLen, U.pos + 2, t);
      }
      tmplShared = shared ? shared.touch(t, this.owner) : true;
      if (tmplShared) bottomK(u, U.tmplMin, U.tmplMinLen, t);
    } else {
      f[F.tmplNull]! += 1;
    }
    this.foldIds(e, f, u);

    // Diversity: distance to the nearest of the account's last four prompts (0 = repeats itself).
    let best = 64;
    const have = Math.min(this.n - 1, U.simLen);
    for (let i = 0; i < have; i++) {
      const d = popcount32(hi ^ u[U.simHi + i]!) + popcount32(lo ^ u[U.simLo + i]!);
      if (d < best) best = d;
    }
    if (have > 0) f[F.simDist]! += Math.min(1, best / 32);
    const sp = u[U.pos + 3]! % U.simLen;
    // Distance to the account's previous prompt (the slot before the cursor).
    const pp = (sp + U.simLen - 1) % U.simLen;
    const dPrev = this.n > 1 ? popcount32(hi ^ u[U.simHi + pp]!) + popcount32(lo ^ u[U.simLo + pp]!) : 64;
    u[U.simHi + sp] = hi;
    u[U.simLo + sp] = lo;
    u[U.pos + 3] = sp + 1;
    if (!shared) {
      for (let b = 1; b <= SIMHASH_BANDS; b++) bottomK(u, U.simMin, U.simMinLen, probe[b]!);
      return;
    }
    this.sharedTracked = true;
    f[F.simFloor] = CHANCE_MULTIPLE * shared.chanceShare;
    let hits = 0;
    for (let b = 1; b <= SIMHASH_BANDS; b++) {
      const v = probe[b]!;
      if (shared.touch(v, this.owner)) {
        hits++;
        bottomK(u, U.simMin, U.simMinLen, v);
      }
    }
    // One shared band pair marks a near-duplicate (3 flips in 3 bands leave just one). Chance
    // collisions of the 26-bit pair tokens also mark about 1% of unique prompts: the profile is
    // trusted, and the prompt tokens published, only above a few per cent (see SIM_TOKENS_MIN_SHARE).
    const simShared = hits >= 1;
    const exactShared = shared.touch(probe[PROBE_EXACT]!, this.owner);
    // Reworded: a programmatic template never seen elsewhere around a prompt others sent (rewording to
    // dodge exact-template rules). Pasted text (no template) that others paraphrase, as a class does
    // with its homework, is not counted.
    // Nor is a variant of the account's own previous prompt (a suite whose items share one format,
    // sent first by this account): rewording is aimed at what others sent, not at one's own last
    // request. (Only the previous one: a farm cycling a few pool items meets each again a few
    // requests later, and still rewords it.)
    const reworded = simShared && !!e.template_hash && !tmplShared && !exactShared && dPrev > OWN_VARIANT_BITS;
    if (tmplShared || simShared || exactShared) this.foldShared(e, reworded, exactShared, tod);
  }

  /**
   * The user agent, system prompt and card rings. A method of its own: in update(), their calls used
   * up TurboFan's inlining budget, which then left the filter's prefetch out of line.
   */
  private foldIds(e: UsageEvent, f: Float32Array, u: Uint32Array): void {
    const ua = e.ua_hash;
    if (ua && ua !== this.lastUa) {
      const h = fnv1a32(ua);
      if (!ringHas(u, U.ua, U.uaLen, h)) {
        if (this.n > 1) f[F.newUa]! += 1;
        ringPush(u, U.ua, U.uaLen, U.pos + 4, h);
      }
      this.lastUa = ua;
    }
    const sys = e.system_hash;
    if (sys && sys !== this.lastSys) {
      const h = fnv1a32(sys);
      if (!ringHas(u, U.sys, U.sysLen, h)) ringPush(u, U.sys, U.sysLen, U.pos2, h);
      this.lastSys = sys;
    }
    const pay = e.payment_fp;
    if (pay && pay !== this.lastPay) {
      const h = fnv1a32(pay);
      if (!ringHas(u, U.pay, U.payLen, h)) ringPush(u, U.pay, U.payLen, U.pos2 + 1, h);
      this.lastPay = pay;
    }
  }

  /** The token economics and pacing of the events that carry a prompt shared with other accounts. */
  private foldShared(e: UsageEvent, reworded: boolean, identical: boolean, tod: number): void {
    const f = this.f;
    f[F.sw]! += 1;
    f[F.sOut]! += e.output_tokens;
    f[F.sIn]! += e.input_tokens;
    if (e.max_tokens != null && e.max_tokens > 0) {
      f[F.sMaxTok]! += e.max_tokens;
      f[F.sMaxTokN]! += 1;
    }
    if (e.cot_request) f[F.sCot]! += 1;
    if (e.rubric_request) f[F.sRubric]! += 1;
    if (reworded) f[F.sReworded]! += 1;
    if (identical) f[F.sIdentical]! += 1;
    f[F.sHod + Math.floor(tod / (3 * HOUR_MS))]! += 1;
  }
}

function ringHas(u: Uint32Array, start: number, len: number, v: number): boolean {
  for (let i = start; i < start + len; i++) if (u[i] === v) return true;
  return false;
}

function ringPush(u: Uint32Array, start: number, len: number, posSlot: number, v: number): void {
  const p = u[posSlot]! % len;
  u[start + p] = v;
  u[posSlot] = p + 1;
}

/**
 * Keeps the k smallest distinct values seen (a MinHash-style bottom-k sketch). Two accounts drawing
 * from one shared pool of templates or prompts keep overlapping sketches, while unique values rarely
 * collide, so the sketch is a coordinated sample of what an account shares.
 */
function bottomK(u: Uint32Array, start: number, len: number, v: number): void {
  let maxI = start;
  for (let i = start; i < start + len; i++) {
    if (u[i] === v) return;
    if (u[i]! > u[maxI]!) maxI = i;
  }
  if (v < u[maxI]!) u[maxI] = v;
}
