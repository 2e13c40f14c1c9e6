import { TOKEN_KINDS, tokenKeyString, type TokenKind } from '@lockstep/features';
import { SIGNAL_WEIGHTS, type Evidence } from './evidence';
import { GroupScorer } from './group-scorer';
import { assignAll, fitBehaviourModel, type BehaviourModel, type KMeansOptions } from './kmeans';
import { S, type PackedPopulation } from './population';
import { CACHED, CACHED_WIDTH, TokenScoreCache } from './token-score-cache';
import { TopTokens } from './top-tokens';

export interface ClusteringOptions extends KMeansOptions {
  /** Tokens held by fewer accounts link nobody worth scoring. */
  minTokenCarriers: number;
  /** Tokens held by more accounts are skipped (too common to be coordination; bounds the cost). */
  maxTokenCarriers: number;
  /** A token whose carriers score at least this is a campaign token. */
  tokenThreshold: number;
  /** Weighted campaign-token mass an account needs to be a core member (core members form campaigns). */
  memberThreshold: number;
  /**
   * Mass with which an account that is not a core member still joins the campaign whose core it
   * shares tokens with (and with which a new account inherits a campaign's verdict).
   */
  attachThreshold: number;
  /**
   * Least share of an account's shared-token mass that must be campaign tokens for it to join or
   * inherit a campaign: an honest account that happens to share one token with a farm shares many
   * more with honest groups (its agent, its benchmark suite, its campus).
   */
  minPurity: number;
  minCampaignSize: number;
  campaignThreshold: number;
  /** A cached token score of a group of 20+ is reused until more than this share of its carriers changed. */
  rescoreFraction: number;
}

export const CLUSTERING_DEFAULTS: ClusteringOptions = {
  maxK: 16,
  sampleSize: 2000,
  maxIterations: 20,
  warmIterations: 6,
  seed: 42,
  minTokenCarriers: 3,
  maxTokenCarriers: 50_000,
  tokenThreshold: 0.5,
  memberThreshold: 1.0,
  attachThreshold: 0.5,
  minPurity: 0.5,
  minCampaignSize: 3,
  campaignThreshold: 0.5,
  rescoreFraction: 0.25,
};

/**
 * How much one shared token of each kind says about coordination. Shared infrastructure (ASN, UA,
 * creation day) is weak on its own; shared cards, system prompts and templates are strong.
 */
export const KIND_WEIGHTS: Record<TokenKind, number> = {
  tmpl: 0.6, sys: 1.0, sim: 1.0, pay: 1.0, ip24: 0.35, asn: 0, ua: 0, day: 0.25,
};
// ASNs and user agents are shared by millions of honest users (one ISP, one browser build): they are
// kept as features (asn_churn, ua_churn) and in account.features.v1, but do not link accounts here.
/** Kinds whose sharing may merge two members into one campaign. */
// Not ip24: residential proxies exit through real subscribers' networks, so a shared /24 may join an
// honest home user to a farm. It still adds to membership.
const LINK_KINDS = new Set<TokenKind>(['tmpl', 'sys', 'sim', 'pay']);
/** Kinds that can carry membership on their own (the rest only add to it). */
const STRONG_KINDS = new Set<TokenKind>(['tmpl', 'sys', 'sim', 'pay']);
const INTENT_KINDS = new Set<TokenKind>(['tmpl', 'sys', 'sim']);
const INTENT_KIND_IX = Uint8Array.from(TOKEN_KINDS, (k) => (INTENT_KINDS.has(k) ? 1 : 0));
/** KIND_WEIGHTS by kind index (a token key's high part). */
const KIND_W = Float64Array.from(TOKEN_KINDS, (k) => KIND_WEIGHTS[k]);
const LINK_KIND_IX = Uint8Array.from(TOKEN_KINDS, (k) => (LINK_KINDS.has(k) ? 1 : 0));
const STRONG_KIND_IX = Uint8Array.from(TOKEN_KINDS, (k) => (STRONG_KINDS.has(k) ? 1 : 0));
const SIM_KIND_IX = TOKEN_KINDS.indexOf('sim');
const SIM_KIND_ONLY = Uint8Array.from(TOKEN_KINDS, (k) => (k === 'sim' ? 1 : 0));


/** IDF-style down-weighting: a token held by a large share of everyone says little about anyone. */
export function idfWeight(df: number, population: number): number {
  if (population <= 0 || df <= 0) return 0;
  return Math.max(0, Math.min(1, Math.log(population / df) / Math.log(20)));
}

export interface CampaignResult {
  id: string;
  score: number;
  size: number;
  evidence: Evidence[];
  /** The campaign's most shared tokens, for explanations. */
  topTokens: string[];
  /** Behavioural clusters holding at least a fifth of its core members. */
  clusters: number[];
}

export interface ClusterResult {
  /** The behavioural model when this run refitted it (else null: keep the previous one). */
  model: BehaviourModel | null;
  clusterOf: Int32Array;
  campaigns: CampaignResult[];
  /** Campaign index per account, -1 = none. */
  accountCampaign: Int32Array;
  accountScore: Float64Array;
  membership: Float64Array;
  /**
   * Per account that joined its campaign through prompt tokens held by it and one other account
   * only (linkPairs): how many distinct such accounts; 0 for every other account.
   */
  pairPartners: Int32Array;
  /** Tokens that point new accounts at a campaign: key, campaign index and membership weight. */
  tokenKeys: Float64Array;
  tokenCampaign: Int32Array;
  tokenWeight: Float64Array;
  /** Every shared token (campaign or not) with its base weight (kind weight x IDF), for purity. */
  sharedKeys: Float64Array;
  sharedBase: Float64Array;
  /** The same tokens as ids of the packed population (index into its tokKeys). */
  tokenLocal: Int32Array;
  sharedLocal: Int32Array;
  tokensScored: number;
}

