import { fnv1a32, hex8, TOKEN_KINDS, tokenKeyString, viewOf, type AccountFeatures, type FeatureView, type TokenKind } from '@lockstep/features';
import { severity, type ActionName } from '@lockstep/contracts';
import { ClusterEngine, CLUSTERING_DEFAULTS, KIND_WEIGHTS, memberScore, type CampaignResult, type ClusteringOptions, type ClusterResult, type RunRequest } from './clustering';
import { assignCluster, type BehaviourModel } from './kmeans';
import { actionForScore, DEFAULT_THRESHOLDS, summaryHead, type ActionThresholds, type DetectorDecision } from './decision';
import type { Evidence } from './evidence';
import { evidenceChanged } from './drift';
import { summarize, type AccountSummary } from './population';
import { PackedStore } from './packed-store';
import { TokenIdTable } from './token-table';
import { AccountLru } from './account-lru';
import { TokenHits } from './token-hits';

export interface DetectorOptions {
  /** Re-cluster the active population every this many ms of event time. */
  reclusterEveryMs?: number;
  /** Refit the behavioural k-means model at most this often (event time); runs in between reuse it. */
  refitEveryMs?: number;
  /** Accounts seen within this window of event time make up the active population. */
  activeWindowMs?: number;
  /**
   * Unchanged non-allow verdicts are re-sent after this much event time, so the policy's
   * per-action TTL keeps them alive while the account stays in its campaign.
   */
  renewEveryMs?: number;
  /** Most accounts remembered (LRU). */
  maxAccounts?: number;
  thresholds?: Partial<ActionThresholds>;
  clustering?: Partial<ClusteringOptions>;
}

export interface DetectorStats {
  accounts: number;
  runs: number;
  campaigns: number;
  inherited: number;
  decisions: number;
  lastRunAccounts: number;
}

/** A snapshot to cluster: run it with runClusterJob (here or in a worker), then hand the result to apply(). */
export interface ClusterJob {
  eventTs: number;
  ids: string[];
  /** The summaries snapshotted (in `ids` order); apply() follows them to the account's latest. */
  summaries: AccountSummary[];
  /** Token table id of each token of the snapshot (local id order), valid while `tokenEpoch` is current. */
  globalIds: number[];
  tokenEpoch: number;
  request: RunRequest;
  /** Store slot of each account, and the store snapshot the job is (apply() uses them while no later snapshot was taken). */
  slots?: Int32Array;
  snapshot?: number;
  /** Ranks (indexes into `ids`) of the accounts that held a verdict when the snapshot was taken. */
  verdictRanks?: number[];
  /**
   * Account index (AccountLru's) of each account at the snapshot, and the detector's eviction count
   * then: while no account has left since, each still names its account, and apply() reads verdicts by it.
   */
  indexes?: Int32Array;
  evictions?: number;
}

/** What the detector remembers of a campaign between runs: exactly what the run reported. */
type CampaignInfo = CampaignResult;

interface AccountVerdict {
  action: ActionName;
  score: number;
  campaignId: string;
  /** Event time of the last decision sent for this account (new verdict or renewal). */
  decidedTs: number;
}

const STRONG = new Set<TokenKind>(['tmpl', 'sys', 'sim', 'pay']);
/** STRONG by kind index (a token key's high part), so the hot path tests it without a lookup. */
const STRONG_KIND: readonly boolean[] = TOKEN_KINDS.map((k) => STRONG.has(k));
/** The common answer of observeSummary (no decision), shared so the per-event path allocates nothing. */
const NO_DECISIONS: DetectorDecision[] = Object.freeze([]) as unknown as DetectorDecision[];

/** In the membership detail of an account tied to its campaign by linkPairs (clustering.ts). */
export const PAIRWISE_LINK = 'shares near-duplicate prompts pairwise';

/**
 * Turns account.features.v1 values into decisions. Campaigns are found by periodic clustering runs
 * (event-time cadence); between runs, accounts that show up holding a known campaign's tokens
 * inherit its verdict at once. A decision is emitted only when an account's action or campaign changes.
 */
