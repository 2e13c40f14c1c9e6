import { PolicyEngine } from './engine';
import type { PolicyDecisionInput, PolicyEvidence } from './types';

const T0 = 1_700_000_000_000;

function decision(i: number, account: string, evidence: PolicyEvidence[]): PolicyDecisionInput {
  return { decision_id: `d${i}`, account_id: account, action: 'suspend', score: 0.95, campaign_id: 'c1', event_ts: T0 + i, evidence, summary: '', tier: 'free', verified: false };
}

const campaign = (): PolicyEvidence[] => [
  { signal: 'size', value: 0.9, weight: 0.9, detail: '12 linked accounts' },
  { signal: 'young_accounts', value: 1, weight: 2.5, detail: 'young' },
  { signal: 'card_reuse', value: 0.5, weight: 1, detail: 'cards' },
];

describe('stored evidence', () => {
  it('stores what was sent, normalized, whatever the previous decision carried', () => {
    const p = new PolicyEngine({});
    const sent: PolicyEvidence[][] = [
      [...campaign(), { signal: 'membership', value: 1, weight: 0, detail: 'linked' }],
      [...campaign(), { signal: 'membership', value: 0.5, weight: 0, detail: 'renewal; linked' }],
      // Same signals, other values: nothing of the previous decision's may leak into this one.
      [{ signal: 'size', value: 0.8, weight: 0.8, detail: '9 linked accounts' }, { signal: 'young_accounts', value: -0, weight: -0, detail: 'young' }],
      [{ signal: 'size', value: NaN, weight: 0.8, detail: undefined as unknown as string }, { signal: 'young_accounts', value: 0, weight: 0, detail: 'young' }],
    ];
    sent.forEach((evidence, i) => {
      const r = p.applyDecision(decision(i, `a${i}`, evidence), T0 + i);
      const stored = r.decision!.evidence;
      expect(stored).toEqual(evidence.map((e) => ({ signal: e.signal, value: Number.isFinite(e.value) ? e.value : 0, weight: e.weight, detail: e.detail ?? '' })));
      stored.forEach((e, j) => {
        expect(Object.is(e.value, Number.isFinite(evidence[j]!.value) ? evidence[j]!.value : 0)).toBe(true);
        expect(Object.is(e.weight, evidence[j]!.weight)).toBe(true);
        // Copies: the caller's objects are never kept.
        expect(e).not.toBe(evidence[j]);
      });
    });
  });

  it('shares items equal to the previous decision item for item, and copies the rest', () => {
    const p = new PolicyEngine({});
    const first = p.applyDecision(decision(1, 'a1', [...campaign(), { signal: 'membership', value: 1, weight: 0, detail: 'x' }]), T0).decision!.evidence;
    const second = p.applyDecision(decision(2, 'a2', [...campaign(), { signal: 'membership', value: 0.7, weight: 0, detail: 'x' }]), T0).decision!.evidence;
    expect(second.slice(0, 3).every((e, j) => e === first[j])).toBe(true);
    expect(second[3]).not.toBe(first[3]);
    expect(second[3]).toEqual({ signal: 'membership', value: 0.7, weight: 0, detail: 'x' });
    // Mutating what was sent afterwards changes nothing stored.
    const sent = campaign();
    const third = p.applyDecision(decision(3, 'a3', sent), T0).decision!.evidence;
    sent[0]!.value = 0.1;
    expect(third[0]!.value).toBe(0.9);
    expect(p.getAccount('a1', T0).history[0]!.evidence[0]!.value).toBe(0.9);
  });
});
