import type { ActionName } from '@lockstep/contracts';

export interface PolicyEvidence {
  signal: string;
  value: number;
  weight: number;
  detail: string;
}

/**
 * A detector decision as the policy receives it. Field names follow policyv1.Decision; the
 * action is lowercase. `event_ts` (detector objects) and `event_ts_ms` (proto) are both accepted.
 */
export interface PolicyDecisionInput {
  decision_id: string;
  account_id: string;
  /** The detector's proposed action; absent or null means "grade from score and evidence". */
  action?: ActionName | null;
  score: number;
  campaign_id?: string | null;
  event_ts?: number;
  event_ts_ms?: number;
  evidence?: readonly PolicyEvidence[];
  summary?: string;
  tier?: string;
  verified?: boolean;
}

/** A decision as applied and remembered by the policy. */
export interface StoredDecision {
  decision_id: string;
  account_id: string;
  /** The automatic action the policy applied after grading and tier protection. */
  action: ActionName;
  /** What the detector proposed (or the grade when it proposed nothing). */
  proposed_action: ActionName;
  score: number;
  campaign_id: string;
  event_ts_ms: number;
  evidence: PolicyEvidence[];
  summary: string;
  tier: string;
  verified: boolean;
  /** True when tier protection capped the action. */
  capped: boolean;
  needs_review: boolean;
  applied_at_ms: number;
  /** 0 = never expires (ALLOW). */
  expires_at_ms: number;
}

export interface AccountState {
  type: 'account';
  account_id: string;
  tier: string;
  verified: boolean;
  campaign_id: string;
  current: StoredDecision | null;
  /** Oldest first, bounded by historyLimit. */
  history: StoredDecision[];
  /** Whether the expiry of `current` was already announced as a change. */
  expiry_announced: boolean;
  /** Sequence of the last enforcement change caused by this record. */
  seq: number;
}

export type OverrideKind = 'account' | 'campaign';

export interface OverrideState {
  override_id: string;
  kind: OverrideKind;
  target_id: string;
  action: ActionName;
  reason: string;
  actor: string;
  created_at_ms: number;
  expires_at_ms: number;
}

export interface AuditEntry {
  at_ms: number;
  actor: string;
  what: string;
  reason: string;
}

/** Overrides are kept per target, with their audit trail, and are never tombstoned. */
export interface OverrideTargetState {
  type: 'override';
  kind: OverrideKind;
  target_id: string;
  active: OverrideState | null;
  audit: AuditEntry[];
  seq: number;
}

export type StateValue = AccountState | OverrideTargetState;

/** One compacted-topic record: the latest value for its key rebuilds that piece of state. */
export interface StateRecord {
  key: string;
  value: StateValue;
}

export type ReasonCode =
  | 'unknown_account'
  | 'detector'
  | 'enterprise_cap'
  | 'override'
  | 'campaign_override'
  | 'shadow'
  | 'allowlist'
  | 'expired';

export interface CheckResult {
  action: ActionName;
  reason_code: ReasonCode;
  campaign_id: string;
  decision_id: string;
  /** 0 = no expiry. */
  expires_at_ms: number;
}

export interface EnforcementChange extends CheckResult {
  sequence: number;
  account_id: string;
  changed_at_ms: number;
}

export interface SetOverrideInput {
  account_id?: string | null;
  campaign_id?: string | null;
  action: ActionName | null | undefined;
  reason: string;
  actor: string;
  /** 0 or absent = the configured default TTL. */
  ttl_ms?: number;
}

export interface ClearOverrideInput {
  account_id?: string | null;
  campaign_id?: string | null;
  reason?: string;
  actor: string;
}

export interface AccountView {
  account_id: string;
  current: CheckResult;
  /** Newest first. */
  history: StoredDecision[];
  overrides: OverrideState[];
  audit: AuditEntry[];
  needs_review: boolean;
}

export interface CampaignView {
  campaign_id: string;
  members: string[];
  evidence: PolicyEvidence[];
  first_seen_ms: number;
  last_seen_ms: number;
  score: number;
  summary: string;
  member_actions: ActionName[];
}

export interface PolicyStatus {
  accounts: number;
  campaigns: number;
  overrides: number;
  sequence: number;
  accounts_by_action: Record<ActionName, number>;
  shadow_mode: boolean;
}