export class Detector {
  private readonly every: number;
  private readonly renewEvery: number;
  private readonly window: number;
  private readonly thresholds: ActionThresholds;
  readonly clusteringOptions: ClusteringOptions;
  private readonly accounts: AccountLru<AccountSummary>;
  /**
   * The verdict of each remembered account by its index in `accounts` (null = none): a run settles
   * thousands of accounts, and a string-keyed map made that a hash lookup (and cache misses) each.
   * An evicted account's verdict moves to `departedVerdicts` (its index goes to another account) and
   * back when the account returns.
   */
  private verdictAt: (AccountVerdict | null)[] = [];
  private readonly departedVerdicts = new Map<string, AccountVerdict>();
  private verdictCount = 0;
  /** Accounts that left `accounts` (evictions, clear()): while unchanged, every index names the same account. */
  private evictions = 0;
  /**
   * The campaign of each remembered account's verdict (null = none), by its index in `accounts`: what
   * snapshots read as the previous campaign, without a lookup per verdict. Grown only as far as the
   * highest index given one (past the end = none).
   */
  private verdictCampaign: (string | null)[] = [];
  private campaigns = new Map<string, CampaignInfo>();
  /** summaryHead() of each campaign of `campaigns` decided on so far (most decisions are renewals of a few campaigns' accounts). */
  private summaryHeads = new Map<CampaignInfo, string>();
  /** What the last run knew about each shared token, by id of the detector's token table. */
  private readonly hits = new TokenHits();
  /** apply()'s per-account "has a verdict" marks, reused between runs. */
  private verdictScratch = new Uint8Array(0);
  /** Accounts given a verdict since the latest snapshot (null: too many to list; apply() then looks every account up). */
  private verdictsSince: string[] | null = [];
  /** Bumped when token ids are renumbered (compactTokens). */
  private tokenEpoch = 0;
  private readonly tokenIdOf = new TokenIdTable();
  private keyOfId: number[] = [];
  /**
   * Remembered accounts holding each token id. A token held by one account links nobody, and most
   * tokens are such (an account's own /24, card, unique prompts): snapshots leave them out.
   */
  private holders = new Int32Array(1024);
  /** Token ids held by at least one remembered account. */
  private liveTokens = 0;
  private packScratch = new Int32Array(0);
  /** scratchIds() by length. */
  private readonly idScratch: Int32Array[] = [];
  /**
   * Summaries stored since the last snapshot, oldest first (replaced and departed ones may be dropped
   * early): what the packed store folds in at the next snapshot.
   */
  private order: AccountSummary[] = [];
  /** The account index (AccountLru) of each summary of `order`. */
  private orderIndex: number[] = [];
  /** Every remembered account in flat arrays, in the order it was last stored (the LRU's, oldest first). */
  private store = new PackedStore();
  private model: BehaviourModel | null = null;
  private readonly engine = new ClusterEngine();
  private readonly refitEvery: number;
  private nextRunTs = -Infinity;
  private nextRefitTs = -Infinity;
  private seq = 0;
  private stats_ = { runs: 0, inherited: 0, decisions: 0, lastRunAccounts: 0 };

  constructor(opts: DetectorOptions = {}) {
    this.every = opts.reclusterEveryMs ?? 15 * 60_000;
    this.window = opts.activeWindowMs ?? 24 * 3_600_000;
    this.renewEvery = opts.renewEveryMs ?? 3 * 3_600_000;
    this.refitEvery = opts.refitEveryMs ?? 30 * 60_000;
    this.thresholds = { ...DEFAULT_THRESHOLDS, ...(opts.thresholds ?? {}) };
    this.clusteringOptions = { ...CLUSTERING_DEFAULTS, ...(opts.clustering ?? {}) };
    // Replacements are counted in observeSummary; evictions and clear() release the tokens here.
    this.accounts = new AccountLru<AccountSummary>(opts.maxAccounts ?? 1_000_000, (v, index) => this.departed(v, index));
  }

  /**
   * Records an account's latest features; returns a decision if it now inherits a campaign's verdict
   * (read-only: the common empty answer is one shared array).
   */
  observe(af: AccountFeatures): DetectorDecision[] {
    return this.observeView(viewOf(af));
  }

  /** observe() for the in-process form of the same features (no string round trip). */
  observeView(view: FeatureView): DetectorDecision[] {
    return this.observeSummary(summarize(view));
  }

