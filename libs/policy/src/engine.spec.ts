import { PolicyEngine } from './engine';
import { PolicyInputError, StalePlanError } from './errors';
import { DEFAULT_POLICY_CONFIG, parsePolicyConfig } from './config';
import { decodeValue, encodeValue } from './records';
import type { PolicyDecisionInput, PolicyEvidence } from './types';

const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;

function ev(...signals: string[]): PolicyEvidence[] {
  return signals.map((s) => ({ signal: s, value: 1, weight: 0.5, detail: `${s} detail` }));
}

let n = 0;
function dec(over: Partial<PolicyDecisionInput> = {}): PolicyDecisionInput {
  n++;
  return {
    decision_id: `d${n}`,
    account_id: 'acct-1',
    action: 'suspend',
    score: 0.95,
    campaign_id: 'camp-1',
    event_ts: T0,
    evidence: ev('shared_template', 'card_reuse', 'creation_burst'),
    summary: 'farm',
    tier: 'free',
    verified: false,
    ...over,
  };
}

describe('config', () => {
  it('has documented defaults', () => {
    expect(DEFAULT_POLICY_CONFIG.scoreThresholds).toEqual({ monitor: 0.3, throttle: 0.5, challenge: 0.7, suspend: 0.85 });
    expect(DEFAULT_POLICY_CONFIG.protection).toEqual({ tiers: ['enterprise'], requireVerified: true, maxAction: 'challenge' });
    expect(DEFAULT_POLICY_CONFIG.shadow.global).toBe(false);
  });
  it('names the bad key', () => {
    expect(() => parsePolicyConfig({ scoreThresholds: { throttle: 2 } })).toThrow(/scoreThresholds\.throttle/);
    expect(() => parsePolicyConfig({ scoreThresholds: { challenge: 0.4 } })).toThrow(/scoreThresholds\.challenge/);
    expect(() => parsePolicyConfig({ protection: { maxAction: 'ban' } })).toThrow(/protection\.maxAction/);
  });
});

describe('graduated actions', () => {
  it('unknown accounts are allowed', () => {
    expect(new PolicyEngine().check('nobody', T0)).toMatchObject({ action: 'allow', reason_code: 'unknown_account' });
  });
  it('grades by score', () => {
    const e = new PolicyEngine();
    const cases: [number, string][] = [[0.2, 'allow'], [0.35, 'monitor'], [0.6, 'throttle'], [0.75, 'challenge'], [0.9, 'suspend']];
    for (const [score, want] of cases) {
      e.applyDecision(dec({ account_id: `s${score}`, score }), T0);
      expect(e.check(`s${score}`, T0).action).toBe(want);
    }
  });
  it('needs enough evidence for stronger actions', () => {
    const e = new PolicyEngine();
    e.applyDecision(dec({ account_id: 'a0', evidence: [] }), T0);
    e.applyDecision(dec({ account_id: 'a1', evidence: ev('x') }), T0);
    e.applyDecision(dec({ account_id: 'a2', evidence: ev('x', 'y') }), T0);
    // The same signal twice, or a zero-weight signal, does not count twice.
    e.applyDecision(dec({ account_id: 'a3', evidence: [...ev('x', 'x', 'y'), { signal: 'z', value: 1, weight: 0, detail: '' }] }), T0);
    expect(['a0', 'a1', 'a2', 'a3'].map((a) => e.check(a, T0).action)).toEqual(['monitor', 'throttle', 'challenge', 'challenge']);
  });
  it('never escalates above the proposed action unless configured', () => {
    const e = new PolicyEngine();
    e.applyDecision(dec({ account_id: 'p', action: 'monitor' }), T0);
    expect(e.check('p', T0).action).toBe('monitor');
    const g = new PolicyEngine({ capAtProposedAction: false });
    g.applyDecision(dec({ account_id: 'p', action: 'monitor' }), T0);
    expect(g.check('p', T0).action).toBe('suspend');
  });
  it('grades alone when no action is proposed', () => {
    const e = new PolicyEngine();
    e.applyDecision(dec({ account_id: 'p', action: null, score: 0.6 }), T0);
    expect(e.check('p', T0)).toMatchObject({ action: 'throttle', reason_code: 'detector' });
  });
});

