import type { DetectorDecision } from '@lockstep/detection';
import { Outbox, toProtoDecision } from './decisions';

const d = (id: string, action: DetectorDecision['action'] = 'throttle'): DetectorDecision => ({
  decision_id: id, account_id: `acct-${id}`, action, score: 0.6, campaign_id: 'c1', event_ts: 123, summary: 's', tier: 'free', verified: false,
  evidence: [{ signal: 'card_reuse', value: 0.9, weight: 0.3, detail: '12 accounts share a card' }],
});

describe('toProtoDecision', () => {
  it('maps the action to the proto enum name and event_ts to event_ts_ms', () => {
    expect(toProtoDecision(d('x', 'suspend'))).toMatchObject({ decision_id: 'x', action: 'SUSPEND', event_ts_ms: 123, campaign_id: 'c1', evidence: [{ signal: 'card_reuse' }] });
  });
});

describe('Outbox', () => {
  it('keeps decisions until delivered and never delivers one twice', async () => {
    const o = new Outbox();
    o.push([d('1'), d('2')]);
    await expect(o.flush(async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(o.size).toBe(2);
    const sent: string[] = [];
    const deliver = async (ds: DetectorDecision[]) => {
      await new Promise((r) => setTimeout(r, 5));
      sent.push(...ds.map((x) => x.decision_id));
    };
    const a = o.flush(deliver);
    o.push([d('3')]);
    const b = o.flush(deliver);
    expect(await a).toBe(3);
    expect(await b).toBe(0);
    expect(sent).toEqual(['1', '2', '3']);
    expect(o.size).toBe(0);
  });
});
