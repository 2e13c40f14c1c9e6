import { ACTIONS, severity, type ActionName } from '@lockstep/contracts';
import type { PolicyConfig } from './config';
import type { PolicyEvidence } from './types';

const GRADED: readonly Exclude<ActionName, 'allow'>[] = ['monitor', 'throttle', 'challenge', 'suspend'];

/** Distinct signals that actually contributed (weight > 0). */
export function evidenceCount(evidence: readonly PolicyEvidence[] | undefined): number {
  if (!evidence || evidence.length === 0) return 0;
  if (evidence.length > 32) {
    const seen = new Set<string>();
    for (const e of evidence) if (e.weight > 0) seen.add(e.signal);
    return seen.size;
  }
  // A detector decision carries about ten signals: pairwise beats building a set for every decision.
  let n = 0;
  outer: for (let i = 0; i < evidence.length; i++) {
    const e = evidence[i];
    if (!(e.weight > 0)) continue;
    for (let j = 0; j < i; j++) if (evidence[j].weight > 0 && evidence[j].signal === e.signal) continue outer;
    n++;
  }
  return n;
}

/** The strongest action whose score and evidence bars are both met, capped by the proposal. */
export function gradeAction(
  score: number,
  evidence: readonly PolicyEvidence[] | undefined,
  proposed: ActionName | null | undefined,
  config: PolicyConfig,
): ActionName {
  const n = evidenceCount(evidence);
  let graded: ActionName = 'allow';
  for (const a of GRADED) {
    if (score >= config.scoreThresholds[a] && n >= config.minEvidence[a]) graded = a;
  }
  if (config.capAtProposedAction && proposed && severity(proposed) < severity(graded)) return proposed;
  return graded;
}

export interface Protection {
  protected: boolean;
  action: ActionName;
  capped: boolean;
  needsReview: boolean;
}

/** Verified enterprise (or configured) accounts: capped at protection.maxAction, flagged for review. */
export function applyProtection(action: ActionName, tier: string, verified: boolean, config: PolicyConfig): Protection {
  const p = config.protection;
  const isProtected = p.tiers.includes(tier) && (verified || !p.requireVerified);
  if (!isProtected) return { protected: false, action, capped: false, needsReview: false };
  const capped = severity(action) > severity(p.maxAction);
  return {
    protected: true,
    action: capped ? p.maxAction : action,
    capped,
    needsReview: severity(action) >= severity('throttle'),
  };
}

export function isAction(v: unknown): v is ActionName {
  return typeof v === 'string' && (ACTIONS as readonly string[]).includes(v);
}