  /**
   * observeView() for features already summarized (summarize(view), e.g. on the thread that computed
   * the features): a fresh summary, not yet seen by any detector.
   */
  observeSummary(s: AccountSummary): DetectorDecision[] {
    // Stored first (an eviction it causes only releases another account's tokens).
    const prev = this.accounts.swap(s.accountId, s, s.idHash);
    const index = this.accounts.lastIndex;
    if (!prev) this.arrived(s.accountId, index);
    // The detector's own fields, added to every summary it holds at once and in one order: one object
    // shape for all of them (added one by one as needed, they made several, and the hot paths reading
    // them polymorphic). They share one small property store, which a snapshot's cleanScalars allocated anyway.
    s.cleanScalars = undefined;
    s.gone = false;
    const ids = this.intern(s.tokens, prev);
    // Unchanged tokens (about half of all updates): keep the previous (never mutated) array, so the
    // new one dies young instead of surviving as the account's for the next scavenges.
    if (prev && ids === prev.tokenIds) s.tokens = prev.tokens;
    s.tokenIds = ids;
    if (!prev) this.countHolders(ids, 1);
    else if (ids !== prev.tokenIds) this.moveHolders(prev.tokenIds, ids);
    s.cluster = assignCluster(this.model, s.vector, 0, prev ? prev.cluster : -1);
    if (prev) {
      if (!evidenceChanged(s, prev, this.holders)) {
        // Nothing token scoring reads moved materially: cached scores of its tokens stay valid.
        s.dirty = false;
        s.cleanScalars = prev.cleanScalars;
      }
      // (No link from the replaced summary to this one: an old-to-young pointer per update, keeping
      // every summary since the account's snapshotted one alive, for the few lookups latest() makes.)
      prev.gone = true;
      // New ids of as many tokens as before: written over the replaced summary's, which nothing reads
      // any more (the store copied them when it stored that summary), instead of a new array per update.
      if (ids === this.idScratch[ids.length]) {
        const reused = prev.tokenIds;
        for (let x = 0; x < ids.length; x++) reused[x] = ids[x]!;
        s.tokenIds = reused;
      }
    }
    this.order.push(s);
    this.orderIndex.push(this.accounts.lastIndex);
    // Without snapshots (no runs due), keep the order list from growing past the live summaries.
    if (this.order.length > 2 * this.accounts.size + 4096) this.liveOrder();
    if (this.nextRunTs === -Infinity) this.nextRunTs = s.lastTs + this.every;
    return this.inherit(s, s.lastTs, index);
  }

  /** An account stored anew at `index` (its previous holder, if any, departed): its verdict, if it left with one, comes back. */
  private arrived(accountId: string, index: number): void {
    let v: AccountVerdict | null = null;
    if (this.departedVerdicts.size > 0) {
      v = this.departedVerdicts.get(accountId) ?? null;
      if (v !== null) this.departedVerdicts.delete(accountId);
    }
    this.setVerdictAt(index, v);
    // The index may be one another account had: its campaign is overwritten either way.
    this.setVerdictCampaign(index, v === null ? null : v.campaignId);
  }

  /** An account evicted (or cleared) from `accounts` at `index`: releases its tokens and parks its verdict by id. */
  private departed(v: AccountSummary, index: number): void {
    this.countHolders(v.tokenIds, -1);
    v.gone = true;
    this.evictions++;
    const verdict = index < this.verdictAt.length ? this.verdictAt[index]! : null;
    if (verdict !== null) {
      this.departedVerdicts.set(v.accountId, verdict);
      this.verdictAt[index] = null;
    }
  }

  /**
   * The verdict of account `id`; `index` is its account index when known to name it now, else -1.
   */
  private verdictOf(id: string, index: number): AccountVerdict | undefined {
    if (index < 0) {
      index = this.accounts.indexOf(id);
      if (index < 0) return this.departedVerdicts.get(id);
    }
    const v = index < this.verdictAt.length ? this.verdictAt[index]! : null;
    return v === null ? undefined : v;
  }

  /** Sets the verdict held at account index `index` (grown densely, so the array keeps fast elements). */
  private setVerdictAt(index: number, v: AccountVerdict | null): void {
    const at = this.verdictAt;
    if (index >= at.length) {
      if (v === null) return;
      while (at.length <= index) at.push(null);
    }
    at[index] = v;
  }

  /** Whether a clustering run is due at this event time. */
  due(eventTs: number): boolean {
    return this.nextRunTs !== -Infinity && eventTs >= this.nextRunTs;
  }

  /** Snapshots the active population for a clustering run and schedules the next one. */
  prepare(eventTs: number): ClusterJob {
    this.nextRunTs = eventTs + this.every;
    this.verdictsSince = [];
    const cutoff = eventTs - this.window;
    this.store.update(this.order, this.orderIndex, this.accounts.size);
    this.order.length = 0;
    this.orderIndex.length = 0;
    // Token ids of tokens nobody holds any more pile up (rotating prompts, proxy /24s): compact the
    // table while it is mostly dead, so the id-indexed arrays snapshots read stay small and cached.
    if (this.keyOfId.length > Math.max(1 << 16, 2 * this.liveTokens)) {
      this.compactTokens();
      this.store.reloadTokens();
    }
    if (this.packScratch.length < this.keyOfId.length) {
      this.packScratch = new Int32Array(Math.max(this.keyOfId.length * 2, 1024)).fill(-1);
    }
    const refit = eventTs >= this.nextRefitTs;
    if (refit) this.nextRefitTs = eventTs + this.refitEvery;
    const globalIds: number[] = [];
    // Oldest activity first (the LRU's reverse order): deterministic for a given input.
    const snap = this.store.snapshot(cutoff, this.verdictCampaign, this.keyOfId, this.packScratch, this.holders, {
      vectors: refit || !this.model,
      globalIds,
      // The population is read only until this job is applied, before the next snapshot (a worker
      // gets its buffers transferred, and the store then allocates new ones).
    }, true);
    const n = snap.ids.length;
    const indexes = new Int32Array(n);
    for (let i = 0; i < n; i++) indexes[i] = this.store.indexAt(snap.slots[i]!);
    return {
      eventTs, ids: snap.ids, summaries: snap.summaries, globalIds, tokenEpoch: this.tokenEpoch, request: { pop: snap.pop, options: this.clusteringOptions, refit },
      slots: snap.slots, snapshot: this.store.snapshots, verdictRanks: snap.prevRanks, indexes, evictions: this.evictions,
    };
  }

