import { fromProtoAction, toProtoAction, type ActionName, type policyv1 } from '@lockstep/contracts';
import type {
  AccountView,
  AuditEntry,
  CampaignView,
  CheckResult,
  EnforcementChange,
  OverrideState,
  PolicyDecisionInput,
  PolicyEvidence,
  StoredDecision,
} from '@lockstep/policy';

export function protoAction(a: ActionName): policyv1.Action {
  return toProtoAction(a);
}

/** Proto action to engine action; ACTION_UNSPECIFIED (or empty) is null. */
export function engineAction(a: policyv1.Action__Output | string | number | undefined | null): ActionName | null {
  if (a === undefined || a === null || a === '' || a === 0 || a === 'ACTION_UNSPECIFIED') return null;
  try {
    return fromProtoAction(a);
  } catch {
    return 'invalid' as ActionName; // the engine rejects it, naming the field
  }
}

export function checkResponse(r: CheckResult): policyv1.CheckResponse {
  return { action: toProtoAction(r.action), reason_code: r.reason_code, campaign_id: r.campaign_id, decision_id: r.decision_id, expires_at_ms: r.expires_at_ms };
}

export function change(c: EnforcementChange): policyv1.EnforcementChange {
  return {
    sequence: c.sequence,
    account_id: c.account_id,
    action: toProtoAction(c.action),
    reason_code: c.reason_code,
    campaign_id: c.campaign_id,
    decision_id: c.decision_id,
    changed_at_ms: c.changed_at_ms,
    expires_at_ms: c.expires_at_ms,
  };
}

function evidence(e: PolicyEvidence): policyv1.Evidence {
  return { signal: e.signal, value: e.value, weight: e.weight, detail: e.detail };
}

export function decisionFromProto(d: policyv1.Decision__Output): PolicyDecisionInput {
  return {
    decision_id: d.decision_id,
    account_id: d.account_id,
    action: engineAction(d.action),
    score: d.score,
    campaign_id: d.campaign_id,
    event_ts_ms: d.event_ts_ms,
    evidence: d.evidence,
    summary: d.summary,
    tier: d.tier,
    verified: d.verified,
  };
}

export function storedDecision(d: StoredDecision): policyv1.Decision {
  return {
    decision_id: d.decision_id,
    account_id: d.account_id,
    action: toProtoAction(d.action),
    score: d.score,
    campaign_id: d.campaign_id,
    event_ts_ms: d.event_ts_ms,
    evidence: d.evidence.map(evidence),
    summary: d.summary,
    tier: d.tier,
    verified: d.verified,
    proposed_action: toProtoAction(d.proposed_action),
    needs_review: d.needs_review,
  };
}

export function override(o: OverrideState): policyv1.Override {
  return {
    override_id: o.override_id,
    ...(o.kind === 'account' ? { account_id: o.target_id } : { campaign_id: o.target_id }),
    action: toProtoAction(o.action),
    reason: o.reason,
    actor: o.actor,
    created_at_ms: o.created_at_ms,
    expires_at_ms: o.expires_at_ms,
  };
}

function audit(a: AuditEntry): policyv1.AuditEntry {
  return { at_ms: a.at_ms, actor: a.actor, what: a.what, reason: a.reason };
}

export function account(v: AccountView): policyv1.GetAccountResponse {
  return {
    account_id: v.account_id,
    current: checkResponse(v.current),
    history: v.history.map(storedDecision),
    overrides: v.overrides.map(override),
    audit: v.audit.map(audit),
    needs_review: v.needs_review,
  };
}

export function campaign(c: CampaignView): policyv1.Campaign {
  return {
    campaign_id: c.campaign_id,
    members: c.members,
    evidence: c.evidence.map(evidence),
    first_seen_ms: c.first_seen_ms,
    last_seen_ms: c.last_seen_ms,
    score: c.score,
    summary: c.summary,
    member_actions: c.member_actions.map(toProtoAction),
  };
}
