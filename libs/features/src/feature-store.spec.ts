import type { UsageEvent } from '@lockstep/contracts';
import { FeatureStore } from './feature-store';
import { computeFeatures, computeTokens, sleepGapHours, toAccountFeatures, toFeatureView, viewOf } from './account-features';
import { AccountState, DAY_MS, HOUR_MS } from './account-state';
import { fnv1a32, ipPrefix, parseSimhash, popcount32, simhashBand } from './hashing';
import { parseToken, tokenKeyString } from './tokens';

const T0 = Date.UTC(2026, 5, 1);
let seq = 0;
function ev(o: Partial<UsageEvent> = {}): UsageEvent {
  seq++;
  return {
    event_id: `e${seq}`, ts: T0, account_id: 'a1', tier: 'pro', verified: false, account_created_ts: T0 - 100 * DAY_MS,
    ip: '10.0.0.1', asn: 64500, model: 'm', input_tokens: 100, output_tokens: 200, category: 'chat',
    prompt_simhash: (seq * 0x9e3779b1 >>> 0).toString(16).padStart(8, '0') + (seq * 0x85ebca6b >>> 0).toString(16).padStart(8, '0'),
    ...o,
  } as UsageEvent;
}
function state(events: Partial<UsageEvent>[]): AccountState {
  const s = new AccountState();
  for (const e of events) s.update(ev(e));
  return s;
}
const feats = (events: Partial<UsageEvent>[]) => computeFeatures(state(events));
const every = (n: number, stepMs: number, o: (i: number) => Partial<UsageEvent> = () => ({})) =>
  Array.from({ length: n }, (_, i) => ({ ts: T0 + i * stepMs, ...o(i) }));

describe('volume and shape', () => {
  it('rate_1h and rate_24h decay with event time', () => {
    const f = feats(every(10, 60_000));
    expect(f.rate_1h).toBeGreaterThan(9);
    expect(f.rate_24h).toBeGreaterThan(9.9);
    const later = feats([...every(10, 60_000), { ts: T0 + 10 * HOUR_MS }]);
    expect(later.rate_1h).toBeLessThan(1.1);
    expect(later.rate_24h).toBeGreaterThan(7);
  });
  it('burstiness is the share of gaps under 10 s', () => {
    expect(feats(every(20, 2_000)).burstiness).toBe(1);
    expect(feats(every(20, 60_000)).burstiness).toBe(0);
  });
  it('ia_regularity is high for metronomic traffic and low for irregular traffic', () => {
    const regular = feats(every(40, 60_000)).ia_regularity;
    const irregular = feats(Array.from({ length: 40 }, (_, i) => ({ ts: T0 + Math.round(Math.pow(1.35, i) * 1000) }))).ia_regularity;
    expect(regular).toBeGreaterThan(0.9);
    expect(irregular).toBeLessThan(regular);
    expect(feats(every(40, 60_000)).ia_log_mean).toBeCloseTo(Math.log10(60_000), 1);
  });
  it('a daytime-only account has a sleep gap and is human; a 24/7 account is not', () => {
    const day = feats(Array.from({ length: 70 }, (_, i) => ({ ts: T0 + Math.floor(i / 10) * DAY_MS + (9 + (i % 10)) * HOUR_MS })));
    expect(day.sleep_gap_hours).toBeGreaterThanOrEqual(12);
    expect(day.diurnal_humanness).toBe(1);
    expect(day.active_hours_share).toBeCloseTo(10 / 24, 2);
    const bot = feats(every(96, HOUR_MS / 2));
    expect(bot.sleep_gap_hours).toBe(0);
    expect(bot.diurnal_humanness).toBe(0);
    expect(bot.active_hours_share).toBe(1);
  });
  it('sleepGapHours wraps around midnight', () => {
    const hod = new Array(24).fill(0);
    for (let h = 6; h < 22; h++) hod[h] = 5;
    expect(sleepGapHours(hod)).toBe(8);
  });
});

describe('token economics', () => {
  it('out_in_ratio, output and input means', () => {
    const f = feats(every(5, 60_000, () => ({ input_tokens: 100, output_tokens: 600 })));
    expect(f.out_in_ratio).toBe(6);
    expect(f.out_tokens_mean).toBe(600);
    expect(f.in_tokens_mean).toBe(100);
  });
  it('max_tokens_used_share and max_tokens_mean ignore events without max_tokens', () => {
    const f = feats([{ ts: T0, output_tokens: 1000, max_tokens: 4000 }, { ts: T0 + 1000, output_tokens: 4000, max_tokens: 4000 }, { ts: T0 + 2000, max_tokens: null }]);
    expect(f.max_tokens_used_share).toBeCloseTo(0.625, 3);
    expect(f.max_tokens_mean).toBeCloseTo(4000, 0);
  });
});

