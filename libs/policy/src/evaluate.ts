import type { ActionName } from '@lockstep/contracts';
import type { PolicyConfig } from './config';
import type { AccountState, CheckResult, OverrideTargetState } from './types';

const UNKNOWN: CheckResult = Object.freeze({
  action: 'allow',
  reason_code: 'unknown_account',
  campaign_id: '',
  decision_id: '',
  expires_at_ms: 0,
}) as CheckResult;

function activeAt(o: OverrideTargetState | undefined, nowMs: number) {
  const a = o?.active;
  return a && (a.expires_at_ms === 0 || a.expires_at_ms > nowMs) ? a : null;
}

/**
 * The effective answer for one account. Precedence: account override > campaign override >
 * (no decision: unknown) > expired decision > allowlist > shadow > the applied automatic action.
 */
export function evaluate(
  account: AccountState | undefined,
  accountOverride: OverrideTargetState | undefined,
  campaignOverride: OverrideTargetState | undefined,
  config: PolicyConfig,
  nowMs: number,
): CheckResult {
  const campaignId = account?.campaign_id ?? '';
  const ao = activeAt(accountOverride, nowMs);
  if (ao) {
    return { action: ao.action, reason_code: 'override', campaign_id: campaignId, decision_id: ao.override_id, expires_at_ms: ao.expires_at_ms };
  }
  const co = activeAt(campaignOverride, nowMs);
  if (co) {
    return { action: co.action, reason_code: 'campaign_override', campaign_id: campaignId, decision_id: co.override_id, expires_at_ms: co.expires_at_ms };
  }
  const cur = account?.current;
  if (!account || !cur) return UNKNOWN;
  if (cur.expires_at_ms !== 0 && cur.expires_at_ms <= nowMs) {
    return { action: 'allow', reason_code: 'expired', campaign_id: campaignId, decision_id: cur.decision_id, expires_at_ms: 0 };
  }
  if (allowlisted(account, campaignId, config)) {
    return { action: 'allow', reason_code: 'allowlist', campaign_id: campaignId, decision_id: cur.decision_id, expires_at_ms: 0 };
  }
  if (shadowed(account, config)) {
    return { action: 'allow', reason_code: 'shadow', campaign_id: campaignId, decision_id: cur.decision_id, expires_at_ms: cur.expires_at_ms };
  }
  return {
    action: cur.action,
    reason_code: cur.capped ? 'enterprise_cap' : 'detector',
    campaign_id: campaignId,
    decision_id: cur.decision_id,
    expires_at_ms: cur.expires_at_ms,
  };
}

/**
 * evaluate(...).action alone, by the same precedence, without building the answer: what a caller
 * asking "did the action change?" for every event of an enforced account needs.
 */
export function evaluateAction(
  account: AccountState | undefined,
  accountOverride: OverrideTargetState | undefined,
  campaignOverride: OverrideTargetState | undefined,
  config: PolicyConfig,
  nowMs: number,
): ActionName {
  const ao = activeAt(accountOverride, nowMs);
  if (ao) return ao.action;
  const co = activeAt(campaignOverride, nowMs);
  if (co) return co.action;
  const cur = account?.current;
  if (!account || !cur) return UNKNOWN.action;
  if (cur.expires_at_ms !== 0 && cur.expires_at_ms <= nowMs) return 'allow';
  if (allowlisted(account, account.campaign_id ?? '', config) || shadowed(account, config)) return 'allow';
  return cur.action;
}

function allowlisted(account: AccountState, campaignId: string, config: PolicyConfig): boolean {
  const al = config.allowlist;
  return (
    (al.accounts.length > 0 && al.accounts.includes(account.account_id)) ||
    (al.campaigns.length > 0 && campaignId !== '' && al.campaigns.includes(campaignId)) ||
    (al.tiers.length > 0 && al.tiers.includes(account.tier))
  );
}

function shadowed(account: AccountState, config: PolicyConfig): boolean {
  return config.shadow.global || (config.shadow.tiers.length > 0 && config.shadow.tiers.includes(account.tier));
}

export function sameAnswer(a: CheckResult, b: CheckResult): boolean {
  return (
    a.action === b.action &&
    a.reason_code === b.reason_code &&
    a.decision_id === b.decision_id &&
    a.expires_at_ms === b.expires_at_ms &&
    a.campaign_id === b.campaign_id
  );
}
