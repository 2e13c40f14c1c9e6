import { fnv1a32, hex8, TOKEN_KINDS, tokenKeyString, viewOf, type AccountFeatures, type FeatureView, type TokenKind } from '@lockstep/features';
import { severity, type ActionName } from '@lockstep/contracts';
import { ClusterEngine, CLUSTERING_DEFAULTS, KIND_WEIGHTS, memberScore, type CampaignResult, type ClusteringOptions, type ClusterResult, type RunRequest } from './clustering';
import { assignCluster, type BehaviourModel } from './kmeans';
import { actionForScore, DEFAULT_THRESHOLDS, summaryLine, type ActionThresholds, type DetectorDecision } from './decision';
import type { Evidence } from './evidence';
import { evidenceChanged } from './drift';
import { summarize, type AccountSummary } from './population';
import { PackedStore } from './packed-store';
import { TokenIdTable } from './token-table';
import { AccountLru } from './account-lru';

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

/** What the last run knew about a shared token: its base weight, and its campaign if it is one. */
interface TokenHit {
  base: number;
  campaign: string | null;
  weight: number;
}

const STRONG = new Set<TokenKind>(['tmpl', 'sys', 'sim', 'pay']);
/** STRONG by kind index (a token key's high part), so the hot path tests it without a lookup. */
const STRONG_KIND: readonly boolean[] = TOKEN_KINDS.map((k) => STRONG.has(k));
/** The common answer of observeSummary (no decision), shared so the per-event path allocates nothing. */
const NO_DECISIONS: DetectorDecision[] = Object.freeze([]) as unknown as DetectorDecision[];


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
  private readonly verdicts = new Map<string, AccountVerdict>();
  private campaigns = new Map<string, CampaignInfo>();
  /** Token id by id of the detector's token table, so hot loops index arrays instead of hashing doubles. */
  private tokenIndex = new Map<number, TokenHit>();
  /** 1 at the token ids the tokenIndex maps to a campaign: the common "holds no campaign token" answer without a lookup. */
  private campaignFlag = new Uint8Array(0);
  /** tokenIndex as an array by token id (undefined where absent), for inherit's per-token lookups; synced to `hitsOf`. */
  private hits: (TokenHit | undefined)[] = [];
  private hitsOf: Map<number, TokenHit> | null = null;
  /** apply()'s per-account "has a verdict" marks, reused between runs. */
  private verdictScratch = new Uint8Array(0);
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
  /**
   * Summaries stored since the last snapshot, oldest first (replaced and departed ones may be dropped
   * early): what the packed store folds in at the next snapshot.
   */
  private order: AccountSummary[] = [];
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
    this.accounts = new AccountLru<AccountSummary>(opts.maxAccounts ?? 1_000_000, (v) => {
      this.countHolders(v.tokenIds, -1);
      v.gone = true;
    });
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
    const prev = this.accounts.swap(s.accountId, s);
    const ids = this.intern(s.tokens, prev);
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
      prev.gone = true;
      prev.next = s;
    }
    this.order.push(s);
    // Without snapshots (no runs due), keep the order list from growing past the live summaries.
    if (this.order.length > 2 * this.accounts.size + 4096) this.liveOrder();
    if (this.nextRunTs === -Infinity) this.nextRunTs = s.lastTs + this.every;
    return this.inherit(s, s.lastTs);
  }

  /** Whether a clustering run is due at this event time. */
  due(eventTs: number): boolean {
    return this.nextRunTs !== -Infinity && eventTs >= this.nextRunTs;
  }

  /** Snapshots the active population for a clustering run and schedules the next one. */
  prepare(eventTs: number): ClusterJob {
    this.nextRunTs = eventTs + this.every;
    const cutoff = eventTs - this.window;
    this.store.update(this.order, this.accounts.size, this.keyOfId);
    this.order.length = 0;
    // Token ids of tokens nobody holds any more pile up (rotating prompts, proxy /24s): compact the
    // table while it is mostly dead, so the id-indexed arrays snapshots read stay small and cached.
    if (this.keyOfId.length > Math.max(1 << 16, 2 * this.liveTokens)) {
      this.compactTokens();
      this.store.reloadTokens(this.keyOfId);
    }
    if (this.packScratch.length < this.keyOfId.length) {
      this.packScratch = new Int32Array(Math.max(this.keyOfId.length * 2, 1024)).fill(-1);
    }
    const refit = eventTs >= this.nextRefitTs;
    if (refit) this.nextRefitTs = eventTs + this.refitEvery;
    const globalIds: number[] = [];
    // Oldest activity first (the LRU's reverse order): deterministic for a given input.
    const snap = this.store.snapshot(cutoff, this.verdicts, this.keyOfId, this.packScratch, this.holders, {
      vectors: refit || !this.model,
      globalIds,
      // The population is read only until this job is applied, before the next snapshot (a worker
      // gets its buffers transferred, and the store then allocates new ones).
    }, true);
    return {
      eventTs, ids: snap.ids, summaries: snap.summaries, globalIds, tokenEpoch: this.tokenEpoch, request: { pop: snap.pop, options: this.clusteringOptions, refit },
      slots: snap.slots, snapshot: this.store.snapshots,
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
    // Token ids straight from the snapshot's local ids, unless the table was renumbered since.
    const direct = job.tokenEpoch === this.tokenEpoch;
    const idOf = (local: Int32Array, keys: Float64Array, t: number) => (direct ? job.globalIds[local[t]!]! : this.internOne(keys[t]!));
    const index = new Map<number, TokenHit>();
    for (let t = 0; t < result.sharedKeys.length; t++) {
      index.set(idOf(result.sharedLocal, result.sharedKeys, t), { base: result.sharedBase[t]!, campaign: null, weight: 0 });
    }
    for (let t = 0; t < result.tokenKeys.length; t++) {
      const id = idOf(result.tokenLocal, result.tokenKeys, t);
      const hit = index.get(id) ?? { base: 0, campaign: null, weight: 0 };
      hit.campaign = result.campaigns[result.tokenCampaign[t]!]!.id;
      hit.weight = result.tokenWeight[t]!;
      index.set(id, hit);
    }
    this.setTokenIndex(index);

    const out: DetectorDecision[] = [];
    // An account linked to no campaign and without a verdict gets no decision: find the few with a
    // verdict from the verdict table instead of looking every account up.
    let withVerdict: Uint8Array | null = null;
    if (ranked && this.verdicts.size < job.ids.length) {
      if (this.verdictScratch.length < job.ids.length) this.verdictScratch = new Uint8Array(job.ids.length * 2);
      withVerdict = this.verdictScratch.fill(0, 0, job.ids.length);
      for (const id of this.verdicts.keys()) {
        const i = this.store.rankOf(id);
        if (i >= 0) withVerdict[i] = 1;
      }
    }
    for (let i = 0; i < job.ids.length; i++) {
      const ci = result.accountCampaign[i]!;
      if (ci >= 0) {
        const id = job.ids[i]!;
        const c = result.campaigns[ci]!;
        const m = result.membership[i]!;
        const d = this.setVerdict(id, this.latest(job.summaries[i]!), eventTs, result.accountScore[i]!, c, m, 'linked by clustering');
        if (d) out.push(d);
      } else {
        if (withVerdict && withVerdict[i] === 0) continue;
        const id = job.ids[i]!;
        // A verdict inherited after the snapshot was taken is newer than this run: keep it.
        const cur = this.verdicts.get(id);
        // Without a verdict, 'allow' changes nothing.
        if (!cur || cur.decidedTs > job.eventTs) continue;
        const d = this.setVerdict(id, this.latest(job.summaries[i]!), eventTs, 0, null, 0, 'no longer linked to a campaign');
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
    this.verdicts.clear();
    // The snapshot store holds a copy of every remembered account: forget those too.
    this.store = new PackedStore();
  }

  verdict(accountId: string): AccountVerdict | undefined {
    return this.verdicts.get(accountId);
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
    for (const s of this.order) {
      if (s.gone) continue;
      const i = this.store.rankOf(s.accountId);
      if (i >= 0) s.cluster = clusterOf[i]!;
    }
  }

  /** The detector's summary of the account now (what accounts.peek would return), from a snapshotted one. */
  private latest(s: AccountSummary): AccountSummary | undefined {
    let cur = s;
    while (cur.next) cur = cur.next;
    return cur.gone ? this.accounts.peek(s.accountId) : cur;
  }

  /** Drops replaced and departed summaries from the order list; returns it. */
  private liveOrder(): AccountSummary[] {
    const order = this.order;
    let w = 0;
    for (let r = 0; r < order.length; r++) {
      const s = order[r]!;
      if (!s.gone) order[w++] = s;
    }
    order.length = w;
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

  private intern(keys: number[], prev?: AccountSummary): Int32Array {
    // Usually nothing changed: share the previous (never mutated) array.
    if (prev && prev.tokens.length === keys.length) {
      let same = true;
      for (let i = 0; i < keys.length && same; i++) same = prev.tokens[i] === keys[i];
      if (same) return prev.tokenIds;
    }
    const out = new Int32Array(keys.length);
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

  /** Rebuilds the token table from the accounts still remembered (tokens of departed accounts go). */
  private setTokenIndex(index: Map<number, TokenHit>): void {
    this.tokenIndex = index;
    // Grown only (ids past the table's end read 0, as ids past a fresh array's end read as absent).
    let flags = this.campaignFlag;
    if (flags.length < this.keyOfId.length) flags = new Uint8Array(Math.max(this.keyOfId.length, Math.ceil(flags.length * 1.5)));
    else flags.fill(0);
    for (const [id, hit] of index) if (hit.campaign) flags[id] = 1;
    this.campaignFlag = flags;
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
    const index = new Map<number, TokenHit>();
    for (const [id, hit] of this.tokenIndex) index.set(this.internOne(oldKeys[id]!), hit);
    this.tokenEpoch++;
    this.setTokenIndex(index);
  }

  private inherit(s: AccountSummary, eventTs: number): DetectorDecision[] {
    const index = this.tokenIndex;
    if (index.size === 0) return NO_DECISIONS;
    // Most accounts hold no campaign token: find that out without a lookup.
    const ids = s.tokenIds;
    const flags = this.campaignFlag;
    let anyCampaign = false;
    for (let x = 0; x < ids.length; x++) {
      const id = ids[x]!;
      if (id < flags.length && flags[id] === 1) {
        anyCampaign = true;
        break;
      }
    }
    if (!anyCampaign) return NO_DECISIONS;
    if (this.hitsOf !== index) this.syncHits(index);
    const hits = this.hits;
    // Nearly always the campaign tokens an account holds are one campaign's: tally that without
    // maps, summing in token order as the general tally does (the same floating-point results).
    let sharedMass = 0;
    let campaignMass = 0;
    let camp: string | null = null;
    let mass = 0;
    let strong = false;
    for (let x = 0; x < ids.length; x++) {
      const id = ids[x]!;
      // Ids newer than the index are in no campaign's table.
      const hit = id < hits.length ? hits[id] : undefined;
      if (!hit) continue;
      sharedMass += hit.base;
      const c = hit.campaign;
      if (!c) continue;
      if (camp === null) camp = c;
      else if (c !== camp) return this.inheritAmong(s, eventTs);
      campaignMass += hit.base;
      mass += hit.weight;
      if (hit.weight > 0.2 && STRONG_KIND[Math.floor(s.tokens[x]! / 4294967296)]) strong = true;
    }
    if (camp === null || !strong || !(mass > 0) || mass < this.clusteringOptions.attachThreshold) return NO_DECISIONS;
    // Mostly honest sharing with one farm token in it: not enough to inherit a verdict.
    if (sharedMass > 0 && campaignMass / sharedMass < this.clusteringOptions.minPurity) return NO_DECISIONS;
    return this.inheritFrom(s, eventTs, camp, mass);
  }

  /** Points `hits` at the entries of `index` (a new token table after a run or a compaction). */
  private syncHits(index: Map<number, TokenHit>): void {
    const hits = this.hits;
    if (this.hitsOf) for (const id of this.hitsOf.keys()) hits[id] = undefined;
    let top = -1;
    for (const id of index.keys()) if (id > top) top = id;
    // Grown densely, so the array keeps fast elements.
    while (hits.length <= top) hits.push(undefined);
    for (const [id, hit] of index) hits[id] = hit;
    this.hitsOf = index;
  }

  /** inherit() for an account holding tokens of several campaigns: the strongest tie wins. */
  private inheritAmong(s: AccountSummary, eventTs: number): DetectorDecision[] {
    const mass = new Map<string, number>();
    const strong = new Set<string>();
    let sharedMass = 0;
    let campaignMass = 0;
    for (let x = 0; x < s.tokenIds.length; x++) {
      const key = s.tokens[x]!;
      const hit = this.tokenIndex.get(s.tokenIds[x]!);
      if (!hit) continue;
      sharedMass += hit.base;
      if (!hit.campaign) continue;
      campaignMass += hit.base;
      mass.set(hit.campaign, (mass.get(hit.campaign) ?? 0) + hit.weight);
      if (STRONG_KIND[Math.floor(key / 4294967296)] && hit.weight > 0.2) strong.add(hit.campaign);
    }
    let best: string | null = null;
    let bestM = 0;
    for (const [c, m] of mass) if (strong.has(c) && (m > bestM || (m === bestM && best !== null && c < best))) [best, bestM] = [c, m];
    if (!best || bestM < this.clusteringOptions.attachThreshold) return NO_DECISIONS;
    // Mostly honest sharing with one farm token in it: not enough to inherit a verdict.
    if (sharedMass > 0 && campaignMass / sharedMass < this.clusteringOptions.minPurity) return NO_DECISIONS;
    return this.inheritFrom(s, eventTs, best, bestM);
  }

  /** The verdict an account tied to campaign `best` with membership `bestM` inherits, if it is news. */
  private inheritFrom(s: AccountSummary, eventTs: number, best: string, bestM: number): DetectorDecision[] {
    const c = this.campaigns.get(best)!;
    // Below core membership, the account must also behave like the campaign's core.
    if (bestM < this.clusteringOptions.memberThreshold && !c.clusters.includes(s.cluster)) return NO_DECISIONS;
    const score = memberScore(c.score, bestM);
    const cur = this.verdicts.get(s.accountId);
    if (cur && cur.campaignId && severity(actionForScore(score, this.thresholds)) <= severity(cur.action)) return NO_DECISIONS;
    const shared: number[] = [];
    for (let x = 0; x < s.tokenIds.length; x++) if (this.tokenIndex.get(s.tokenIds[x]!)?.campaign === best) shared.push(s.tokens[x]!);
    const how = `inherited: shares ${shared.length} campaign tokens (${shared.slice(0, 3).map(tokenKeyString).join(', ')})`;
    const d = this.setVerdict(s.accountId, s, eventTs, score, c, bestM, how);
    if (d) this.stats_.inherited++;
    return d ? [d] : NO_DECISIONS;
  }

  private setVerdict(
    id: string,
    s: AccountSummary | undefined,
    eventTs: number,
    score: number,
    c: CampaignInfo | null,
    membership: number,
    how: string,
  ): DetectorDecision | null {
    const action = c ? actionForScore(score, this.thresholds) : 'allow';
    const campaignId = c && action !== 'allow' ? c.id : '';
    const cur = this.verdicts.get(id);
    if ((cur?.action ?? 'allow') === action && (cur?.campaignId ?? '') === campaignId) {
      if (!cur) return null;
      cur.score = score;
      if (eventTs - cur.decidedTs < this.renewEvery) return null;
      how = `renewal; ${how}`;
    }
    if (action === 'allow') this.verdicts.delete(id);
    else this.verdicts.set(id, { action, score, campaignId, decidedTs: eventTs });
    this.stats_.decisions++;
    const evidence: Evidence[] = c
      ? [...c.evidence, { signal: 'membership', value: Math.round(Math.min(1, membership / 2) * 1000) / 1000, weight: 0, detail: how }]
      : [];
    const summary = c ? summaryLine(c.id, c.size, c.score, c.evidence, how) : how;
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
}

export { KIND_WEIGHTS };