  /** Runs a prepared job on this thread (the worker thread runs the same code on its own engine). */
  runJob(job: ClusterJob): ClusterResult {
    return this.engine.run(job.request);
  }

  /** Applies a finished run; `eventTs` is the event time at which the result takes effect. */
  apply(job: ClusterJob, result: ClusterResult, eventTs: number): DetectorDecision[] {
    this.stats_.runs++;
    this.stats_.lastRunAccounts = job.ids.length;
    // The store's account ranks are this job's until another snapshot is taken.
    const ranked = job.slots !== undefined && job.snapshot === this.store.snapshots;
    if (result.model) {
      this.model = result.model;
      this.relabel(job, result.clusterOf, ranked);
    }
    const campaigns = new Map<string, CampaignInfo>();
    for (const c of result.campaigns) campaigns.set(c.id, c);
    this.campaigns = campaigns;
    this.summaryHeads = new Map();
    this.fillHits(job, result);
    // An account linked to no campaign and without a verdict gets no decision: find the few with a
    // verdict instead of looking every account up.
    const withVerdict = ranked && job.verdictRanks !== undefined && this.verdictCount < job.ids.length ? this.markVerdicts(job, job.verdictRanks) : null;
    return this.settleRun(job, result, eventTs, withVerdict);
  }

  /** The token table of a finished run. (apply()'s passes are functions of their own: each is optimized, and deopted, alone.) */
  private fillHits(job: ClusterJob, result: ClusterResult): void {
    // Token ids straight from the snapshot's local ids, unless the table was renumbered since.
    const direct = job.tokenEpoch === this.tokenEpoch;
    const hits = this.hits;
    hits.reset(result.campaigns);
    const globalIds = job.globalIds;
    const sharedLocal = result.sharedLocal;
    const sharedBase = result.sharedBase;
    for (let t = 0; t < result.sharedKeys.length; t++) {
      hits.setShared(direct ? globalIds[sharedLocal[t]!]! : this.internOne(result.sharedKeys[t]!), sharedBase[t]!);
    }
    const tokenLocal = result.tokenLocal;
    for (let t = 0; t < result.tokenKeys.length; t++) {
      hits.setCampaign(direct ? globalIds[tokenLocal[t]!]! : this.internOne(result.tokenKeys[t]!), result.tokenCampaign[t]!, result.tokenWeight[t]!);
    }
  }

  /**
   * 1 at the ranks of the job's accounts that may hold a verdict now: those holding one at the
   * snapshot (`ranks`), and those given one since (a superset is fine: the account loop looks them up).
   */
  private markVerdicts(job: ClusterJob, ranks: readonly number[]): Uint8Array | null {
    if (this.verdictsSince === null) return null;
    const n = job.ids.length;
    if (this.verdictScratch.length < n) this.verdictScratch = new Uint8Array(n * 2);
    const marks = this.verdictScratch.fill(0, 0, n);
    for (let k = 0; k < ranks.length; k++) marks[ranks[k]!] = 1;
    const since = this.verdictsSince;
    for (let k = 0; k < since.length; k++) {
      const id = since[k]!;
      const i = this.store.rankOf(this.accounts.indexOf(id), id);
      if (i >= 0) marks[i] = 1;
    }
    return marks;
  }

