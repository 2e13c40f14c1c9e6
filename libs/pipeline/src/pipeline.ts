import type { ActionName, UsageEvent } from '@lockstep/contracts';
import { ClusterWorker, Detector, PAIRWISE_LINK, summarize, type AccountSummary, type ClusterJob, type ClusterResult, type DetectorDecision, type DetectorOptions, type DetectorStats } from '@lockstep/detection';
import { FeatureStore, type FeatureStoreOptions, type FeatureStoreStats } from '@lockstep/features';
import { PolicyEngine, type PolicyConfigInput } from '@lockstep/policy';

/** One change of an account's enforced action (a line of replay output). */
export interface ActionChange {
  account_id: string;
  action: ActionName;
  event_ts: number;
  score: number;
  campaign_id: string;
  reasons: string[];
}

export interface PipelineOptions {
  features?: FeatureStoreOptions;
  detector?: DetectorOptions;
  policy?: PolicyConfigInput;
  /** Called with every detector decision (e.g. to publish it); replay leaves it unset. */
  onDecision?: (d: DetectorDecision) => void;
  /**
   * Where clustering runs: 'sync' on the calling thread, 'worker' in a worker thread while events
   * keep flowing. Both give byte-identical results: a run snapshotted at event time T takes effect
   * at the first event at or after T + clusterApplyDelayMs, whichever thread computed it.
   */
  clustering?: 'sync' | 'worker';
  /** Event time between a clustering snapshot and its results taking effect (default 60 s). */
  clusterApplyDelayMs?: number;
}

export interface PipelineStats {
  events: number;
  decisions: number;
  changes: number;
  features: FeatureStoreStats;
  detector: DetectorStats;
}

export interface Pipeline {
  /**
   * Processes one validated event; returns the action changes it caused, in order (read-only: the
   * common empty answer is one shared array). In worker mode, call `waitFor(e.ts)` first and await
   * it when it returns a promise.
   */
  process(e: UsageEvent): ActionChange[];
  /**
   * process() for an event whose features were computed elsewhere (another thread running its own
   * FeatureStore over the same events in the same order): the account, the event time, and the
   * detector summary (summarize()) of the features the store emitted for it, if any. This
   * pipeline's own FeatureStore is then unused.
   */
  processSummary(accountId: string, ts: number, summary: AccountSummary | null): ActionChange[];
  /** A promise to await before processing an event at `ts` (a clustering result is due), else null. */
  waitFor(ts: number): Promise<void> | null;
  /** Applies any clustering run still pending (end of input); returns the changes it caused. */
  finish(): Promise<ActionChange[]>;
  /** Stops the worker thread, if any. */
  close(): Promise<void>;
  /** The enforced action of an account right now (event time `nowMs`). */
  actionOf(accountId: string, nowMs: number): ActionName;
  stats(): PipelineStats;
  readonly features: FeatureStore;
  readonly detector: Detector;
  readonly policy: PolicyEngine;
}

/** What process() returns for the many events that change nothing (shared: callers only read it). */
const NO_CHANGES: ActionChange[] = Object.freeze([]) as unknown as ActionChange[];

/** Reasons for humans and machines: the policy's reason, then the evidence that carried the score. */
export function reasonsOf(d: DetectorDecision | null, policyReason: string): string[] {
  const out: string[] = [];
  if (policyReason && policyReason !== 'detector') out.push(`policy:${policyReason}`);
  if (!d) return out;
  const ev = d.evidence.filter((e) => e.weight > 0).sort((a, b) => b.weight - a.weight || (a.signal < b.signal ? -1 : 1));
  for (const e of ev.slice(0, 5)) out.push(`${e.signal}=${e.value}`);
  const m = d.evidence.find((e) => e.signal === 'membership');
  if (m) out.push(linkReason(m.detail));
  return out;
}

function linkReason(detail: string): string {
  const how = detail.startsWith('renewal; ') ? detail.slice(9) : detail;
  if (how.startsWith('inherited')) return 'inherited_from_campaign';
  return how.includes(PAIRWISE_LINK) ? 'linked_by_pairwise_prompts' : 'linked_by_clustering';
}

/**
 * FeatureStore -> Detector -> PolicyEngine in one process, synchronous and on event time: the same
 * logic the services run, used by replay, the demo and `lockstep run`. Deterministic for a given input.
 */