describe('enterprise protection', () => {
  it('caps verified enterprise at challenge and flags for review', () => {
    const e = new PolicyEngine();
    const r = e.applyDecision(dec({ account_id: 'ent', tier: 'enterprise', verified: true }), T0);
    expect(r.decision).toMatchObject({ action: 'challenge', proposed_action: 'suspend', capped: true, needs_review: true });
    expect(e.check('ent', T0)).toMatchObject({ action: 'challenge', reason_code: 'enterprise_cap' });
    expect(e.getAccount('ent', T0).needs_review).toBe(true);
  });
  it('flags a protected throttle without capping it', () => {
    const e = new PolicyEngine();
    const r = e.applyDecision(dec({ account_id: 'ent', tier: 'enterprise', verified: true, score: 0.6 }), T0);
    expect(r.decision).toMatchObject({ action: 'throttle', capped: false, needs_review: true });
  });
  it('does not protect unverified enterprise', () => {
    const e = new PolicyEngine();
    e.applyDecision(dec({ account_id: 'ent', tier: 'enterprise', verified: false }), T0);
    expect(e.check('ent', T0).action).toBe('suspend');
  });
  it('an override can still suspend a protected account (humans decide)', () => {
    const e = new PolicyEngine();
    e.applyDecision(dec({ account_id: 'ent', tier: 'enterprise', verified: true }), T0);
    e.setOverride({ account_id: 'ent', action: 'suspend', reason: 'confirmed', actor: 'sre@x' }, T0);
    expect(e.check('ent', T0)).toMatchObject({ action: 'suspend', reason_code: 'override' });
  });
});

describe('allowlists', () => {
  it('by account, campaign and tier', () => {
    const e = new PolicyEngine({ allowlist: { accounts: ['vip'], campaigns: ['research'], tiers: ['education'] } });
    e.applyDecision(dec({ account_id: 'vip' }), T0);
    e.applyDecision(dec({ account_id: 'r1', campaign_id: 'research' }), T0);
    e.applyDecision(dec({ account_id: 'edu', tier: 'education' }), T0);
    e.applyDecision(dec({ account_id: 'other' }), T0);
    for (const a of ['vip', 'r1', 'edu']) expect(e.check(a, T0)).toMatchObject({ action: 'allow', reason_code: 'allowlist' });
    expect(e.check('other', T0).action).toBe('suspend');
    // Still recorded for review.
    expect(e.getAccount('vip', T0).history).toHaveLength(1);
  });
});

describe('shadow mode', () => {
  it('globally: recorded, visible, but ALLOW with reason shadow', () => {
    const e = new PolicyEngine({ shadow: { global: true } });
    e.applyDecision(dec({ decision_id: 'sh1' }), T0);
    expect(e.check('acct-1', T0)).toMatchObject({ action: 'allow', reason_code: 'shadow', decision_id: 'sh1' });
    expect(e.getAccount('acct-1', T0).history[0].action).toBe('suspend');
    expect(e.status(T0).shadow_mode).toBe(true);
  });
  it('per tier', () => {
    const e = new PolicyEngine({ shadow: { tiers: ['pro'] } });
    e.applyDecision(dec({ account_id: 'pro1', tier: 'pro' }), T0);
    e.applyDecision(dec({ account_id: 'free1', tier: 'free' }), T0);
    expect(e.check('pro1', T0).reason_code).toBe('shadow');
    expect(e.check('free1', T0).action).toBe('suspend');
  });
  it('overrides are enforced even in shadow mode', () => {
    const e = new PolicyEngine({ shadow: { global: true } });
    e.applyDecision(dec(), T0);
    e.setOverride({ account_id: 'acct-1', action: 'throttle', reason: 'r', actor: 'a' }, T0);
    expect(e.check('acct-1', T0).action).toBe('throttle');
  });
});

