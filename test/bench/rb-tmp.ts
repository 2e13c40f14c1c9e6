import { PolicyEngine, decodeValue, encodeValue } from '@lockstep/policy';
const N = Number(process.argv[2] ?? 300000);
const now = Date.now();
const bufs: Buffer[] = [];
for (let i = 0; i < N; i++) {
  const d = { decision_id: `rb-d-${i}`, account_id: `rb-${i}`, action: 'suspend', proposed_action: 'suspend', score: 0.91, campaign_id: `rb-camp-${i % 2000}`, event_ts_ms: now, evidence: [{ signal: 'shared_template', value: 12, weight: 0.5, detail: '12 accounts share a template' }, { signal: 'card_reuse', value: 4, weight: 0.3, detail: '4 accounts share a card' }], summary: 'farm', tier: 'free', verified: false, capped: false, needs_review: false, applied_at_ms: now, expires_at_ms: now + 86400000 };
  bufs.push(Buffer.from(encodeValue({ type: 'account', account_id: `rb-${i}`, tier: 'free', verified: false, campaign_id: d.campaign_id, current: d as any, history: [d as any], expiry_announced: false, seq: i + 1 })));
}
let t = Date.now();
for (const b of bufs) JSON.parse(b.toString('utf8'));
console.log('parse only', Date.now() - t, 'ms');
const e = new PolicyEngine();
t = Date.now();
for (let i = 0; i < N; i++) e.loadRecord(`account/rb-${i}`, decodeValue(bufs[i]));
console.log('decode+load', Date.now() - t, 'ms', e.accountCount, Math.round(process.memoryUsage().heapUsed / 1e6), 'MB');