describe('intent', () => {
  it('category mix sums to one', () => {
    const f = feats(every(4, 1000, (i) => ({ category: (['coding', 'coding', 'math', 'reasoning'] as const)[i] })));
    expect(f.cat_coding).toBeCloseTo(0.5, 3);
    expect(f.cat_math).toBeCloseTo(0.25, 3);
    expect(f.cat_chat).toBe(0);
  });
  it('cot_share and rubric_share', () => {
    const f = feats(every(4, 1000, (i) => ({ cot_request: i < 3, rubric_request: i === 0 })));
    expect(f.cot_share).toBeCloseTo(0.75, 3);
    expect(f.rubric_share).toBeCloseTo(0.25, 3);
  });
  it('template_reuse is high when templates repeat and low when each is fresh', () => {
    expect(feats(every(20, 1000, () => ({ template_hash: 't1' }))).template_reuse).toBeGreaterThan(0.9);
    expect(feats(every(20, 1000, (i) => ({ template_hash: `t${i}` }))).template_reuse).toBe(0);
    expect(feats(every(4, 1000)).template_null_share).toBe(1);
  });
  it('simhash_diversity is 0 for a repeated prompt and high for unrelated ones', () => {
    expect(feats(every(10, 1000, () => ({ prompt_simhash: '0123456789abcdef' }))).simhash_diversity).toBe(0);
    expect(feats(every(10, 1000)).simhash_diversity).toBeGreaterThan(0.3);
  });
});

describe('infrastructure', () => {
  it('ip24_churn counts events from a /24 not used recently; same /24 does not churn', () => {
    expect(feats(every(10, 1000, (i) => ({ ip: `10.${i}.0.1` }))).ip24_churn).toBe(1);
    expect(feats(every(10, 1000, (i) => ({ ip: `10.0.0.${i + 1}` }))).ip24_churn).toBe(0);
  });
  it('asn_churn and ua_churn', () => {
    const f = feats(every(10, 1000, (i) => ({ asn: 64500 + i, ua_hash: i % 2 ? 'ua1' : 'ua2' })));
    expect(f.asn_churn).toBe(1);
    expect(f.ua_churn).toBeCloseTo(1 / 9, 3);
  });
  it('ip_class mix, missing class counts as unknown', () => {
    const f = feats([{ ts: T0, ip_class: 'datacenter' }, { ts: T0 + 1, ip_class: 'residential' }, { ts: T0 + 2, ip_class: null }, { ts: T0 + 3, ip_class: 'datacenter' }]);
    expect(f.ipc_datacenter).toBeCloseTo(0.5, 3);
    expect(f.ipc_residential).toBeCloseTo(0.25, 3);
    expect(f.ipc_unknown).toBeCloseTo(0.25, 3);
  });
});

describe('the account itself', () => {
  it('age, tier, verified and org', () => {
    const f = feats([{ ts: T0, account_created_ts: T0 - 2 * DAY_MS, tier: 'enterprise', verified: true, org_id: 'org1' }, { ts: T0 + DAY_MS, account_created_ts: T0 - 2 * DAY_MS, tier: 'enterprise', verified: true, org_id: 'org1' }]);
    expect(f.age_at_first_seen_days).toBe(2);
    expect(f.account_age_days).toBe(3);
    expect(f.verified).toBe(1);
    expect(f.has_org).toBe(1);
    expect(f.tier_index).toBe(3);
  });
});

describe('shared tokens', () => {
  it('lists every kind: template, system, simhash bands, card, /24, ASN, UA and creation day', () => {
    const s = state([{ ts: T0, template_hash: 'tpl', system_hash: 'sys', payment_fp: 'card', ua_hash: 'ua', ip: '192.0.2.7', asn: 7 }]);
    const kinds = computeTokens(s).map((t) => t.split(':')[0]);
    for (const k of ['tmpl', 'sys', 'sim', 'pay', 'ip24', 'asn', 'ua', 'day']) expect(kinds).toContain(k);
    expect(computeTokens(s)).toContain(`ip24:${fnv1a32('192.0.2').toString(16).padStart(8, '0')}`);
  });
  it('near-duplicate simhashes share a band token, unrelated ones do not', () => {
    const a = state([{ prompt_simhash: 'ffff0000ffff0000' }]);
    const b = state([{ prompt_simhash: 'ffff0000ffff0001' }]);
    const c = state([{ prompt_simhash: '0123456789abcdef' }]);
    const sims = (s: AccountState) => computeTokens(s).filter((t) => t.startsWith('sim:'));
    expect(sims(a).filter((t) => sims(b).includes(t)).length).toBeGreaterThanOrEqual(2);
    expect(sims(a).filter((t) => sims(c).includes(t)).length).toBe(0);
  });
  it('template tokens are a bottom-k sketch: two accounts drawing from one pool overlap', () => {
    const pool = Array.from({ length: 20 }, (_, i) => `pool${i}`);
    const a = state(every(20, 1000, (i) => ({ template_hash: pool[i]! })));
    const b = state(every(20, 1000, (i) => ({ template_hash: pool[19 - i]! })));
    // Five extra templates of its own can displace at most five of the six shared minima.
    const c = state(every(25, 1000, (i) => ({ template_hash: i < 20 ? pool[i]! : `own${i}` })));
    const t = (s: AccountState) => computeTokens(s).filter((x) => x.startsWith('tmpl:')).sort();
    expect(t(a)).toHaveLength(6);
    expect(t(b)).toEqual(t(a));
    expect(t(a).filter((x) => t(c).includes(x)).length).toBeGreaterThanOrEqual(1);
  });
  it('token strings round-trip through parseToken', () => {
    const p = parseToken('pay:0000abcd')!;
    expect(p.kind).toBe('pay');
    expect(tokenKeyString(p.key)).toBe('pay:0000abcd');
    expect(parseToken('nope:1')).toBeNull();
  });
});