  /** The verdict of each account of a finished run. */
  private settleRun(job: ClusterJob, result: ClusterResult, eventTs: number, withVerdict: Uint8Array | null): DetectorDecision[] {
    const out: DetectorDecision[] = [];
    // With no account gone since the snapshot, its indexes still name its accounts (-1: look each up).
    const indexes = job.indexes !== undefined && job.evictions === this.evictions ? job.indexes : null;
    for (let i = 0; i < job.ids.length; i++) {
      const ci = result.accountCampaign[i]!;
      if (ci >= 0) {
        const id = job.ids[i]!;
        const index = indexes === null ? -1 : indexes[i]!;
        const c = result.campaigns[ci]!;
        const m = result.membership[i]!;
        const pairs = result.pairPartners[i]!;
        const how = pairs > 0 ? `linked by clustering: ${PAIRWISE_LINK} with ${pairs} accounts, through them with the campaign` : 'linked by clustering';
        const d = this.setVerdict(id, index, this.verdictOf(id, index), job.summaries[i]!, eventTs, result.accountScore[i]!, c, m, how);
        if (d) out.push(d);
      } else {
        if (withVerdict && withVerdict[i] === 0) continue;
        const id = job.ids[i]!;
        const index = indexes === null ? -1 : indexes[i]!;
        // A verdict inherited after the snapshot was taken is newer than this run: keep it.
        const cur = this.verdictOf(id, index);
        // Without a verdict, 'allow' changes nothing.
        if (!cur || cur.decidedTs > job.eventTs) continue;
        const d = this.setVerdict(id, index, cur, job.summaries[i]!, eventTs, 0, null, 0, 'no longer linked to a campaign');
        if (d) out.push(d);
      }
    }
    return out;
  }

  /** Runs a due clustering synchronously (replay, tests). */
  tick(eventTs: number): DetectorDecision[] {
    if (!this.due(eventTs)) return [];
    const job = this.prepare(eventTs);
    return this.apply(job, this.runJob(job), eventTs);
  }

  /** Forgets every account and verdict (tests, benchmarks measuring what the detector holds). */
  clear(): void {
    this.accounts.clear();
    this.order = [];
    this.orderIndex = [];
    this.verdictAt = [];
    this.departedVerdicts.clear();
    this.verdictCount = 0;
    this.verdictCampaign = [];
    // The snapshot store holds a copy of every remembered account: forget those too.
    this.store = new PackedStore();
  }

  verdict(accountId: string): AccountVerdict | undefined {
    return this.verdictOf(accountId, -1);
  }

  campaign(id: string): CampaignInfo | undefined {
    return this.campaigns.get(id);
  }

  stats(): DetectorStats {
    return { accounts: this.accounts.size, campaigns: this.campaigns.size, decisions: this.stats_.decisions, inherited: this.stats_.inherited, runs: this.stats_.runs, lastRunAccounts: this.stats_.lastRunAccounts };
  }

  /**
   * Gives each account's current summary the cluster a refit found for its snapshotted one. With the
   * store's ranks current, only accounts stored since the snapshot and those whose cluster moved are touched.
   */
  private relabel(job: ClusterJob, clusterOf: Int32Array, ranked: boolean): void {
    const n = job.ids.length;
    if (!ranked) {
      for (let i = 0; i < n; i++) {
        const s = this.latest(job.summaries[i]!);
        if (s) {
          s.cluster = clusterOf[i]!;
          if (job.slots) this.store.setCluster(job.slots[i]!, s, s.cluster);
        }
      }
      return;
    }
    const slots = job.slots!;
    for (let i = 0; i < n; i++) {
      const c = clusterOf[i]!;
      if (this.store.clusterAt(slots[i]!) === c) continue;
      const s = job.summaries[i]!;
      // A replaced or departed summary is no one's current one: its successor, if any, is below.
      if (s.gone) continue;
      s.cluster = c;
      this.store.setCluster(slots[i]!, s, c);
    }
    // Summaries stored since the snapshot replaced snapshotted ones (or came back after an eviction).
    for (let k = 0; k < this.order.length; k++) {
      const s = this.order[k]!;
      if (s.gone) continue;
      const i = this.store.rankOf(this.orderIndex[k]!, s.accountId);
      if (i >= 0) s.cluster = clusterOf[i]!;
    }
  }

  /** The detector's summary of the account now, from a snapshotted one. */
  private latest(s: AccountSummary): AccountSummary | undefined {
    return s.gone ? this.accounts.peek(s.accountId) : s;
  }

  /** Records the campaign of the verdict of the account at `index` (-1: not remembered, nothing to record). */
  private setVerdictCampaign(index: number, campaignId: string | null): void {
    if (index < 0) return;
    const v = this.verdictCampaign;
    if (index >= v.length) {
      if (campaignId === null) return;
      // Grown densely, so the array keeps fast elements.
      while (v.length <= index) v.push(null);
    }
    v[index] = campaignId;
  }

