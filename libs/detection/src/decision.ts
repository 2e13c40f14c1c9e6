import type { ActionName } from '@lockstep/contracts';
import type { Evidence } from './evidence';

/** What the detector believes about one account (fields of policyv1.Decision, action lowercase). */
export interface DetectorDecision {
  decision_id: string;
  account_id: string;
  action: ActionName;
  score: number;
  campaign_id: string;
  /** ts of the event whose processing caused this decision. */
  event_ts: number;
  evidence: Evidence[];
  summary: string;
  tier: string;
  verified: boolean;
}

export interface ActionThresholds {
  monitor: number;
  throttle: number;
  challenge: number;
  suspend: number;
}

export const DEFAULT_THRESHOLDS: ActionThresholds = { monitor: 0.3, throttle: 0.5, challenge: 0.7, suspend: 0.85 };

export function actionForScore(score: number, t: ActionThresholds = DEFAULT_THRESHOLDS): ActionName {
  if (score >= t.suspend) return 'suspend';
  if (score >= t.challenge) return 'challenge';
  if (score >= t.throttle) return 'throttle';
  if (score >= t.monitor) return 'monitor';
  return 'allow';
}

/** One line for humans: the campaign, its strongest evidence, and the account's tie to it. */
export function summaryLine(campaignId: string, size: number, score: number, evidence: Evidence[], how: string): string {
  return summaryHead(campaignId, size, score, evidence) + how;
}

/**
 * summaryLine() up to the account's tie (`how`): the same for every account of a campaign in a run,
 * so the detector builds it once per campaign instead of once per decision.
 */
export function summaryHead(campaignId: string, size: number, score: number, evidence: Evidence[]): string {
  const top = evidence
    .filter((e) => e.weight > 0 && e.signal !== 'membership')
    .sort((a, b) => b.weight - a.weight || (a.signal < b.signal ? -1 : 1))
    .slice(0, 3)
    .map((e) => `${e.signal} ${e.value}`);
  return `campaign ${campaignId} (${size} accounts, score ${score.toFixed(2)}): ${top.join(', ')}; `;
}