describe('TTL expiry', () => {
  it('automatic actions expire after their TTL', () => {
    const e = new PolicyEngine({ ttlMs: { throttle: HOUR } });
    e.applyDecision(dec({ score: 0.6, decision_id: 'x' }), T0);
    expect(e.check('acct-1', T0 + HOUR - 1)).toMatchObject({ action: 'throttle', expires_at_ms: T0 + HOUR });
    expect(e.check('acct-1', T0 + HOUR)).toMatchObject({ action: 'allow', reason_code: 'expired', decision_id: 'x' });
  });
  it('a new decision renews the action', () => {
    const e = new PolicyEngine({ ttlMs: { throttle: HOUR } });
    e.applyDecision(dec({ score: 0.6, event_ts: T0 }), T0);
    e.applyDecision(dec({ score: 0.6, event_ts: T0 + HOUR / 2 }), T0 + HOUR / 2);
    expect(e.check('acct-1', T0 + HOUR).action).toBe('throttle');
    expect(e.check('acct-1', T0 + HOUR + HOUR / 2).reason_code).toBe('expired');
  });
  it('expire() announces expiries once, as changes', () => {
    const e = new PolicyEngine({ ttlMs: { throttle: HOUR } });
    e.applyDecision(dec({ score: 0.6 }), T0);
    expect(e.expire(T0 + 1)).toHaveLength(0);
    const changes = e.expire(T0 + HOUR);
    expect(changes).toEqual([expect.objectContaining({ account_id: 'acct-1', action: 'allow', reason_code: 'expired' })]);
    expect(e.expire(T0 + 2 * HOUR)).toHaveLength(0);
  });
  it('an expiry plan that is never committed gives its accounts back to the next sweep', () => {
    const e = new PolicyEngine({ ttlMs: { throttle: HOUR } });
    e.applyDecision(dec({ score: 0.6 }), T0);
    const abandoned = e.planExpiry(T0 + HOUR);
    expect(abandoned.changes).toHaveLength(1);
    // e.g. the topic write failed: the plan is dropped, and the next sweep announces it.
    expect(e.expire(T0 + HOUR + 1).map((c) => c.account_id)).toEqual(['acct-1']);
  });
  it('a renewed action is announced once, at its new expiry, however often it was renewed', () => {
    const e = new PolicyEngine({ ttlMs: { throttle: HOUR } });
    for (let i = 0; i < 3000; i++) e.applyDecision(dec({ account_id: `r${i % 3}`, score: 0.6, event_ts: T0 + i }), T0 + i);
    expect(e.expire(T0 + HOUR + 2000)).toHaveLength(0);
    const changes = e.expire(T0 + 2 * HOUR);
    expect(changes.map((c) => c.account_id).sort()).toEqual(['r0', 'r1', 'r2']);
    expect(e.expire(T0 + 3 * HOUR)).toHaveLength(0);
  });
  it('overrides expire after their TTL, with an audit entry', () => {
    const e = new PolicyEngine();
    e.setOverride({ account_id: 'o', action: 'suspend', reason: 'r', actor: 'a', ttl_ms: HOUR }, T0);
    expect(e.check('o', T0 + HOUR - 1).action).toBe('suspend');
    expect(e.check('o', T0 + HOUR).action).toBe('allow');
    const changes = e.expire(T0 + HOUR);
    expect(changes).toEqual([expect.objectContaining({ account_id: 'o', action: 'allow' })]);
    expect(e.getAccount('o', T0 + HOUR).audit.map((a) => a.actor)).toEqual(['a', 'system']);
  });
  it('override ttl 0 means the default, and is bounded', () => {
    const e = new PolicyEngine({ overrides: { defaultTtlMs: HOUR, maxTtlMs: 2 * HOUR } });
    const o = e.setOverride({ account_id: 'o', action: 'suspend', reason: 'r', actor: 'a' }, T0);
    expect(o.expires_at_ms).toBe(T0 + HOUR);
    expect(() => e.setOverride({ account_id: 'o', action: 'suspend', reason: 'r', actor: 'a', ttl_ms: 3 * HOUR }, T0)).toThrow(/ttl_ms/);
  });
});

