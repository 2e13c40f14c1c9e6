import type { ActionName } from '@lockstep/contracts';
import { PolicyEngine } from './engine';
import type { EnforcementChange, PolicyDecisionInput } from './types';

const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;
const ACTIONS: ActionName[] = ['allow', 'monitor', 'throttle', 'challenge', 'suspend'];

/** A deterministic stream of decisions: repeats (duplicates), late ones, campaign moves, protected tiers. */
function decisions(): PolicyDecisionInput[] {
  const out: PolicyDecisionInput[] = [];
  let x = 7;
  const next = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 400; i++) {
    const a = Math.floor(next() * 6);
    const dup = i > 10 && next() < 0.1;
    out.push(
      dup
        ? out[Math.floor(next() * out.length)]!
        : {
            decision_id: `d${i}`,
            account_id: `a${a}`,
            action: ACTIONS[Math.floor(next() * 5)],
            score: next(),
            campaign_id: next() < 0.2 ? '' : `c${Math.floor(next() * 3)}`,
            event_ts: T0 + (i - (next() < 0.1 ? 30 : 0)) * HOUR,
            evidence: [1, 2, 3].slice(0, 1 + Math.floor(next() * 3)).map((k) => ({ signal: `s${k}`, value: k, weight: next(), detail: '' })),
            summary: `s${i}`,
            tier: a === 3 ? 'enterprise' : 'free',
            verified: a === 3,
          },
    );
  }
  return out;
}

describe('applyDecision', () => {
  it('leaves the same state, changes and sequence as committing a one-decision plan', () => {
    const fast = new PolicyEngine({ historyLimit: 5 });
    const plan = new PolicyEngine({ historyLimit: 5 });
    const seenFast: EnforcementChange[][] = [];
    const seenPlan: EnforcementChange[][] = [];
    fast.onChange((c) => seenFast.push([...c]));
    plan.onChange((c) => seenPlan.push([...c]));
    let accepted = 0;
    decisions().forEach((d, i) => {
      const now = T0 + i * HOUR;
      if (i === 50) for (const e of [fast, plan]) e.setOverride({ campaign_id: 'c1', action: 'monitor', reason: 'r', actor: 'me', ttl_ms: 40 * HOUR }, now);
      const staleFast = fast.planExpiry(now);
      const stalePlan = plan.planExpiry(now);
      const r = fast.applyDecision(d, now);
      const p = plan.applyDecisions([d], now);
      // Any plan drafted before a commit is stale afterwards, on either path.
      expect(() => fast.commit(staleFast)).toThrow();
      expect(() => plan.commit(stalePlan)).toThrow();
      expect(r.accepted).toBe(p.accepted === 1);
      expect(r.change).toEqual(p.changes[0] ?? null);
      if (r.accepted) accepted++;
      // A late decision beyond the history limit is accepted but not kept: null on both paths.
      const kept = p.accepted === 1 ? (p.accounts.get(d.account_id)?.history.find((h) => h.decision_id === d.decision_id) ?? null) : null;
      expect(r.decision).toEqual(kept);
      expect(fast.sequence).toBe(plan.sequence);
    });
    expect(accepted).toBeGreaterThan(300);
    expect(accepted).toBeLessThan(400);
    expect([...fast.records()]).toEqual([...plan.records()]);
    expect(fast.changesSince(0, T0)).toEqual(plan.changesSince(0, T0));
    expect(seenFast).toEqual(seenPlan);
    expect(seenFast.length).toBeGreaterThan(20);
    const later = T0 + 500 * HOUR;
    expect(fast.expire(later)).toEqual(plan.expire(later));
  });
});