  /** Drops replaced and departed summaries from the order list; returns it. */
  private liveOrder(): AccountSummary[] {
    const order = this.order;
    const index = this.orderIndex;
    let w = 0;
    for (let r = 0; r < order.length; r++) {
      const s = order[r]!;
      if (s.gone) continue;
      index[w] = index[r]!;
      order[w++] = s;
    }
    order.length = w;
    index.length = w;
    return order;
  }

  private internOne(key: number): number {
    let id = this.tokenIdOf.get(key);
    if (id < 0) {
      id = this.keyOfId.length;
      this.keyOfId.push(key);
      this.tokenIdOf.set(key, id);
      if (id >= this.holders.length) {
        const grown = new Int32Array(this.holders.length * 2);
        grown.set(this.holders);
        this.holders = grown;
      }
    }
    return id;
  }

  private countHolders(ids: Int32Array, delta: number): void {
    const h = this.holders;
    for (let x = 0; x < ids.length; x++) {
      const id = ids[x]!;
      const was = h[id]!;
      h[id] = was + delta;
      if (was === 0) this.liveTokens++;
      else if (was + delta === 0) this.liveTokens--;
    }
  }

  /**
   * countHolders(was, -1) then countHolders(now, 1), leaving out the ids both hold at the same
   * position (nearly all of them: an update mostly changes one or two tokens). The counts end the same.
   */
  private moveHolders(was: Int32Array, now: Int32Array): void {
    const h = this.holders;
    for (let x = 0; x < was.length; x++) {
      const id = was[x]!;
      if (x < now.length && now[x] === id) continue;
      const n = h[id]!;
      h[id] = n - 1;
      if (n === 0) this.liveTokens++;
      else if (n === 1) this.liveTokens--;
    }
    for (let x = 0; x < now.length; x++) {
      const id = now[x]!;
      if (x < was.length && was[x] === id) continue;
      const n = h[id]!;
      h[id] = n + 1;
      if (n === 0) this.liveTokens++;
      else if (n === -1) this.liveTokens--;
    }
  }

  /** A scratch array of `len` ids (one per length: intern's output before observeSummary copies it over the previous ids). */
  private scratchIds(len: number): Int32Array {
    while (this.idScratch.length <= len) this.idScratch.push(new Int32Array(this.idScratch.length));
    return this.idScratch[len]!;
  }