describe('overrides', () => {
  it('account override > campaign override > detector', () => {
    const e = new PolicyEngine();
    e.applyDecision(dec({ account_id: 'm1' }), T0);
    e.applyDecision(dec({ account_id: 'm2' }), T0);
    e.setOverride({ campaign_id: 'camp-1', action: 'monitor', reason: 'false positive', actor: 'tns' }, T0);
    expect(e.check('m1', T0)).toMatchObject({ action: 'monitor', reason_code: 'campaign_override' });
    e.setOverride({ account_id: 'm1', action: 'challenge', reason: 'still suspicious', actor: 'sre' }, T0);
    expect(e.check('m1', T0)).toMatchObject({ action: 'challenge', reason_code: 'override' });
    expect(e.check('m2', T0).action).toBe('monitor');
    // A newer detector decision does not beat an override.
    e.applyDecision(dec({ account_id: 'm2', event_ts: T0 + 1 }), T0 + 1);
    expect(e.check('m2', T0 + 1).action).toBe('monitor');
  });
  it('override wins over allowlist', () => {
    const e = new PolicyEngine({ allowlist: { accounts: ['vip'] } });
    e.setOverride({ account_id: 'vip', action: 'suspend', reason: 'r', actor: 'a' }, T0);
    expect(e.check('vip', T0).action).toBe('suspend');
  });
  it('clear restores the detector answer and is audited', () => {
    const e = new PolicyEngine();
    e.applyDecision(dec(), T0);
    e.setOverride({ account_id: 'acct-1', action: 'allow', reason: 'customer escalation', actor: 'alice' }, T0);
    expect(e.check('acct-1', T0).action).toBe('allow');
    expect(e.clearOverride({ account_id: 'acct-1', actor: 'bob', reason: 'done' }, T0 + 5)).toBe(true);
    expect(e.clearOverride({ account_id: 'acct-1', actor: 'bob' }, T0 + 6)).toBe(false);
    expect(e.check('acct-1', T0 + 5).action).toBe('suspend');
    const view = e.getAccount('acct-1', T0 + 5);
    expect(view.overrides).toHaveLength(0);
    expect(view.audit).toEqual([
      expect.objectContaining({ actor: 'alice', reason: 'customer escalation', at_ms: T0 }),
      expect.objectContaining({ actor: 'bob', reason: 'done', at_ms: T0 + 5 }),
    ]);
  });
  it('validates input, naming the field', () => {
    const e = new PolicyEngine();
    const bad: [object, RegExp][] = [
      [{ action: 'suspend', reason: 'r', actor: 'a' }, /^target/],
      [{ account_id: 'x', campaign_id: 'y', action: 'suspend', reason: 'r', actor: 'a' }, /^target/],
      [{ account_id: 'x', action: 'ban', reason: 'r', actor: 'a' }, /^action/],
      [{ account_id: 'x', action: 'suspend', reason: '', actor: 'a' }, /^reason/],
      [{ account_id: 'x', action: 'suspend', reason: 'r', actor: ' ' }, /^actor/],
      [{ account_id: 'x', action: 'suspend', reason: 'r', actor: 'a', ttl_ms: -1 }, /^ttl_ms/],
    ];
    for (const [input, re] of bad) expect(() => e.setOverride(input as never, T0)).toThrow(re);
    expect(() => e.clearOverride({ account_id: 'x', actor: '' }, T0)).toThrow(PolicyInputError);
  });
});

