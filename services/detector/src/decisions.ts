import { toProtoAction, type policyv1 } from '@lockstep/contracts';
import type { DetectorDecision } from '@lockstep/detection';

/** The wire form of a detector decision for PolicyService.ReportDecisions. */
export function toProtoDecision(d: DetectorDecision): policyv1.Decision {
  return {
    decision_id: d.decision_id,
    account_id: d.account_id,
    action: toProtoAction(d.action),
    score: d.score,
    campaign_id: d.campaign_id,
    event_ts_ms: d.event_ts,
    evidence: d.evidence.map((e) => ({ signal: e.signal, value: e.value, weight: e.weight, detail: e.detail })),
    summary: d.summary,
    tier: d.tier,
    verified: d.verified,
  };
}

/**
 * Decisions waiting to be delivered (to the policy service, then the decisions topic).
 * They leave only once delivered; a failed delivery keeps them for the retry.
 */
export class Outbox {
  private items: DetectorDecision[] = [];
  // Flushes run one at a time (timer and consumer may both flush): no decision is sent twice concurrently.
  private chain: Promise<unknown> = Promise.resolve();

  push(ds: readonly DetectorDecision[]): void {
    for (const d of ds) this.items.push(d);
  }

  get size(): number {
    return this.items.length;
  }

  /** Delivers everything queued; on success removes exactly what was delivered. */
  flush(deliver: (ds: DetectorDecision[]) => Promise<void>): Promise<number> {
    const run = this.chain.then(async () => {
      if (this.items.length === 0) return 0;
      const batch = this.items.slice();
      await deliver(batch);
      this.items.splice(0, batch.length);
      return batch.length;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }
}