class UnionFind {
  private readonly parent: Int32Array;
  /** Over the first n entries of `buffer` (overwritten). */
  constructor(n: number, buffer: Int32Array = new Int32Array(n)) {
    this.parent = buffer;
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      p[x] = p[p[x]!]!;
      x = p[x]!;
    }
    return x;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    // Smaller root wins so the result does not depend on union order.
    if (ra < rb) this.parent[rb] = ra;
    else if (rb < ra) this.parent[ra] = rb;
  }
}

/** Account score from its campaign's score and how strongly it is tied to it. */
export function memberScore(campaignScore: number, membership: number): number {
  return campaignScore * (0.8 + 0.2 * Math.min(1, membership / 2));
}

/** What a run needs besides the population: whether to refit k-means this time. */
export interface RunRequest {
  pop: PackedPopulation;
  options: ClusteringOptions;
  refit: boolean;
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;
/** Per-token counts of one campaign's members (all zero between uses). */
let tokCountScratch = new Int32Array(0);
/** Per previous campaign votes of one campaign's members (all zero between uses). */
let prevVoteScratch = new Int32Array(0);
/** A cached large-group score is recomputed after this many runs even if few of its carriers changed. */
const MAX_CACHED_RUNS = 4;

/**
 * Working arrays of runClustering that do not outlive a run, kept from one run to the next and only
 * grown: typed arrays live off the heap, and allocating a few dozen sized to the population every
 * run drives extra garbage collections. Each run clears (or overwrites) the part it uses.
 */
export class RunScratch {
  kindW = new Float64Array(0);
  kindIx = new Uint8Array(0);
  start = new Int32Array(0);
  carriers = new Int32Array(0);
  tokenScore = new Float64Array(0);
  tokenW = new Float64Array(0);
  base = new Float64Array(0);
  strongMass = new Float64Array(0);
  sharedMass = new Float64Array(0);
  campaignMass = new Float64Array(0);
  strong = new Uint8Array(0);
  pure = new Uint8Array(0);
  member = new Uint8Array(0);
  parent = new Int32Array(0);
  /** linkPairs: its candidates, and the campaign each candidate component reaches (by root). */
  pairCandidate = new Uint8Array(0);
  pairReach = new Int32Array(0);
  /**
   * Per token j, at 3j .. 3j + 2: the next free slot of its carriers (while they are filled in), the
   * sum (mod 2^32, as an int32) of its carriers' id hashes and how many of them are dirty. Side by side,
   * as filling the carriers updates all three at once per token occurrence.
   */
  tally = new Int32Array(0);
  /** Token ids (and a campaign each) picked by a pass, before they are counted and copied out. */
  passTok = new Int32Array(0);
  passCampaign = new Int32Array(0);
  scorer: GroupScorer | null = null;

  /** Makes room for m tokens in passTok and passCampaign. */
  roomForTokens(m: number): void {
    if (this.passTok.length >= m) return;
    this.passTok = new Int32Array(Math.max(m, Math.ceil(this.passTok.length * 1.5)));
    this.passCampaign = new Int32Array(this.passTok.length);
  }

  /** Makes room for n accounts, m tokens and occ token occurrences, and zeroes what runs count into. */
  prepare(n: number, m: number, occ: number): void {
    if (this.kindW.length < m + 1) {
      const cap = Math.max(m + 1, Math.ceil(this.kindW.length * 1.5));
      this.kindW = new Float64Array(cap);
      this.kindIx = new Uint8Array(cap);
      this.start = new Int32Array(cap);
      this.tokenScore = new Float64Array(cap);
      this.tokenW = new Float64Array(cap);
      this.base = new Float64Array(cap);
      this.tally = new Int32Array(cap * 3);
    } else {
      this.start.fill(0, 0, m + 1);
      this.tally.fill(0, 0, m * 3);
      this.tokenScore.fill(0, 0, m);
      this.tokenW.fill(0, 0, m);
      this.base.fill(0, 0, m);
    }
    if (this.carriers.length < occ) this.carriers = new Int32Array(Math.max(occ, Math.ceil(this.carriers.length * 1.5)));
    if (this.strongMass.length < n) {
      const cap = Math.max(n, Math.ceil(this.strongMass.length * 1.5));
      this.strongMass = new Float64Array(cap);
      this.sharedMass = new Float64Array(cap);
      this.campaignMass = new Float64Array(cap);
      this.strong = new Uint8Array(cap);
      this.pure = new Uint8Array(cap);
      this.member = new Uint8Array(cap);
      this.parent = new Int32Array(cap);
      this.pairCandidate = new Uint8Array(cap);
      this.pairReach = new Int32Array(cap);
    } else {
      this.strongMass.fill(0, 0, n);
      this.sharedMass.fill(0, 0, n);
      this.campaignMass.fill(0, 0, n);
      this.strong.fill(0, 0, n);
    }
  }
}

/**
 * Runs clustering jobs in sequence, keeping what carries over between runs: the behavioural model
 * (warm starts) and token scores whose carriers did not change. One engine lives wherever the runs
 * happen (the event loop or a worker thread); fed the same jobs, both give identical results.
 */
export class ClusterEngine {
  private model: BehaviourModel | null = null;
  private cache = new TokenScoreCache();
  private readonly scratch = new RunScratch();

