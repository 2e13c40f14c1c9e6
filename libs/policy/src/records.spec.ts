import { PolicyEngine } from './engine';
import { decodeValue, encodeValue } from './records';
import type { AccountState, EnforcementChange, PolicyDecisionInput, StoredDecision } from './types';

const T0 = 1_700_000_000_000;

function stored(id: string, ts: number, over: Partial<StoredDecision> = {}): StoredDecision {
  return {
    decision_id: id,
    account_id: 'acct-9',
    action: 'challenge',
    proposed_action: 'suspend',
    score: 0.8125,
    campaign_id: 'camp-9',
    event_ts_ms: ts,
    evidence: [
      { signal: 'shared_template', value: 12, weight: 0.5, detail: '12 accounts share "tpl"\n' },
      { signal: 'card_reuse', value: 4.5, weight: 0.25, detail: '' },
    ],
    summary: 'farm ü',
    tier: 'enterprise',
    verified: true,
    capped: true,
    needs_review: true,
    applied_at_ms: T0,
    expires_at_ms: T0 + 86_400_000,
    ...over,
  };
}

function account(history: StoredDecision[], current: StoredDecision | null): AccountState {
  return { type: 'account', account_id: 'acct-9', tier: 'enterprise', verified: true, campaign_id: 'camp-9', current, history, expiry_announced: true, seq: 42 };
}

describe('enforcement record encoding', () => {
  it('round-trips an account in the compact form, holding the current decision once', () => {
    const h = [stored('d1', T0 - 2), stored('d2', T0 - 1, { action: 'allow', expires_at_ms: 0, evidence: [], verified: false, capped: false, needs_review: false })];
    const a = account(h, h[0]);
    const text = encodeValue(a);
    expect(text.startsWith('[2,"a",')).toBe(true);
    expect(text.split('"d1"').length - 1).toBe(1);
    const back = decodeValue(text) as AccountState;
    expect(back).toEqual(a);
    expect(back.current).toBe(back.history[0]);
    // Buffers (as read from Kafka) decode the same way.
    expect(decodeValue(Buffer.from(text, 'utf8'))).toEqual(a);
  });

  it('keeps a current decision that is not in the history, and no current at all', () => {
    const outside = stored('d0', T0 - 5);
    expect(decodeValue(encodeValue(account([stored('d1', T0)], outside)))).toEqual(account([stored('d1', T0)], outside));
    // A copy of a history entry (not the same object) is matched by decision_id.
    const h = [stored('d1', T0)];
    const copy = decodeValue(encodeValue(account(h, { ...h[0] }))) as AccountState;
    expect(copy.current).toBe(copy.history[0]);
    expect(decodeValue(encodeValue(account([], null)))).toEqual(account([], null));
  });

  it('reads the object form written before version 2', () => {
    const h = [stored('d1', T0)];
    const legacy = JSON.stringify(account(h, h[0]));
    expect(decodeValue(Buffer.from(legacy))).toEqual(account(h, h[0]));
    const override = { type: 'override', kind: 'campaign', target_id: 'c', active: null, audit: [{ at_ms: 1, actor: 'a', what: 'w', reason: 'r' }], seq: 3 };
    expect(decodeValue(JSON.stringify(override))).toEqual(override);
    expect(encodeValue(override as never)).toBe(JSON.stringify(override));
  });

  it('refuses what it cannot read', () => {
    expect(() => decodeValue('[3,"a"]')).toThrow(/version 3/);
    expect(() => decodeValue('{"type":"other"}')).toThrow(/not a policy state record/);
  });

  it('an engine rebuilt from legacy and compact records of the same state answers the same', () => {
    const e = new PolicyEngine();
    const decisions: PolicyDecisionInput[] = [1, 2, 3].map((i) => ({
      decision_id: `x${i}`,
      account_id: `acc-${i % 2}`,
      action: 'suspend',
      score: 0.95,
      campaign_id: 'camp',
      event_ts: T0 + i,
      evidence: [{ signal: 's1', value: 1, weight: 1, detail: '' }, { signal: 's2', value: 1, weight: 1, detail: '' }, { signal: 's3', value: 1, weight: 1, detail: '' }],
      tier: 'free',
    }));
    e.applyDecisions(decisions, T0);
    const compact = new PolicyEngine();
    const legacy = new PolicyEngine();
    for (const r of e.records()) {
      compact.loadRecord(r.key, decodeValue(encodeValue(r.value)));
      legacy.loadRecord(r.key, decodeValue(JSON.stringify(r.value)));
    }
    for (const id of ['acc-0', 'acc-1', 'nobody']) {
      expect(compact.getAccount(id, T0)).toEqual(e.getAccount(id, T0));
      expect(legacy.getAccount(id, T0)).toEqual(e.getAccount(id, T0));
    }
    expect(compact.applyDecisions(decisions, T0).duplicates).toBe(3);
  });
});

describe('read replicas', () => {
  it('a replica fed the writer\'s commits answers, sequences and streams like the writer', () => {
    const writer = new PolicyEngine();
    const replica = new PolicyEngine();
    const streamed: EnforcementChange[] = [];
    replica.onChange((c) => streamed.push(...c));
    const feed = (plan: ReturnType<PolicyEngine['planDecisions']>) => {
      writer.commit(plan);
      // What crosses the process boundary is plain JSON.
      const wire = JSON.parse(JSON.stringify({ records: plan.records, changes: plan.changes }));
      replica.applyReplicated(wire.records, wire.changes);
    };
    const d = (id: string, account: string): PolicyDecisionInput => ({
      decision_id: id,
      account_id: account,
      action: 'suspend',
      score: 0.95,
      campaign_id: 'camp-r',
      event_ts: T0,
      evidence: [{ signal: 's1', value: 1, weight: 1, detail: '' }, { signal: 's2', value: 1, weight: 1, detail: '' }, { signal: 's3', value: 1, weight: 1, detail: '' }],
      tier: 'free',
    });
    feed(writer.planDecisions([d('r1', 'a'), d('r2', 'b')], T0));
    feed(writer.planSetOverride({ campaign_id: 'camp-r', action: 'throttle', reason: 'r', actor: 'x' }, T0));
    feed(writer.planDecisions([d('r1', 'a')], T0));
    for (const id of ['a', 'b', 'c']) expect(replica.check(id, T0)).toEqual(writer.check(id, T0));
    expect(replica.sequence).toBe(writer.sequence);
    expect(streamed).toEqual(writer.changesSince(0, T0));
    expect(replica.changesSince(1, T0)).toEqual(writer.changesSince(1, T0));
    // A commit the replica already holds (read back from the topic) is not announced again.
    const before = streamed.length;
    const again = writer.planSetOverride({ account_id: 'a', action: 'allow', reason: 'r', actor: 'x' }, T0);
    writer.commit(again);
    const wire = JSON.parse(JSON.stringify({ records: again.records, changes: again.changes }));
    for (const r of wire.records) replica.loadRecord(r.key, r.value);
    expect(replica.applyReplicated(wire.records, wire.changes)).toEqual([]);
    expect(streamed.length).toBe(before);
    expect(replica.check('a', T0)).toEqual(writer.check('a', T0));
  });
});
