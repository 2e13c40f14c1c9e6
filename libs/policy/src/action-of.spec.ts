import { PolicyEngine } from './engine';
import type { PolicyConfigInput } from './config';
import type { ActionName } from '@lockstep/contracts';

const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;
const ACTIONS: ActionName[] = ['allow', 'monitor', 'throttle', 'challenge', 'suspend'];

describe('actionOf', () => {
  it('answers check().action in every case of the precedence', () => {
    const configs: PolicyConfigInput[] = [
      {},
      { allowlist: { accounts: ['a1'], campaigns: ['c2'], tiers: ['pro'] } },
      { shadow: { global: true } },
      { shadow: { tiers: ['free'] } },
    ];
    let compared = 0;
    const seen = new Set<ActionName>();
    for (const config of configs) {
      const p = new PolicyEngine(config);
      let n = 0;
      for (let a = 0; a < 6; a++) {
        const id = `a${a}`;
        p.applyDecision(
          {
            decision_id: `d${n++}`,
            account_id: id,
            action: ACTIONS[a % 5],
            score: 0.2 + 0.15 * (a % 5),
            campaign_id: a % 5 === 0 ? '' : `c${a % 3}`,
            event_ts: T0,
            evidence: [1, 2, 3, 4].map((k) => ({ signal: `s${k}`, value: 1, weight: 0.5, detail: '' })),
            summary: '',
            tier: a % 2 === 0 ? 'free' : a === 3 ? 'enterprise' : 'pro',
            verified: a === 3,
          },
          T0,
        );
      }
      p.setOverride({ account_id: 'a4', action: 'monitor', reason: 'test', actor: 'me', ttl_ms: 2 * HOUR }, T0);
      p.setOverride({ campaign_id: 'c1', action: 'challenge', reason: 'test', actor: 'me', ttl_ms: 30 * HOUR }, T0);
      for (const id of ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'unknown']) {
        for (const t of [T0, T0 + HOUR, T0 + 3 * HOUR, T0 + 25 * HOUR, T0 + 100 * HOUR]) {
          const expected = p.check(id, t).action;
          expect(p.actionOf(id, t)).toBe(expected);
          seen.add(expected);
          compared++;
        }
      }
    }
    expect(compared).toBe(4 * 7 * 5);
    // The grid reaches allow and several enforced actions, so the comparison is not vacuous.
    expect(seen.size).toBeGreaterThanOrEqual(3);
  });
});