  private intern(keys: number[], prev?: AccountSummary): Int32Array {
    // Usually nothing changed: share the previous (never mutated) array.
    if (prev && prev.tokens.length === keys.length) {
      let same = true;
      for (let i = 0; i < keys.length && same; i++) same = prev.tokens[i] === keys[i];
      if (same) return prev.tokenIds;
    }
    // Into a scratch array when the previous ids can take the new ones (see observeSummary).
    const out = prev && prev.tokenIds.length === keys.length ? this.scratchIds(keys.length) : new Int32Array(keys.length);
    // Most tokens are unchanged since the account's previous summary: reuse those ids without hashing.
    // A token that moved within the sketch is found among the previous ones before hashing.
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (prev && prev.tokens[i] === k) out[i] = prev.tokenIds[i]!;
      else {
        const at = prev ? prev.tokens.indexOf(k) : -1;
        out[i] = at >= 0 ? prev!.tokenIds[at]! : this.internOne(k);
      }
    }
    return out;
  }

  private compactTokens(): void {
    this.tokenIdOf.clear();
    const oldKeys = this.keyOfId;
    this.keyOfId = [];
    this.holders = new Int32Array(1024);
    this.liveTokens = 0;
    for (const v of this.accounts.values()) {
      const s = v as AccountSummary;
      s.tokenIds = this.intern(s.tokens);
      this.countHolders(s.tokenIds, 1);
    }
    this.packScratch = new Int32Array(0);
    this.hits.renumber((id) => this.internOne(oldKeys[id]!));
    this.tokenEpoch++;
  }

  private inherit(s: AccountSummary, eventTs: number, index: number): DetectorDecision[] {
    const hits = this.hits;
    if (hits.size === 0) return NO_DECISIONS;
    // Most accounts hold no campaign token: find that out without a lookup.
    const ids = s.tokenIds;
    const camp = hits.camp;
    const present = hits.present;
    let anyCampaign = false;
    for (let x = 0; x < ids.length; x++) {
      const id = ids[x]!;
      // Ids newer than the table are in no campaign's. A campaign's token is in the table: the
      // table's byte per id (4x denser than camp, so more of it stays cached) rules most out first.
      if (id < present.length && present[id] === 1 && camp[id]! >= 0) {
        anyCampaign = true;
        break;
      }
    }
    if (!anyCampaign) return NO_DECISIONS;
    const base = hits.base;
    const weight = hits.weight;
    // Nearly always the campaign tokens an account holds are one campaign's: tally that without
    // maps, summing in token order as the general tally does (the same floating-point results).
    let sharedMass = 0;
    let campaignMass = 0;
    let one = -1;
    let mass = 0;
    let strong = false;
    for (let x = 0; x < ids.length; x++) {
      const id = ids[x]!;
      if (id >= present.length || present[id] !== 1) continue;
      sharedMass += base[id]!;
      const c = camp[id]!;
      if (c < 0) continue;
      if (one < 0) one = c;
      else if (c !== one) return this.inheritAmong(s, eventTs, index);
      campaignMass += base[id]!;
      const w = weight[id]!;
      mass += w;
      if (w > 0.2 && STRONG_KIND[Math.floor(s.tokens[x]! / 4294967296)]) strong = true;
    }
    if (one < 0 || !strong || !(mass > 0) || mass < this.clusteringOptions.attachThreshold) return NO_DECISIONS;
    // Mostly honest sharing with one farm token in it: not enough to inherit a verdict.
    if (sharedMass > 0 && campaignMass / sharedMass < this.clusteringOptions.minPurity) return NO_DECISIONS;
    return this.inheritFrom(s, eventTs, index, hits.campaignIds[one]!, mass);
  }

  /** inherit() for an account holding tokens of several campaigns: the strongest tie wins. */
  private inheritAmong(s: AccountSummary, eventTs: number, index: number): DetectorDecision[] {
    const hits = this.hits;
    // The campaigns tied, in first-seen order, with their mass and whether a strong token ties them:
    // a few, so parallel arrays searched in order (no maps, sets or destructuring, which made this
    // rarely-called function one of the costliest to optimize).
    const names: string[] = [];
    const mass: number[] = [];
    const strong: boolean[] = [];
    let sharedMass = 0;
    let campaignMass = 0;
    for (let x = 0; x < s.tokenIds.length; x++) {
      const key = s.tokens[x]!;
      const id = s.tokenIds[x]!;
      if (!hits.has(id)) continue;
      sharedMass += hits.base[id]!;
      const campaign = hits.campaignOf(id);
      if (!campaign) continue;
      campaignMass += hits.base[id]!;
      const w = hits.weight[id]!;
      let k = names.indexOf(campaign);
      if (k < 0) {
        k = names.length;
        names.push(campaign);
        mass.push(0);
        strong.push(false);
      }
      mass[k]! += w;
      if (STRONG_KIND[Math.floor(key / 4294967296)] && w > 0.2) strong[k] = true;
    }
    let best: string | null = null;
    let bestM = 0;
    for (let k = 0; k < names.length; k++) {
      const c = names[k]!;
      const m = mass[k]!;
      if (strong[k] && (m > bestM || (m === bestM && best !== null && c < best))) {
        best = c;
        bestM = m;
      }
    }
    if (!best || bestM < this.clusteringOptions.attachThreshold) return NO_DECISIONS;
    // Mostly honest sharing with one farm token in it: not enough to inherit a verdict.
    if (sharedMass > 0 && campaignMass / sharedMass < this.clusteringOptions.minPurity) return NO_DECISIONS;
    return this.inheritFrom(s, eventTs, index, best, bestM);
  }

  /** The verdict an account tied to campaign `best` with membership `bestM` inherits, if it is news. */
  private inheritFrom(s: AccountSummary, eventTs: number, index: number, best: string, bestM: number): DetectorDecision[] {
    const c = this.campaigns.get(best)!;
    // Below core membership, the account must also behave like the campaign's core.
    if (bestM < this.clusteringOptions.memberThreshold && !c.clusters.includes(s.cluster)) return NO_DECISIONS;
    const score = memberScore(c.score, bestM);
    const cur = this.verdictOf(s.accountId, index);
    if (cur && cur.campaignId && severity(actionForScore(score, this.thresholds)) <= severity(cur.action)) return NO_DECISIONS;
    const d = this.setVerdict(s.accountId, index, cur, s, eventTs, score, c, bestM, this.inheritedHow(s, best));
    if (d) this.stats_.inherited++;
    return d ? [d] : NO_DECISIONS;
  }

  /** inheritFrom()'s tie: how many of the campaign's tokens the account holds, the first three named. */
  private inheritedHow(s: AccountSummary, best: string): string {
    const shared: number[] = [];
    for (let x = 0; x < s.tokenIds.length; x++) if (this.hits.campaignOf(s.tokenIds[x]!) === best) shared.push(s.tokens[x]!);
    return `inherited: shares ${shared.length} campaign tokens (${shared.slice(0, 3).map(tokenKeyString).join(', ')})`;
  }

  /**
   * The account's verdict after a run or an inheritance: a decision if its action or campaign changed
   * (or an unchanged non-allow verdict is due for renewal), else null, the common answer. `s` is a
   * summary of the account, possibly replaced since (a snapshot's): a decision follows it to the latest.
   * `cur` is the account's verdict (verdictOf(id, index)); `index` its account index, or -1 if unknown.
   */
  private setVerdict(
    id: string,
    index: number,
    cur: AccountVerdict | undefined,
    s: AccountSummary,
    eventTs: number,
    score: number,
    c: CampaignInfo | null,
    membership: number,
    how: string,
  ): DetectorDecision | null {
    const action = c ? actionForScore(score, this.thresholds) : 'allow';
    const campaignId = c && action !== 'allow' ? c.id : '';
    if (cur === undefined) return action === 'allow' ? null : this.decide(id, index, s, eventTs, score, c, membership, how, action, campaignId, cur);
    if (cur.action !== action || cur.campaignId !== campaignId) return this.decide(id, index, s, eventTs, score, c, membership, how, action, campaignId, cur);
    cur.score = score;
    if (eventTs - cur.decidedTs < this.renewEvery) return null;
    return this.decide(id, index, s, eventTs, score, c, membership, `renewal; ${how}`, action, campaignId, cur);
  }

  /** setVerdict()'s decision: records the verdict (`cur`: the account's until now) and builds what is sent. */
  private decide(
    id: string,
    index: number,
    snapshotted: AccountSummary,
    eventTs: number,
    score: number,
    c: CampaignInfo | null,
    membership: number,
    how: string,
    action: ActionName,
    campaignId: string,
    cur: AccountVerdict | undefined,
  ): DetectorDecision {
    this.recordVerdict(id, index, eventTs, score, action, campaignId, cur);
    this.stats_.decisions++;
    const evidence: Evidence[] = c ? decisionEvidence(c.evidence, membership, how) : [];
    const summary = c ? this.summaryHeadOf(c) + how : how;
    const s = this.latest(snapshotted);
    this.seq++;
    return {
      decision_id: `dec_${hex8(fnv1a32(`${id}|${eventTs}|${action}|${campaignId}`))}_${this.seq.toString(36)}`,
      account_id: id,
      action,
      score: Math.round(score * 10000) / 10000,
      campaign_id: campaignId,
      event_ts: eventTs,
      evidence,
      summary,
      tier: s?.tier ?? '',
      verified: s?.verified ?? false,
    };
  }

  /**
   * The verdict decide() sends, remembered. Most decisions renew an unchanged verdict: its object is
   * updated in place (as setVerdict() updates its score), and its campaign, already recorded, is not
   * looked up again.
   */
  private recordVerdict(id: string, index: number, eventTs: number, score: number, action: ActionName, campaignId: string, cur: AccountVerdict | undefined): void {
    if (action === 'allow') {
      // (Only a held verdict is ever dropped: `cur` is set.)
      if (index < 0) index = this.accounts.indexOf(id);
      if (index >= 0) {
        this.setVerdictAt(index, null);
        this.setVerdictCampaign(index, null);
      } else this.departedVerdicts.delete(id);
      this.verdictCount--;
      return;
    }
    if (cur === undefined || cur.campaignId !== campaignId) {
      if (index < 0) index = this.accounts.indexOf(id);
      this.setVerdictCampaign(index, campaignId);
    }
    if (cur === undefined) {
      const v: AccountVerdict = { action, score, campaignId, decidedTs: eventTs };
      if (index >= 0) this.setVerdictAt(index, v);
      else this.departedVerdicts.set(id, v);
      this.verdictCount++;
    } else {
      cur.action = action;
      cur.score = score;
      cur.campaignId = campaignId;
      cur.decidedTs = eventTs;
    }
    const since = this.verdictsSince;
    if (since !== null) {
      if (since.length < 4096) since.push(id);
      else this.verdictsSince = null;
    }
  }

  /** summaryHead() of a campaign of the latest run, built at its first decision. */
  private summaryHeadOf(c: CampaignInfo): string {
    let head = this.summaryHeads.get(c);
    if (head === undefined) {
      head = summaryHead(c.id, c.size, c.score, c.evidence);
      this.summaryHeads.set(c, head);
    }
    return head;
  }
}

/** A decision's evidence: its campaign's, then the account's tie to the campaign. */
function decisionEvidence(campaign: readonly Evidence[], membership: number, how: string): Evidence[] {
  const out = campaign.slice();
  out.push({ signal: 'membership', value: Math.round(Math.min(1, membership / 2) * 1000) / 1000, weight: 0, detail: how });
  return out;
}

export { KIND_WEIGHTS };