describe('hashing helpers', () => {
  it('ipPrefix, popcount, simhash bands', () => {
    expect(ipPrefix('203.0.113.9')).toBe('203.0.113');
    expect(ipPrefix('2001:db8:1:2::1')).toBe('2001:db8:1');
    expect(popcount32(0xffffffff)).toBe(32);
    const [hi, lo] = parseSimhash('00000001ffffffff');
    expect([hi, lo]).toEqual([1, 0xffffffff]);
    expect(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((b) => simhashBand(hi, lo, b))).size).toBe(10);
    // Three bits apart (in three different bands): the pair of the two untouched bands still matches.
    const [hi2, lo2] = parseSimhash('0000000000000000');
    const [hi3, lo3] = parseSimhash('0000000008004001'); // bits 0, 14, 27: bands 0, 1, 2
    const all10 = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const t1 = new Set(all10.map((b) => simhashBand(hi2, lo2, b)));
    expect(all10.some((b) => t1.has(simhashBand(hi3, lo3, b)))).toBe(true);
  });
});

describe('FeatureStore', () => {
  it('emits on every one of the first events, then at most once per interval', () => {
    const fs = new FeatureStore({ eagerEvents: 3, minEmitIntervalMs: 60_000 });
    const out = every(9, 10_000).map((e) => fs.ingest(ev(e)));
    // Eager for 3 events (0-20 s), then the next emission is due 60 s after the last one (80 s).
    expect(out.map((x) => x !== null)).toEqual([true, true, true, false, false, false, false, false, true]);
    expect(fs.stats()).toMatchObject({ events: 9, emitted: 4, suppressed: 5 });
  });
  it('evicts the least recently active account beyond maxAccounts and counts it', () => {
    const fs = new FeatureStore({ maxAccounts: 2 });
    for (const id of ['a', 'b', 'c']) fs.ingest(ev({ account_id: id }));
    expect(fs.size).toBe(2);
    expect(fs.snapshot('a')).toBeNull();
    expect(fs.stats().evictedCapacity).toBe(1);
  });
  it('keeps recency while its cache grows past the initial size, evicting only at maxAccounts', () => {
    const fs = new FeatureStore({ maxAccounts: 5000 });
    for (let i = 0; i < 4096; i++) fs.ingestDue(ev({ account_id: `a${i}` }));
    fs.ingestDue(ev({ account_id: 'a0' }));
    for (let i = 4096; i < 5001; i++) fs.ingestDue(ev({ account_id: `a${i}` }));
    expect(fs.size).toBe(5000);
    expect(fs.stats().evictedCapacity).toBe(1);
    expect(fs.snapshot('a1')).toBeNull();
    expect(fs.snapshot('a0')).not.toBeNull();
    expect(fs.snapshot('a2')).not.toBeNull();
  });
  it('drops accounts idle longer than the TTL in event time', () => {
    const fs = new FeatureStore({ idleTtlMs: HOUR_MS, sweepEvery: 1_000_000 });
    fs.ingest(ev({ account_id: 'old', ts: T0 }));
    fs.ingest(ev({ account_id: 'new', ts: T0 + 2 * HOUR_MS }));
    expect(fs.sweepIdle(T0 + 2 * HOUR_MS)).toBe(1);
    expect(fs.snapshot('old')).toBeNull();
    expect(fs.stats().evictedIdle).toBe(1);
  });
  it('the JSON value and the in-process view carry the same numbers', () => {
    const s = state(every(12, 30_000, (i) => ({ template_hash: `t${i % 3}`, payment_fp: 'card', cot_request: i % 2 === 0 })));
    const af = JSON.parse(JSON.stringify(toAccountFeatures('a1', s, T0)));
    const view = toFeatureView('a1', s, T0);
    const back = viewOf(af);
    expect(Array.from(back.values)).toEqual(Array.from(view.values));
    expect(back.tokenKeys).toEqual(view.tokenKeys);
    expect(af.schema).toBe('account.features.v1');
  });
});