  run(req: RunRequest): ClusterResult {
    let clusterOf = req.pop.cluster;
    let refitted: BehaviourModel | null = null;
    let moved = false;
    // Snapshots carry vectors only when a refit is asked for or no model exists yet (the detector's view).
    const hasVectors = req.pop.vectors.length >= req.pop.n * req.pop.dims;
    if ((req.refit || !this.model) && hasVectors) {
      const m = fitBehaviourModel(req.pop, req.options, this.model);
      if (m) {
        this.model = refitted = m;
        clusterOf = assignAll(m, req.pop.vectors, req.pop.n, req.pop.dims, req.pop.cluster);
        moved = true;
      }
    }
    const result = runClustering(req.pop, req.options, clusterOf, this.cache, moved, this.scratch);
    result.model = refitted;
    return result;
  }
}

/**
 * One clustering run over the active population: token linking and campaign scoring on top of the
 * behavioural clusters. Pure apart from the optional score cache; deterministic.
 */
export function runClustering(
  pop: PackedPopulation,
  opts: ClusteringOptions,
  clusterOf: Int32Array | null = null,
  cache: TokenScoreCache | null = null,
  clustersMoved = false,
  scratch: RunScratch = new RunScratch(),
): ClusterResult {
  // Each pass is its own function: V8 optimizes (and, when a pass first meets a new case,
  // deoptimizes and recompiles) them one by one. As one function, every such event recompiled all
  // of it, which cost more CPU than the runs themselves.
  const n = pop.n;
  const m = pop.tokKeys.length;
  scratch.prepare(n, m, pop.tokIds.length);
  const cluster = clusterOf ?? new Int32Array(n).fill(-1);
  indexCarriers(pop, scratch);
  let scorer = scratch.scorer;
  if (scorer) scorer.reset(pop, scratch.kindIx, cluster);
  else scorer = scratch.scorer = new GroupScorer(pop, scratch.kindIx, cluster);
  // Out here, not in scoreTokens: a run that first grows the cache's tables would deoptimize it.
  if (cache) cache.beginRun(m);
  const tokensScored = scoreTokens(pop, opts, scratch, scorer, cache, clustersMoved);
  const membership = new Float64Array(n);
  weighMembership(n, m, scratch, membership);
  weighShared(n, m, opts, scratch);
  markMembers(n, opts, scratch);
  const groups = linkMembers(n, m, scratch);
  const accountCampaign = new Int32Array(n).fill(-1);
  const accountScore = new Float64Array(n);
  const campaigns = formCampaigns(pop, opts, scratch, scorer, groups, cluster, membership, accountCampaign, accountScore);
  attachAccounts(pop, opts, scratch, campaigns, cluster, membership, accountCampaign, accountScore);
  const pairPartners = new Int32Array(n);
  linkPairs(pop, opts, scratch, scorer, campaigns, cluster, membership, accountCampaign, accountScore, pairPartners);
  const inherit = inheritTokens(pop, scratch, campaigns.length, accountCampaign);
  const shared = sharedTokens(pop, scratch);
  return {
    model: null,
    clusterOf: cluster,
    sharedKeys: shared.keys,
    sharedBase: shared.base,
    tokenLocal: inherit.local,
    sharedLocal: shared.local,
    campaigns,
    accountCampaign,
    accountScore,
    membership,
    pairPartners,
    tokenKeys: inherit.keys,
    tokenCampaign: inherit.campaign,
    tokenWeight: inherit.weight,
    tokensScored,
  };
}

/** Each token's kind and weight, and token -> carriers as CSR arrays (counting sort over local token ids). */
function indexCarriers(pop: PackedPopulation, s: RunScratch): void {
  const n = pop.n;
  const m = pop.tokKeys.length;
  const occ = pop.tokIds.length;
  const kindW = s.kindW;
  const kindIx = s.kindIx;
  for (let j = 0; j < m; j++) {
    const k = Math.floor(pop.tokKeys[j]! / 4294967296);
    kindIx[j] = k;
    kindW[j] = KIND_W[k]!;
  }
  // Token j's carriers are carriers[start[j] .. start[j + 1]), read by index (no subarray views: one
  // per token per loop adds up).
  const start = s.start;
  const tokIds = pop.tokIds;
  for (let t = 0; t < occ; t++) start[tokIds[t]! + 1]!++;
  for (let j = 0; j < m; j++) start[j + 1]! += start[j]!;
  const tally = s.tally;
  for (let j = 0; j < m; j++) tally[3 * j] = start[j]!;
  fillCarriers(pop, n, s);
}

/**
 * carriers (into the slots counted in `fill`), with each token's carrier checksum and dirty count on
 * the way: the score cache's tests read them per token, and gathered here, account by account, each
 * account's hash and flag are read once instead of once per token it carries.
 */
function fillCarriers(pop: PackedPopulation, n: number, s: RunScratch): void {
  const { tally, carriers } = s;
  const tokIds = pop.tokIds;
  const tokOff = pop.tokOff;
  const idHash = pop.idHash;
  const dirty = pop.dirty;
  for (let i = 0; i < n; i++) {
    const h = idHash[i]!;
    const d = dirty[i]!;
    for (let t = tokOff[i]!, end = tokOff[i + 1]!; t < end; t++) {
      const j = tokIds[t]!;
      const x = 3 * j;
      carriers[tally[x]!++] = i;
      // A sum mod 2^32 does not depend on the order its terms come in.
      tally[x + 1] = (tally[x + 1]! + h) | 0;
      tally[x + 2]! += d;
    }
  }
}

/** Scores each shared token's carrier group as if it were a campaign (tokenScore); returns how many were computed afresh. */
function scoreTokens(pop: PackedPopulation, opts: ClusteringOptions, s: RunScratch, scorer: GroupScorer, cache: TokenScoreCache | null, clustersMoved: boolean): number {
  const m = pop.tokKeys.length;
  const { kindW, kindIx, start, carriers, tokenScore, tally } = s;
  let tokensScored = 0;
  const prev = cache ? cache.prev : null;
  for (let j = 0; j < m; j++) {
    const from = start[j]!;
    const to = start[j + 1]!;
    const df = to - from;
    if (kindW[j] === 0 || df < opts.minTokenCarriers || df > opts.maxTokenCarriers) continue;
    const key = pop.tokKeys[j]!;
    let score = 0;
    let fresh = true;
    const checksum = tally[3 * j + 1]! >>> 0;
    if (cache) {
      const dirty = tally[3 * j + 2]!;
      const c = prev!.find(key);
      // Small groups are rescored on any change; large ones once enough of them changed (their score
      // moves slowly), which keeps a run's cost proportional to what changed.
      const tol = df >= 20 ? opts.rescoreFraction * df : 0;
      if (c >= 0) {
        const r = prev!.rec;
        const o = c * CACHED_WIDTH;
        const changed = r[o + CACHED.changed]! + dirty;
        const age = r[o + CACHED.age]! + 1;
        const cdf = r[o + CACHED.df]!;
        const cChecksum = r[o + CACHED.checksum]!;
        // Large groups tolerate drift, but not forever: their score is recomputed at least every few runs.
        fresh = changed > tol || (tol > 0 && age > MAX_CACHED_RUNS) || Math.abs(cdf - df) > tol || (tol === 0 && cChecksum !== checksum);
        if (!fresh) {
          let cScore = r[o + CACHED.score]!;
          let cTight = r[o + CACHED.tightness]!;
          const rest = r[o + CACHED.logitRest]!;
          // A refit relabels clusters, which only the tightness term reads: swap that term in place
          // instead of rescoring every token (equal to a rescore up to float rounding).
          if (clustersMoved) {
            const t = r3(scorer.tightness(carriers, from, to));
            if (t !== cTight) {
              cTight = t;
              cScore = 1 / (1 + Math.exp(-(rest + SIGNAL_WEIGHTS.tightness * t)));
            }
          }
          score = cScore;
          cache.put(key, cdf, cChecksum, cScore, changed, age, rest, cTight);
        }
      }
    }
    if (fresh) {
      const k = kindIx[j]!;
      // Every carrier holds token j (which spares the scorer counting a /24 they all share).
      score = scorer.score(carriers, INTENT_KIND_IX[k] === 1, k === SIM_KIND_IX, from, to, j);
      tokensScored++;
      if (cache) {
        const t = r3(scorer.lastTightness);
        const logit = Math.log(score / (1 - score));
        cache.put(key, df, checksum, score, 0, 0, logit - SIGNAL_WEIGHTS.tightness * t, t);
      }
    }
    if (score >= opts.tokenThreshold) tokenScore[j] = score;
  }
  return tokensScored;
}

/** Membership: weighted mass of campaign tokens an account holds (IDF-discounted); also strong mass and the strong flag. */
function weighMembership(n: number, m: number, s: RunScratch, membership: Float64Array): void {
  const { kindW, kindIx, start, carriers, tokenScore, strongMass, strong, tokenW } = s;
  for (let j = 0; j < m; j++) {
    if (tokenScore[j] === 0) continue;
    const from = start[j]!;
    const to = start[j + 1]!;
    const w = kindW[j]! * tokenScore[j]! * idfWeight(to - from, n);
    tokenW[j] = w;
    const strongKind = STRONG_KIND_IX[kindIx[j]!] === 1;
    const isStrong = strongKind && w > 0.2;
    for (let x = from; x < to; x++) {
      const i = carriers[x]!;
      membership[i]! += w;
      if (strongKind) strongMass[i]! += w;
      if (isStrong) strong[i] = 1;
    }
  }
}

/** For purity: every account's shared-token mass, and the part of it that is campaign tokens. */
function weighShared(n: number, m: number, opts: ClusteringOptions, s: RunScratch): void {
  const { kindW, start, carriers, tokenScore, sharedMass, campaignMass, base } = s;
  for (let j = 0; j < m; j++) {
    const from = start[j]!;
    const to = start[j + 1]!;
    const df = to - from;
    if (kindW[j] === 0 || df < opts.minTokenCarriers) continue;
    const b = (base[j] = kindW[j]! * idfWeight(df, n));
    const inCampaign = tokenScore[j]! > 0;
    for (let x = from; x < to; x++) {
      const i = carriers[x]!;
      sharedMass[i]! += b;
      if (inCampaign) campaignMass[i]! += b;
    }
  }
}

/**
 * Purity (campaign tokens' share of all the account's shared-token mass) and core membership, once
 * per account (later passes ask them per token carried).
 */
function markMembers(n: number, opts: ClusteringOptions, s: RunScratch): void {
  const { sharedMass, campaignMass, strong, strongMass, pure, member } = s;
  // Core membership must stand on what the account asks or pays with: a /24 or a creation day shared
  // with a farm (residential proxies exit through real subscribers' networks) only adds to it, so one
  // chance near-duplicate prompt plus a shared ISP block cannot make an honest developer a core member.
  for (let i = 0; i < n; i++) {
    const p = sharedMass[i]! > 0 && campaignMass[i]! / sharedMass[i]! >= opts.minPurity;
    pure[i] = p ? 1 : 0;
    member[i] = strong[i] === 1 && strongMass[i]! >= opts.memberThreshold && p ? 1 : 0;
  }
}

/** Core members linked through shared campaign tokens of the linking kinds: groups of 1+, by root. */
function linkMembers(n: number, m: number, s: RunScratch): Map<number, number[]> {
  const { kindIx, start, carriers, tokenScore, member } = s;
  const uf = new UnionFind(n, s.parent);
  for (let j = 0; j < m; j++) {
    if (tokenScore[j] === 0 || LINK_KIND_IX[kindIx[j]!] !== 1) continue;
    let first = -1;
    for (let x = start[j]!, to = start[j + 1]!; x < to; x++) {
      const i = carriers[x]!;
      if (member[i] !== 1) continue;
      if (first < 0) first = i;
      else uf.union(first, i);
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    if (member[i] !== 1) continue;
    const r = uf.find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  }
  return groups;
}

/** Scores each large-enough group as a campaign; those that pass get ids and their members' scores. */
function formCampaigns(
  pop: PackedPopulation,
  opts: ClusteringOptions,
  s: RunScratch,
  scorer: GroupScorer,
  groups: Map<number, number[]>,
  cluster: Int32Array,
  membership: Float64Array,
  accountCampaign: Int32Array,
  accountScore: Float64Array,
): CampaignResult[] {
  const campaigns: CampaignResult[] = [];
  const claimed = new Set<string>();
  for (const members of campaignCandidates(groups, opts.minCampaignSize)) {
    const shared = sharedCampaignTokens(pop, s.tokenScore, members);
    const g = scorer.evidence(Int32Array.from(members), shared.intent, shared.sim);
    if (g.score < opts.campaignThreshold) continue;
    const id = campaignId(pop, members, shared, claimed);
    claimed.add(id);
    const ci = campaigns.length;
    campaigns.push({ id, score: g.score, size: members.length, evidence: g.evidence, topTokens: topTokenStrings(shared), clusters: dominantClusters(members, cluster) });
    scoreMembers(members, ci, g.score, membership, accountCampaign, accountScore);
  }
  return campaigns;
}

/** Groups of at least minSize, larger first (so a split campaign keeps its id on its larger part), then by first member. */
function campaignCandidates(groups: Map<number, number[]>, minSize: number): number[][] {
  const out: number[][] = [];
  for (const g of groups.values()) if (g.length >= minSize) out.push(g);
  return out.sort((a, b) => b.length - a.length || a[0]! - b[0]!);
}

/** How many of a campaign's most shared tokens explain it (CampaignResult.topTokens). */
const TOP_TOKENS = 5;
const sharedScratch = new TopTokens(TOP_TOKENS, INTENT_KIND_IX, SIM_KIND_ONLY);

/** The group's campaign tokens held by at least two members (in a scratch the next call overwrites). */
function sharedCampaignTokens(pop: PackedPopulation, tokenScore: Float64Array, members: number[]): TopTokens {
  const m = pop.tokKeys.length;
  const tokCount = tokCountScratch.length >= m ? tokCountScratch : (tokCountScratch = new Int32Array(m * 2));
  const tokOff = pop.tokOff;
  const tokIds = pop.tokIds;
  const held: number[] = [];
  for (let x = 0; x < members.length; x++) {
    const i = members[x]!;
    for (let t = tokOff[i]!, end = tokOff[i + 1]!; t < end; t++) {
      const j = tokIds[t]!;
      if (tokenScore[j]! > 0 && tokCount[j]!++ === 0) held.push(j);
    }
  }
  const shared = sharedScratch;
  shared.clear();
  for (let x = 0; x < held.length; x++) {
    const j = held[x]!;
    const c = tokCount[j]!;
    tokCount[j] = 0;
    if (c >= 2) shared.add(pop.tokKeys[j]!, c);
  }
  return shared;
}

function topTokenStrings(shared: TopTokens): string[] {
  const out: string[] = [];
  for (let x = 0; x < shared.count; x++) out.push(tokenKeyString(shared.keys[x]!));
  return out;
}

function scoreMembers(members: number[], ci: number, score: number, membership: Float64Array, accountCampaign: Int32Array, accountScore: Float64Array): void {
  for (let x = 0; x < members.length; x++) {
    const i = members[x]!;
    accountCampaign[i] = ci;
    accountScore[i] = memberScore(score, membership[i]!);
  }
}

/** Accounts short of core membership join the campaign whose core members share their tokens. */
function attachAccounts(
  pop: PackedPopulation,
  opts: ClusteringOptions,
  s: RunScratch,
  campaigns: CampaignResult[],
  cluster: Int32Array,
  membership: Float64Array,
  accountCampaign: Int32Array,
  accountScore: Float64Array,
): void {
  const n = pop.n;
  const { strong, pure } = s;
  // Vote weight per campaign index (zero between accounts) and the campaigns voted for.
  const votes = new Float64Array(campaigns.length);
  const voted = new Int32Array(campaigns.length);
  for (let i = 0; i < n; i++) {
    if (accountCampaign[i]! >= 0 || strong[i] !== 1 || membership[i]! < opts.attachThreshold || pure[i] !== 1) continue;
    const best = heaviestVote(votes, voted, voteCampaigns(pop, s, i, accountCampaign, votes, voted));
    const bestW = heaviestWeight;
    if (best < 0 || bestW < opts.attachThreshold) continue;
    // A weak tie must be backed by behaving like the campaign's core.
    if (!campaigns[best]!.clusters.includes(cluster[i]!)) continue;
    accountCampaign[i] = best;
    accountScore[i] = memberScore(campaigns[best]!.score, bestW);
  }
}

/** Distinct accounts an account must share pair-only prompt tokens with to be linked through them. */
const PAIR_PARTNERS = 2;
/**
 * Least `sharedReworded` of a pair candidate: pair links are for accounts tied by near-duplicates
 * alone. Students pasting paraphrased homework (no template: not rewording) pair up too, and at
 * 50,000 accounts eight of them joined farms without this.
 */
const PAIR_MIN_REWORDED = 0.1;
/** linkPairs' mark of an account holding a pair token, before it is judged a candidate (1) or not (0). */
const HOLDS_PAIR = 2;

/**
 * Careful-ring members each send their own few rewordings of a pool, so many of the near-duplicate
 * tokens they publish are held by one other account only: below minTokenCarriers, those are never
 * scored, and a ring whose members overlap mostly in pairs forms no campaign, or leaves members out.
 *
 * An account outside every campaign is a pair candidate when its shared stream is reworded
 * (PAIR_MIN_REWORDED), it shares such pair tokens with at least PAIR_PARTNERS distinct accounts
 * outside its org, they outweigh everything else it shares (an honest group member shares more with
 * its group than with any two strangers), and at least half of those partners are candidates or
 * campaign accounts themselves. Pair tokens link candidates to each other and to campaign accounts.
 * A component reaching exactly one campaign brings its candidates into it (those that behave like
 * its core); one reaching none is scored as a campaign of its own (a web of three or more
 * candidates); one reaching several joins none. One chance near-duplicate with a ring member
 * happens to honest users; a web of them does not.
 */
function linkPairs(
  pop: PackedPopulation,
  opts: ClusteringOptions,
  s: RunScratch,
  scorer: GroupScorer,
  campaigns: CampaignResult[],
  cluster: Int32Array,
  membership: Float64Array,
  accountCampaign: Int32Array,
  accountScore: Float64Array,
  pairPartners: Int32Array,
): void {
  // With pairs scored as tokens (minTokenCarriers 2) they already take part in membership.
  if (opts.minTokenCarriers <= 2) return;
  const n = pop.n;
  if (!markPairCandidates(pop, s, accountCampaign)) return;
  const { pairCandidate: candidate, pairReach: reach } = s;
  dropLooseCandidates(pop, s, accountCampaign);
  // linkMembers is done with the parent array (its groups are built): reused here.
  const uf = new UnionFind(n, s.parent);
  for (let i = 0; i < n; i++) {
    if (candidate[i] !== 1) continue;
    const k = pairPartnersOf(pop, s, i);
    for (let x = 0; x < k; x++) {
      const o = partnerScratch[x]!;
      if (candidate[o] === 1 || accountCampaign[o]! >= 0) uf.union(i, o);
    }
  }
  // The campaign each component reaches, by root: -1 none, -2 more than one.
  reach.fill(-1, 0, n);
  for (let i = 0; i < n; i++) {
    if (candidate[i] !== 1) continue;
    const r = uf.find(i);
    const k = pairPartnersOf(pop, s, i);
    for (let x = 0; x < k; x++) {
      const c = accountCampaign[partnerScratch[x]!]!;
      if (c < 0 || reach[r] === c) continue;
      reach[r] = reach[r] === -1 ? c : -2;
    }
  }
  const firstWeb = campaigns.length;
  formWebs(pop, opts, s, scorer, campaigns, cluster, uf, reach);
  // accountCampaign is read above as the earlier passes left it, and written only here: joining
  // through pairs does not change who else may join.
  for (let i = 0; i < n; i++) {
    if (candidate[i] !== 1) continue;
    const c = reach[uf.find(i)]!;
    // Joining a campaign found by token linking, a candidate must behave like its core (a busy
    // account's chance pairs with a large farm's members: a developer and a batch job at 50,000
    // accounts). A web is its candidates: no such test, which also keeps webs independent of the
    // k-means history (warm starts), so the streaming services and replay find the same ones.
    if (c < 0 || (c < firstWeb && !campaigns[c]!.clusters.includes(cluster[i]!))) continue;
    const k = pairPartnersOf(pop, s, i);
    const w = k * KIND_WEIGHTS.sim;
    accountCampaign[i] = c;
    membership[i] = w;
    accountScore[i] = memberScore(campaigns[c]!.score, w);
    pairPartners[i] = k;
  }
}

/**
 * Unmarks candidates most of whose pair partners are neither candidates nor in a campaign: a busy
 * account's chance near-duplicates spread over strangers, a ring member's stay inside its ring.
 * (Judged against the candidates as marked, not as this pass leaves them; pairReach is free here.)
 */
function dropLooseCandidates(pop: PackedPopulation, s: RunScratch, accountCampaign: Int32Array): void {
  const { pairCandidate: candidate, pairReach: tight } = s;
  for (let i = 0; i < pop.n; i++) {
    if (candidate[i] !== 1) continue;
    const k = pairPartnersOf(pop, s, i);
    let inside = 0;
    for (let x = 0; x < k; x++) {
      const o = partnerScratch[x]!;
      if (candidate[o] === 1 || accountCampaign[o]! >= 0) inside++;
    }
    tight[i] = 2 * inside >= k ? 1 : 0;
  }
  for (let i = 0; i < pop.n; i++) if (candidate[i] === 1 && tight[i] === 0) candidate[i] = 0;
}

/** Marks pair candidates (pairCandidate = 1; linkPairs): returns whether there is any. */
function markPairCandidates(pop: PackedPopulation, s: RunScratch, accountCampaign: Int32Array): boolean {
  const n = pop.n;
  const { kindIx, start, carriers, sharedMass, pairCandidate: candidate } = s;
  // Only holders of a pair token are looked at: a pass over the tokens, not every account's list.
  candidate.fill(0, 0, n);
  for (let j = 0, m = pop.tokKeys.length; j < m; j++) {
    if (kindIx[j] !== SIM_KIND_IX || start[j + 1]! - start[j]! !== 2) continue;
    candidate[carriers[start[j]!]!] = HOLDS_PAIR;
    candidate[carriers[start[j]! + 1]!] = HOLDS_PAIR;
  }
  let any = false;
  for (let i = 0; i < n; i++) {
    if (candidate[i] !== HOLDS_PAIR) continue;
    candidate[i] = 0;
    if (accountCampaign[i]! >= 0) continue;
    if (pop.scalars[i * S.width + S.sharedReworded]! < PAIR_MIN_REWORDED) continue;
    const k = pairPartnersOf(pop, s, i);
    if (k >= PAIR_PARTNERS && k * KIND_WEIGHTS.sim >= sharedMass[i]!) {
      candidate[i] = 1;
      any = true;
    }
  }
  return any;
}

/**
 * Scores each web (the candidates of a component that reaches no campaign, if at least
 * minCampaignSize) as a campaign, largest first; those that pass are added, and their roots' reach
 * set to them.
 */
function formWebs(
  pop: PackedPopulation,
  opts: ClusteringOptions,
  s: RunScratch,
  scorer: GroupScorer,
  campaigns: CampaignResult[],
  cluster: Int32Array,
  uf: UnionFind,
  reach: Int32Array,
): void {
  const candidate = s.pairCandidate;
  const webs = new Map<number, number[]>();
  for (let i = 0; i < pop.n; i++) {
    if (candidate[i] !== 1) continue;
    const r = uf.find(i);
    if (reach[r] !== -1) continue;
    const w = webs.get(r);
    if (w) w.push(i);
    else webs.set(r, [i]);
  }
  if (webs.size === 0) return;
  const claimed = new Set(campaigns.map((c) => c.id));
  for (const members of campaignCandidates(webs, opts.minCampaignSize)) {
    const g = scorer.evidence(Int32Array.from(members), true, true);
    if (g.score < opts.campaignThreshold) continue;
    // No token is held by three of them: the web's id comes from its first member, or from the
    // campaign most of them were in last run.
    sharedScratch.clear();
    const id = campaignId(pop, members, sharedScratch, claimed);
    claimed.add(id);
    reach[uf.find(members[0]!)] = campaigns.length;
    campaigns.push({ id, score: g.score, size: members.length, evidence: g.evidence, topTokens: webTokens(pop, s, members), clusters: dominantClusters(members, cluster) });
  }
}

/** A web's first few pair tokens (for explanations: no token is shared more widely in it). */
function webTokens(pop: PackedPopulation, s: RunScratch, members: number[]): string[] {
  const { kindIx, start } = s;
  const out: string[] = [];
  const seen = new Set<number>();
  for (let x = 0; x < members.length && out.length < TOP_TOKENS; x++) {
    const i = members[x]!;
    for (let t = pop.tokOff[i]!, end = pop.tokOff[i + 1]!; t < end && out.length < TOP_TOKENS; t++) {
      const j = pop.tokIds[t]!;
      const key = pop.tokKeys[j]!;
      if (kindIx[j] !== SIM_KIND_IX || start[j + 1]! - start[j]! !== 2 || seen.has(key)) continue;
      seen.add(key);
      out.push(tokenKeyString(key));
    }
  }
  return out;
}

/** The accounts pairPartnersOf last found (its first entries). */
let partnerScratch = new Int32Array(64);

/**
 * The distinct accounts outside i's org sharing with account i a prompt token only the two of them
 * hold, into partnerScratch; returns how many.
 */
function pairPartnersOf(pop: PackedPopulation, s: RunScratch, i: number): number {
  const { kindIx, start, carriers } = s;
  const { tokIds, org } = pop;
  const own = org[i]!;
  let k = 0;
  for (let t = pop.tokOff[i]!, end = pop.tokOff[i + 1]!; t < end; t++) {
    const j = tokIds[t]!;
    const from = start[j]!;
    if (kindIx[j] !== SIM_KIND_IX || start[j + 1]! - from !== 2) continue;
    const a = carriers[from]!;
    const o = a === i ? carriers[from + 1]! : a;
    // Sharing inside one org is explained by the org (a batch job and its seats).
    if (own >= 0 && org[o] === own) continue;
    let seen = false;
    for (let x = 0; x < k; x++) if (partnerScratch[x] === o) seen = true;
    if (seen) continue;
    if (k === partnerScratch.length) {
      const grown = new Int32Array(k * 2);
      grown.set(partnerScratch);
      partnerScratch = grown;
    }
    partnerScratch[k++] = o;
  }
  return k;
}

/** Weight of the vote heaviestVote last returned. */
let heaviestWeight = 0;

/**
 * The campaign with the heaviest vote among the nv listed in voted (the lowest index on ties; -1
 * when none), its weight left in heaviestWeight; clears their votes.
 */
function heaviestVote(votes: Float64Array, voted: Int32Array, nv: number): number {
  let best = -1;
  let bestW = 0;
  for (let x = 0; x < nv; x++) {
    const c = voted[x]!;
    const w = votes[c]!;
    votes[c] = 0;
    // Both tests on every vote (see majorityCampaign).
    const lower = c < best;
    const tie = w === bestW;
    if (w > bestW || (tie && lower)) {
      best = c;
      bestW = w;
    }
  }
  heaviestWeight = bestW;
  return best;
}

/**
 * Account i's votes: for each campaign token it holds, its weight goes to the campaign of the first
 * other core member carrying it. Sums into votes (by campaign), lists the campaigns in voted; returns
 * how many.
 */
function voteCampaigns(pop: PackedPopulation, s: RunScratch, i: number, accountCampaign: Int32Array, votes: Float64Array, voted: Int32Array): number {
  const { start, carriers, tokenW, member } = s;
  const tokIds = pop.tokIds;
  let nv = 0;
  for (let t = pop.tokOff[i]!, end = pop.tokOff[i + 1]!; t < end; t++) {
    const j = tokIds[t]!;
    const w = tokenW[j]!;
    if (w === 0) continue;
    let c = -1;
    for (let x = start[j]!, to = start[j + 1]!; x < to; x++) {
      const o = carriers[x]!;
      if (o !== i && member[o] === 1 && accountCampaign[o]! >= 0) {
        c = accountCampaign[o]!;
        break;
      }
    }
    if (c < 0) continue;
    if (votes[c] === 0) voted[nv++] = c;
    votes[c]! += w;
  }
  return nv;
}

/** Tokens through which later accounts inherit a campaign's verdict: key, local id, campaign, weight. */
function inheritTokens(pop: PackedPopulation, s: RunScratch, campaignCount: number, accountCampaign: Int32Array): { keys: Float64Array; local: Int32Array; campaign: Int32Array; weight: Float64Array } {
  const m = pop.tokKeys.length;
  const { start, carriers, tokenW } = s;
  // The tokens that pass and their campaigns, in token order, in scratch until they are counted.
  s.roomForTokens(m);
  const { passTok, passCampaign } = s;
  // Votes per campaign index, zero between tokens.
  const votes = new Int32Array(campaignCount);
  let count = 0;
  for (let j = 0; j < m; j++) {
    if (tokenW[j] === 0) continue;
    const from = start[j]!;
    const to = start[j + 1]!;
    const best = majorityCampaign(carriers, from, to, accountCampaign, votes);
    // The token must belong to the campaign, not merely be touched by it. (Both tests are evaluated
    // for every token: the second, reached only for a token with a campaign, had no type feedback
    // while the early runs had no campaigns, and deoptimized this when it first ran.)
    const noCampaign = best < 0;
    const tooFew = majorityVotes < Math.max(2, 0.5 * (to - from));
    if (noCampaign || tooFew) continue;
    passTok[count] = j;
    passCampaign[count++] = best;
  }
  return { keys: pick(pop.tokKeys, passTok, count), local: passTok.slice(0, count), campaign: passCampaign.slice(0, count), weight: pick(tokenW, passTok, count) };
}

/** values[at[x]] for the first count entries of at. */
function pick(values: Float64Array, at: Int32Array, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let x = 0; x < count; x++) out[x] = values[at[x]!]!;
  return out;
}

/** Votes of the campaign majorityCampaign last returned. */
let majorityVotes = 0;

/**
 * The campaign most of carriers[from .. to) are in (most votes, then lowest index; -1 when none is
 * in any), its votes left in majorityVotes; `votes` is zero before and after.
 */
function majorityCampaign(carriers: Int32Array, from: number, to: number, accountCampaign: Int32Array, votes: Int32Array): number {
  let best = -1;
  let bestV = 0;
  for (let x = from; x < to; x++) {
    const c = accountCampaign[carriers[x]!]!;
    if (c < 0) continue;
    const v = ++votes[c]!;
    // The tie tests are evaluated on every vote, not only on ties: left for the first tie, they would
    // have no type feedback when this is first optimized, and deoptimize it then.
    const lower = c < best;
    const tie = v === bestV;
    if (v > bestV || (tie && lower)) {
      best = c;
      bestV = v;
    }
  }
  for (let x = from; x < to; x++) {
    const c = accountCampaign[carriers[x]!]!;
    if (c >= 0) votes[c] = 0;
  }
  majorityVotes = bestV;
  return best;
}

/** Every shared token (campaign or not) with its base weight, for purity. */
function sharedTokens(pop: PackedPopulation, s: RunScratch): { keys: Float64Array; local: Int32Array; base: Float64Array } {
  const m = pop.tokKeys.length;
  s.roomForTokens(m);
  const local = s.passTok;
  const count = positives(s.base, m, local);
  return { keys: pick(pop.tokKeys, local, count), local: local.slice(0, count), base: pick(s.base, local, count) };
}

/** The indexes of the positive entries among the first m of values, into at; returns how many. */
function positives(values: Float64Array, m: number, at: Int32Array): number {
  let count = 0;
  for (let j = 0; j < m; j++) if (values[j]! > 0) at[count++] = j;
  return count;
}

function dominantClusters(members: number[], cluster: Int32Array): number[] {
  const counts = new Map<number, number>();
  for (let x = 0; x < members.length; x++) {
    const c = cluster[members[x]!]!;
    if (c >= 0) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const out: number[] = [];
  counts.forEach((v, c) => {
    if (v >= 0.2 * members.length) out.push(c);
  });
  return out.sort((a, b) => a - b);
}

/**
 * The campaign's id: the unclaimed previous campaign most of its members were in (then the lowest
 * id), else one derived from its most shared token (or first member).
 */
function campaignId(pop: PackedPopulation, members: number[], shared: TopTokens, claimed: Set<string>): string {
  const prevCampaign = pop.prevCampaign;
  const np = pop.prevCampaigns.length;
  const votes = prevVoteScratch.length >= np ? prevVoteScratch : (prevVoteScratch = new Int32Array(np * 2));
  for (let x = 0; x < members.length; x++) {
    const p = prevCampaign[members[x]!]!;
    if (p >= 0) votes[p]!++;
  }
  let best: string | null = null;
  let bestV = 0;
  // Each previous campaign is considered once (its count is cleared on the way).
  for (let x = 0; x < members.length; x++) {
    const p = prevCampaign[members[x]!]!;
    if (p < 0) continue;
    const v = votes[p]!;
    if (v === 0) continue;
    votes[p] = 0;
    const id = pop.prevCampaigns[p]!;
    if (claimed.has(id)) continue;
    if (best === null || v > bestV || (v === bestV && id < best)) {
      best = id;
      bestV = v;
    }
  }
  if (best !== null) return best;
  const anchor = shared.count ? shared.keys[0]! : pop.idHash[members[0]!]!;
  let id = `cmp_${(anchor % 4294967296).toString(16).padStart(8, '0')}`;
  while (claimed.has(id)) id += '_';
  return id;
}