export function createPipeline(opts: PipelineOptions = {}): Pipeline {
  // Made on first use: with features computed on another thread (processFeatures) it never is.
  let store: FeatureStore | null = null;
  const features = () => (store ??= new FeatureStore(opts.features));
  const mode = opts.clustering ?? 'sync';
  const delay = opts.clusterApplyDelayMs ?? 60_000;
  const worker = mode === 'worker' ? new ClusterWorker() : null;
  let pending: { job: ClusterJob; applyAt: number; result: ClusterResult | null; done: Promise<void> | null; error: Error | null } | null = null;
  let lastTs = -Infinity;
  const detector = new Detector(opts.detector);
  const policy = new PolicyEngine(opts.policy ?? {});
  const enforced = new Map<string, ActionName>();
  const lastDecision = new Map<string, DetectorDecision>();
  let events = 0;
  let decisions = 0;
  let changes = 0;

  /** Records the account's enforced action if it is not `prev` (its enforced action so far). */
  const settle = (accountId: string, nowMs: number, d: DetectorDecision | null, out: ActionChange[], prev: ActionName) => {
    // Usually unchanged: ask for the action alone before building the full answer.
    if (policy.actionOf(accountId, nowMs) === prev) return;
    const r = policy.check(accountId, nowMs);
    if (r.action === 'allow') enforced.delete(accountId);
    else enforced.set(accountId, r.action);
    const src = d ?? lastDecision.get(accountId) ?? null;
    changes++;
    out.push({
      account_id: accountId,
      action: r.action,
      event_ts: nowMs,
      score: src ? src.score : 0,
      campaign_id: r.campaign_id,
      reasons: reasonsOf(r.action === 'allow' && r.reason_code === 'expired' ? null : src, r.reason_code),
    });
  };

  const decide = (batch: DetectorDecision[], nowMs: number, out: ActionChange[]) => {
    for (const d of batch) {
      decisions++;
      opts.onDecision?.(d);
      policy.applyDecision(d, nowMs);
      if (d.action === 'allow') lastDecision.delete(d.account_id);
      else lastDecision.set(d.account_id, d);
      settle(d.account_id, nowMs, d, out, enforced.get(d.account_id) ?? 'allow');
    }
  };

  const applyPending = (ts: number, out: ActionChange[]) => {
    const p = pending!;
    if (p.error) throw p.error;
    if (!p.result) throw new Error('clustering result not ready: await pipeline.waitFor(ts) before process()');
    pending = null;
    decide(detector.apply(p.job, p.result, ts), ts, out);
  };

  const startRun = (ts: number) => {
    const job = detector.prepare(ts);
    const p: NonNullable<typeof pending> = { job, applyAt: ts + delay, result: null, done: null, error: null };
    if (worker) {
      p.done = worker.run(job.request).then(
        (r) => void (p.result = r),
        (err: Error) => void (p.error = err),
      );
    } else p.result = detector.runJob(job);
    pending = p;
  };

  // Changes of the event being processed; most events cause none, and then no array is allocated.
  const scratch: ActionChange[] = [];
  const step = (accountId: string, ts: number, summary: AccountSummary | null): ActionChange[] => {
    events++;
    const out = scratch;
    // Cleared here, not after use: an event that threw leaves nothing behind for the next one.
    if (out.length !== 0) out.length = 0;
    if (ts > lastTs) lastTs = ts;
    // A run's results take effect at the first event after its apply time (never the triggering one).
    if (pending && ts >= pending.applyAt) applyPending(ts, out);
    if (summary) {
      const batch = detector.observeSummary(summary);
      if (batch.length > 0) decide(batch, ts, out);
    }
    if (!pending && detector.due(ts)) startRun(ts);
    // Expired actions surface when the account next shows up.
    if (enforced.size > 0) {
      const prev = enforced.get(accountId);
      if (prev !== undefined) settle(accountId, ts, null, out, prev);
    }
    return out.length === 0 ? NO_CHANGES : out.slice();
  };

  return {
    get features() {
      return features();
    },
    detector,
    policy,
    waitFor(ts: number): Promise<void> | null {
      if (!pending || pending.result || pending.error || ts < pending.applyAt) return null;
      return pending.done;
    },
    async finish(): Promise<ActionChange[]> {
      const out: ActionChange[] = [];
      if (pending) {
        await pending.done;
        applyPending(lastTs, out);
      }
      return out;
    },
    async close(): Promise<void> {
      await worker?.close();
    },
    process(e: UsageEvent): ActionChange[] {
      // The store does not depend on the detector: folding the event in first changes nothing.
      const view = features().ingestView(e);
      return step(e.account_id, e.ts, view ? summarize(view) : null);
    },
    processSummary(accountId: string, ts: number, summary: AccountSummary | null): ActionChange[] {
      return step(accountId, ts, summary);
    },
    actionOf(accountId: string, nowMs: number): ActionName {
      return policy.actionOf(accountId, nowMs);
    },
    stats(): PipelineStats {
      return { events, decisions, changes, features: features().stats(), detector: detector.stats() };
    },
  };
}