describe('decisions', () => {
  it('are idempotent by decision_id', () => {
    const e = new PolicyEngine();
    const d = dec();
    expect(e.applyDecision(d, T0).accepted).toBe(true);
    expect(e.applyDecision({ ...d, score: 0.1 }, T0).accepted).toBe(false);
    const plan = e.applyDecisions([dec({ decision_id: 'same' }), dec({ decision_id: 'same' }), d], T0);
    expect([plan.accepted, plan.duplicates]).toEqual([1, 2]);
    expect(e.getAccount('acct-1', T0).history).toHaveLength(2);
  });
  it('an older decision never replaces a newer one', () => {
    const e = new PolicyEngine();
    e.applyDecision(dec({ decision_id: 'new', event_ts: T0 + 10 }), T0);
    e.applyDecision(dec({ decision_id: 'old', event_ts: T0, score: 0.1 }), T0);
    expect(e.check('acct-1', T0).decision_id).toBe('new');
    expect(e.getAccount('acct-1', T0).history.map((h) => h.decision_id)).toEqual(['new', 'old']);
  });
  it('history is bounded', () => {
    const e = new PolicyEngine({ historyLimit: 3 });
    for (let i = 0; i < 5; i++) e.applyDecision(dec({ event_ts: T0 + i }), T0);
    expect(e.getAccount('acct-1', T0).history).toHaveLength(3);
  });
  it('rejects malformed decisions naming the field', () => {
    const e = new PolicyEngine();
    expect(() => e.applyDecisions([dec(), dec({ account_id: '' })], T0)).toThrow(/^decisions\[1\]\.account_id/);
    expect(() => e.applyDecisions([dec({ decision_id: '' })], T0)).toThrow(/decisions\[0\]\.decision_id/);
    expect(() => e.applyDecisions([dec({ score: NaN })], T0)).toThrow(/decisions\[0\]\.score/);
    expect(() => e.applyDecisions([dec({ action: 'ban' as never })], T0)).toThrow(/decisions\[0\]\.action/);
    expect(() => e.applyDecisions([dec({ evidence: [{ signal: '', value: 0, weight: 1, detail: '' }] })], T0)).toThrow(/evidence\[0\]\.signal/);
    // Nothing from a rejected batch is applied.
    expect(e.status(T0).accounts).toBe(0);
  });
});

describe('campaigns', () => {
  it('members, evidence, first/last seen, current actions', () => {
    const e = new PolicyEngine();
    e.applyDecision(dec({ account_id: 'b', event_ts: T0 + 50, evidence: ev('shared_template', 'card_reuse', 'creation_burst') }), T0);
    e.applyDecision(dec({ account_id: 'a', event_ts: T0, score: 0.6, evidence: ev('card_reuse') }), T0);
    e.applyDecision(dec({ account_id: 'z', campaign_id: 'camp-2', event_ts: T0 + 100 }), T0);
    const c = e.getCampaign('camp-1', T0)!;
    expect(c).toMatchObject({ members: ['a', 'b'], member_actions: ['throttle', 'suspend'], first_seen_ms: T0, last_seen_ms: T0 + 50, score: 0.95 });
    expect(c.evidence.map((x) => x.signal).sort()).toEqual(['card_reuse', 'creation_burst', 'shared_template']);
    expect(e.listCampaigns(10, T0).map((x) => x.campaign_id)).toEqual(['camp-2', 'camp-1']);
    expect(e.listCampaigns(1, T0)).toHaveLength(1);
    expect(e.getCampaign('nope', T0)).toBeNull();
  });
  it('an account leaving a campaign leaves its member list', () => {
    const e = new PolicyEngine();
    e.applyDecision(dec({ account_id: 'a', event_ts: T0 }), T0);
    e.applyDecision(dec({ account_id: 'a', campaign_id: 'camp-9', event_ts: T0 + 1 }), T0);
    expect(e.getCampaign('camp-1', T0)).toBeNull();
    expect(e.getCampaign('camp-9', T0)!.members).toEqual(['a']);
  });
});

