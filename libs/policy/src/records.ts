import type { ActionName } from '@lockstep/contracts';
import type { AccountState, OverrideKind, PolicyEvidence, StateValue, StoredDecision } from './types';

/** Compacted-topic keys: one per account, one per override target. */
export function accountKey(accountId: string): string {
  return `account/${accountId}`;
}

export function overrideKey(kind: OverrideKind, targetId: string): string {
  return `override/${kind}/${targetId}`;
}

export type ParsedKey = { type: 'account'; id: string } | { type: 'override'; kind: OverrideKind; id: string };

export function parseKey(key: string): ParsedKey | null {
  if (key.startsWith('account/')) return { type: 'account', id: key.slice(8) };
  if (key.startsWith('override/account/')) return { type: 'override', kind: 'account', id: key.slice(17) };
  if (key.startsWith('override/campaign/')) return { type: 'override', kind: 'campaign', id: key.slice(18) };
  return null;
}

/**
 * Record values on the enforcement topic. Accounts (nearly every record) are written in the
 * compact form, version 2: one JSON array with positional fields, the current decision held once
 * (an index into the history, not a second copy) and no per-decision account_id. It is about a
 * quarter of the bytes of the object form and parses into fewer temporary objects, which is most
 * of what a rebuild from the topic costs. Overrides stay objects (few, small, audit text).
 * Readers accept both forms: values written before version 2 (objects) decode as they always did.
 *
 *   account v2: [2, "a", account_id, tier, verified, campaign_id, expiry_announced, seq,
 *                current_index (-1 = none or `current` below), history: D[], current: D | null]
 *   D:          [decision_id, action, proposed_action, score, campaign_id, event_ts_ms, summary,
 *                tier, verified, capped, needs_review, applied_at_ms, expires_at_ms, evidence: E[]]
 *   E:          [signal, value, weight, detail]          (booleans are 0 / 1)
 */
export const RECORD_VERSION = 2;

type E = [string, number, number, string];
type D = [string, ActionName, ActionName, number, string, number, string, string, 0 | 1, 0 | 1, 0 | 1, number, number, E[]];
type AccountV2 = [2, 'a', string, string, 0 | 1, string, 0 | 1, number, number, D[], D | null];

function encodeDecision(d: StoredDecision): D {
  return [
    d.decision_id,
    d.action,
    d.proposed_action,
    d.score,
    d.campaign_id,
    d.event_ts_ms,
    d.summary,
    d.tier,
    d.verified ? 1 : 0,
    d.capped ? 1 : 0,
    d.needs_review ? 1 : 0,
    d.applied_at_ms,
    d.expires_at_ms,
    d.evidence.map((e): E => [e.signal, e.value, e.weight, e.detail]),
  ];
}

/**
 * A rebuild holds a million accounts whose tiers, actions, campaigns, signals and summaries are
 * mostly the same few strings; sharing one copy of each keeps the retained heap (and the garbage
 * collector's work while it grows) small. Bounded, so unique text cannot make it grow without limit.
 */
const shared = new Map<string, string>();
function share(s: string): string {
  if (s.length > 96) return s;
  const hit = shared.get(s);
  if (hit !== undefined) return hit;
  if (shared.size >= 50_000) shared.clear();
  shared.set(s, s);
  return s;
}

const ACTION_NAMES: Record<string, ActionName> = { allow: 'allow', monitor: 'monitor', throttle: 'throttle', challenge: 'challenge', suspend: 'suspend' };
function action(a: string): ActionName {
  return ACTION_NAMES[a] ?? (a as ActionName);
}

function decodeEvidence(e: E): PolicyEvidence {
  return { signal: share(e[0]), value: e[1], weight: e[2], detail: share(e[3]) };
}

function decodeDecision(d: D, accountId: string): StoredDecision {
  return {
    decision_id: d[0],
    account_id: accountId,
    action: action(d[1]),
    proposed_action: action(d[2]),
    score: d[3],
    campaign_id: share(d[4]),
    event_ts_ms: d[5],
    evidence: d[13].map(decodeEvidence),
    summary: share(d[6]),
    tier: share(d[7]),
    verified: d[8] === 1,
    capped: d[9] === 1,
    needs_review: d[10] === 1,
    applied_at_ms: d[11],
    expires_at_ms: d[12],
  };
}

function encodeAccount(a: AccountState): AccountV2 {
  const at = a.current ? a.history.indexOf(a.current) : -1;
  // `current` is normally one of the history objects; a copy is matched by decision_id.
  const index = at >= 0 || !a.current ? at : a.history.findIndex((h) => h.decision_id === a.current!.decision_id);
  return [
    RECORD_VERSION,
    'a',
    a.account_id,
    a.tier,
    a.verified ? 1 : 0,
    a.campaign_id,
    a.expiry_announced ? 1 : 0,
    a.seq,
    index,
    a.history.map(encodeDecision),
    a.current && index < 0 ? encodeDecision(a.current) : null,
  ];
}

function decodeAccount(v: unknown[]): AccountState {
  if (v[0] !== RECORD_VERSION || v[1] !== 'a') throw new Error(`unknown policy state record version ${String(v[0])}/${String(v[1])}`);
  const a = v as AccountV2;
  const id = a[2];
  const history = a[9].map((d) => decodeDecision(d, id));
  const current = a[8] >= 0 ? history[a[8]] : a[10] ? decodeDecision(a[10], id) : null;
  return { type: 'account', account_id: id, tier: share(a[3]), verified: a[4] === 1, campaign_id: share(a[5]), current: current ?? null, history, expiry_announced: a[6] === 1, seq: a[7] };
}

export function encodeValue(value: StateValue): string {
  return JSON.stringify(value.type === 'account' ? encodeAccount(value) : value);
}

export function decodeValue(buf: Buffer | string): StateValue {
  const parsed = JSON.parse(typeof buf === 'string' ? buf : buf.toString('utf8')) as unknown;
  if (Array.isArray(parsed)) return decodeAccount(parsed);
  const v = parsed as StateValue;
  if (!v || (v.type !== 'account' && v.type !== 'override')) throw new Error('not a policy state record');
  return v;
}
