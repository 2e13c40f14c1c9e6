import type { UsageEvent } from '@lockstep/contracts';
import type { DetectorDecision } from '@lockstep/detection';
import { createPipeline, reasonsOf, type ActionChange } from './pipeline';
import { formatChange, replayEvents } from './replay';
import { evaluate, parseLabels } from './evaluate';

import { world } from '../scripts/world';

const T0 = Date.UTC(2026, 5, 1);

const run = async (events: UsageEvent[], clustering: 'sync' | 'worker' = 'sync') =>
  replayEvents(events.map((e) => JSON.stringify(e)), { clustering, maxFutureSkewMs: 7 * 86_400_000, detector: { reclusterEveryMs: 15 * 60_000 } });

describe('pipeline on a seeded world with hard cases', () => {
  const { events, labels } = world();
  let changes: ActionChange[];
  beforeAll(async () => {
    changes = (await run(events)).changes;
  });

  it('flags the farm and the careful ring', () => {
    const e = evaluate(changes, labels);
    const g = Object.fromEntries(e.groups.map((x) => [x.group, x]));
    expect(g.farm!.rate).toBeGreaterThanOrEqual(0.9);
    expect(g.careful_ring!.rate).toBeGreaterThanOrEqual(0.9);
  });

  it('does not flag agent users, students on one campus, benchmark researchers or enterprise seats', () => {
    const e = evaluate(changes, labels);
    for (const grp of ['agent_tool_user', 'student', 'researcher', 'enterprise_seat']) {
      expect({ grp, flagged: e.groups.find((x) => x.group === grp)!.flagged }).toEqual({ grp, flagged: 0 });
    }
  });

  it('new heads of the known farm are flagged within their first 10 events', () => {
    for (let a = 30; a < 40; a++) {
      const id = `farm_${a}`;
      const mine = events.filter((e) => e.account_id === id);
      const flag = changes.find((c) => c.account_id === id && ['throttle', 'challenge', 'suspend'].includes(c.action));
      expect(flag).toBeDefined();
      expect(mine.findIndex((e) => e.ts === flag!.event_ts)).toBeLessThan(10);
    }
  });

  it('emits changes in event-time order with the documented fields', () => {
    for (let i = 1; i < changes.length; i++) expect(changes[i]!.event_ts).toBeGreaterThanOrEqual(changes[i - 1]!.event_ts);
    expect(Object.keys(JSON.parse(formatChange(changes[0]!)))).toEqual(['account_id', 'action', 'event_ts', 'score', 'campaign_id', 'reasons']);
    expect(changes.find((c) => c.action !== 'allow')!.reasons.length).toBeGreaterThan(0);
  });

  it('is deterministic, and the worker thread gives byte-identical output', async () => {
    const again = (await run(events)).changes.map(formatChange).join('\n');
    expect(again).toBe(changes.map(formatChange).join('\n'));
    const worker = (await run(events, 'worker')).changes.map(formatChange).join('\n');
    expect(worker).toBe(again);
  }, 60_000);
});

describe('replay input handling and policy', () => {
  it('counts malformed lines by reason and carries on', async () => {
    const { events } = world(3);
    const lines = [...events.slice(0, 50).map((e) => JSON.stringify(e)), '{not json', '[1]', JSON.stringify({ ...events[0], tier: 'gold' }), ''];
    const r = await replayEvents(lines, { maxFutureSkewMs: 7 * 86_400_000 });
    expect(r.stats).toMatchObject({ lines: 53, valid: 50, malformed: 3, malformedByCode: { not_json: 1, not_object: 1, out_of_range: 1 } });
  });

  it('verified enterprise accounts inside a farm are challenged at most, never suspended', async () => {
    const { events } = world(5);
    const ent = new Set(['farm_0', 'farm_1', 'farm_2']);
    const mixed = events.map((e) => (ent.has(e.account_id) ? { ...e, tier: 'enterprise' as const, verified: true } : e));
    const r = await run(mixed);
    const mine = r.changes.filter((c) => ent.has(c.account_id));
    expect(mine.some((c) => c.action === 'challenge')).toBe(true);
    expect(mine.filter((c) => c.action === 'suspend')).toEqual([]);
    expect(mine.some((c) => c.reasons.includes('policy:enterprise_cap'))).toBe(true);
    expect(r.changes.some((c) => c.action === 'suspend')).toBe(true);
  });

  it('never suspends a verified enterprise account, whatever the detector says', () => {
    const p = createPipeline();
    const d = { decision_id: 'd1', account_id: 'ent1', action: 'suspend' as const, score: 0.99, campaign_id: 'c', event_ts: T0, evidence: [1, 2, 3].map((i) => ({ signal: `s${i}`, value: 1, weight: 1, detail: '' })), summary: '', tier: 'enterprise', verified: true };
    p.policy.applyDecision(d, T0);
    expect(p.actionOf('ent1', T0)).toBe('challenge');
  });
});

describe('evaluate', () => {
  it('computes precision, recall, FPR, per-group recall and time-to-flag', () => {
    const labels = 'account_id,label,group,tier,first_ts\na,campaign,farm,pro,0\nb,campaign,farm,pro,0\nc,benign,casual,free,0\nd,benign,casual,enterprise,0';
    const ch = (account_id: string, action: ActionChange['action'], event_ts: number): ActionChange => ({ account_id, action, event_ts, score: 1, campaign_id: 'x', reasons: [] });
    const e = evaluate([ch('a', 'monitor', 10), ch('a', 'throttle', 3_600_000), ch('c', 'suspend', 5), ch('d', 'suspend', 9)], labels, { verifiedOf: (id) => id === 'd' });
    expect(e).toMatchObject({ truePositives: 1, falsePositives: 2, falseNegatives: 1, precision: 1 / 3, recall: 0.5, benignFpr: 1, enterpriseVerifiedSuspended: 1, medianTimeToFlagMs: 3_600_000 });
    expect(e.groups.find((g) => g.group === 'farm')!.rate).toBe(0.5);
    expect(parseLabels(labels)).toHaveLength(4);
  });
});

describe('reasonsOf', () => {
  const decision = (detail: string): DetectorDecision => ({
    decision_id: 'd1', account_id: 'a1', action: 'challenge', score: 0.8, campaign_id: 'cmp_1', event_ts: 0, summary: '', tier: 'pro', verified: false,
    evidence: [
      { signal: 'reworded_intent', value: 0.6, weight: 3, detail: '' },
      { signal: 'membership', value: 1, weight: 0, detail },
    ],
  });
  it('names how the account was tied to its campaign, renewals included', () => {
    const last = (detail: string) => reasonsOf(decision(detail), 'detector').at(-1);
    expect(last('linked by clustering')).toBe('linked_by_clustering');
    expect(last('renewal; linked by clustering')).toBe('linked_by_clustering');
    expect(last('linked by clustering: shares near-duplicate prompts pairwise with 3 accounts, through them with the campaign')).toBe('linked_by_pairwise_prompts');
    expect(last('renewal; linked by clustering: shares near-duplicate prompts pairwise with 2 accounts, through them with the campaign')).toBe('linked_by_pairwise_prompts');
    expect(last('inherited: shares 2 campaign tokens (a, b)')).toBe('inherited_from_campaign');
    expect(last('renewal; inherited: shares 2 campaign tokens (a, b)')).toBe('inherited_from_campaign');
    expect(reasonsOf(decision('linked by clustering'), 'detector')[0]).toBe('reworded_intent=0.6');
  });
});