describe('change log', () => {
  it('numbers every effective change and resumes from a sequence', () => {
    const e = new PolicyEngine();
    const seen: number[] = [];
    e.onChange((cs) => cs.forEach((c) => seen.push(c.sequence)));
    e.applyDecision(dec({ account_id: 'a' }), T0);
    e.applyDecision(dec({ account_id: 'b' }), T0);
    e.setOverride({ campaign_id: 'camp-1', action: 'monitor', reason: 'r', actor: 'x' }, T0);
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(e.changesSince(0, T0).map((c) => c.sequence)).toEqual([1, 2, 3, 4]);
    expect(e.changesSince(2, T0).map((c) => [c.account_id, c.action])).toEqual([['a', 'monitor'], ['b', 'monitor']]);
    expect(e.changesSince(4, T0)).toEqual([]);
  });
  it('a duplicate or no-op causes no change', () => {
    const e = new PolicyEngine();
    const d = dec();
    e.applyDecision(d, T0);
    expect(e.applyDecision(d, T0).change).toBeNull();
    expect(e.sequence).toBe(1);
  });
  it('gives a snapshot when the log no longer reaches back', () => {
    const e = new PolicyEngine({ changeLogLimit: 2 });
    for (let i = 0; i < 10; i++) e.applyDecision(dec({ account_id: `a${i % 4}`, event_ts: T0 + i, score: i % 2 ? 0.6 : 0.95 }), T0);
    const snap = e.changesSince(0, T0);
    expect(snap.map((c) => c.account_id).sort()).toEqual(['a0', 'a1', 'a2', 'a3']);
    for (const c of snap) expect(c.action).toBe(e.check(c.account_id, T0).action);
  });
});

describe('state records', () => {
  it('rebuild from records gives the same answers, audit and sequence', () => {
    const e = new PolicyEngine();
    const topic = new Map<string, string>();
    const persist = (recs: Iterable<{ key: string; value: unknown }>) => {
      for (const r of recs) topic.set(r.key, encodeValue(r.value as never));
    };
    const first = dec({ account_id: 'a' });
    const p1 = e.planDecisions([first, dec({ account_id: 'b', tier: 'enterprise', verified: true })], T0);
    persist(p1.records);
    e.commit(p1);
    const p2 = e.planSetOverride({ account_id: 'a', action: 'allow', reason: 'r', actor: 'x' }, T0);
    persist(p2.records);
    e.commit(p2);
    const p3 = e.planSetOverride({ campaign_id: 'camp-1', action: 'throttle', reason: 'r', actor: 'x' }, T0);
    persist(p3.records);
    e.commit(p3);

    const r = new PolicyEngine();
    for (const [k, v] of topic) r.loadRecord(k, decodeValue(v));
    for (const id of ['a', 'b', 'c']) expect(r.check(id, T0)).toEqual(e.check(id, T0));
    expect(r.getAccount('a', T0)).toEqual(e.getAccount('a', T0));
    expect(r.sequence).toBe(e.sequence);
    expect(r.status(T0)).toEqual(e.status(T0));
    // Idempotency survives the rebuild.
    expect(r.applyDecisions([first], T0).duplicates).toBe(1);
    // A resume from before the rebuild gets the current state of what changed.
    expect(r.changesSince(0, T0).map((c) => c.account_id).sort()).toEqual(['a', 'b']);
    expect(new Set([...e.records()].map((x) => x.key))).toEqual(new Set(topic.keys()));
  });
  it('a plan made on old state cannot be committed', () => {
    const e = new PolicyEngine();
    const p = e.planDecisions([dec()], T0);
    e.applyDecision(dec({ account_id: 'other' }), T0);
    expect(() => e.commit(p)).toThrow(StalePlanError);
  });
  it('planning does not change state', () => {
    const e = new PolicyEngine();
    e.planDecisions([dec()], T0);
    e.planSetOverride({ account_id: 'x', action: 'suspend', reason: 'r', actor: 'a' }, T0);
    expect(e.status(T0)).toMatchObject({ accounts: 0, overrides: 0, sequence: 0 });
  });
});
