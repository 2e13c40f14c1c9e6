import type { UsageEvent } from '@lockstep/contracts';
import { computeFeatures, computeTokenKeys, computeTokens, SIM_TOKENS_MIN_SHARE } from './account-features';
import { AccountState, CHANCE_MULTIPLE, DAY_MS, F, HOUR_MS, U } from './account-state';
import { simhashBandsInto, SIMHASH_BANDS } from './hashing';
import { FeatureStore } from './feature-store';
import { SharedValueFilter } from './shared-values';

const T0 = Date.UTC(2026, 5, 1);
let seq = 0;
function ev(o: Partial<UsageEvent> = {}): UsageEvent {
  seq++;
  return {
    event_id: `s${seq}`, ts: T0, account_id: 'a1', tier: 'pro', verified: false, account_created_ts: T0 - 100 * DAY_MS,
    ip: '10.0.0.1', asn: 64500, model: 'm', input_tokens: 100, output_tokens: 200, category: 'chat',
    prompt_simhash: uniqueSimhash(),
    ...o,
  } as UsageEvent;
}
function uniqueSimhash(): string {
  seq++;
  return ((seq * 0x9e3779b1) >>> 0).toString(16).padStart(8, '0') + ((seq * 0x85ebca6b) >>> 0).toString(16).padStart(8, '0');
}
/** The simhash `base` with bit `bit` (0..63) flipped. */
function flip(base: string, bit: number): string {
  const v = BigInt('0x' + base) ^ (1n << BigInt(bit));
  return v.toString(16).padStart(16, '0');
}
const POOL = ['0123456789abcdef', 'fedcba9876543210', '0f1e2d3c4b5a6978', '8796a5b4c3d2e1f0'];

/**
 * 100 events of one account, one in `every` a pool prompt another account sent just before, the rest
 * unique: a shared share of about 1/every.
 */
function sharingEvery(every: number, events = 100): { account: AccountState; shared: SharedValueFilter } {
  const shared = new SharedValueFilter(16);
  const other = new AccountState();
  other.owner = 5;
  const account = new AccountState();
  account.owner = 6;
  for (let i = 0; i < events; i++) {
    const ts = T0 + i * 60_000;
    if (i % every === 0) {
      other.update(ev({ ts, prompt_simhash: POOL[(i / every) % 4] }), shared);
      account.update(ev({ ts: ts + 1, prompt_simhash: POOL[(i / every) % 4] }), shared);
    } else account.update(ev({ ts: ts + 1 }), shared);
  }
  return { account, shared };
}

describe('SharedValueFilter', () => {
  it('estimates the share of unrelated prompts it would mark shared by chance', () => {
    const f = new SharedValueFilter(20);
    expect(f.chanceShare).toBe(0);
    let x = 0x12345678;
    const rnd = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0);
    const tokens = new Uint32Array(SIMHASH_BANDS);
    // 150,000 accounts' unique prompts (1.5M band tokens) into 2^20 slots: the table is full.
    for (let i = 0; i < 150_000; i++) {
      f.advance(T0);
      simhashBandsInto(rnd(), rnd(), tokens, 0);
      for (const v of tokens) f.touch(v, 1 + (i % 1000));
    }
    const estimate = f.chanceShare;
    // What actually happens to fresh prompts now (their own inserts barely change a full table).
    let marked = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      simhashBandsInto(rnd(), rnd(), tokens, 0);
      let hit = false;
      for (const v of tokens) if (f.touch(v, 5000 + i)) hit = true;
      if (hit) marked++;
    }
    expect(marked / n).toBeGreaterThan(0.005);
    expect(Math.abs(estimate - marked / n)).toBeLessThan(0.4 * (marked / n));
  });
  it('marks a value shared only once a second account sends it, and keeps it shared', () => {
    const f = new SharedValueFilter(8);
    expect(f.touch(42, 7)).toBe(false);
    expect(f.touch(42, 7)).toBe(false); // the same account repeating itself shares nothing
    expect(f.touch(42, 9)).toBe(true);
    expect(f.touch(42, 7)).toBe(true);
    expect(f.touch(42, 7)).toBe(true); // still shared after the other account stops
    expect(f.bytes).toBe(2 * 4 * 256);
  });
  it('forgets a value whose slot a later value took (the horizon is the table size)', () => {
    const f = new SharedValueFilter(4);
    f.touch(42, 7);
    for (let v = 1000; v < 1400; v++) f.touch(v, 3);
    expect(f.touch(42, 9)).toBe(false);
  });
  it('rejects table sizes out of range', () => {
    expect(() => new SharedValueFilter(40)).toThrow(RangeError);
    expect(() => new SharedValueFilter({ bits: 10, maxBits: 8 })).toThrow(RangeError);
    expect(() => new SharedValueFilter({ bits: 10, horizonMs: 0 })).toThrow(RangeError);
  });
  it('grows while it takes more new values within the horizon than it has slots, forgetting nothing', () => {
    const f = new SharedValueFilter({ bits: 6, maxBits: 9, horizonMs: 12 * HOUR_MS });
    f.advance(T0);
    const values = Array.from({ length: 64 }, (_, i) => 1000 + i);
    for (const v of values) f.touch(v, 3);
    expect(f.bits).toBe(6); // 64 new values fit 64 slots (some evicted each other by chance)
    // Which of them the table still holds, asked through a second filter fed the same way.
    const probe = new SharedValueFilter({ bits: 6 });
    for (const v of values) probe.touch(v, 3);
    const held = values.filter((v) => probe.touch(v, 4));
    f.touch(5000, 3); // the 65th: the table doubles
    expect(f.bits).toBe(7);
    expect(f.bytes).toBe(2 * 4 * 128);
    // Everything held before is still held, bar the one slot the 65th value may have taken.
    expect(held.filter((v) => f.touch(v, 4)).length).toBeGreaterThanOrEqual(held.length - 1);
    // It stops at maxBits: a fixed table from then on.
    for (let v = 10_000; v < 14_000; v++) f.touch(v, 3);
    expect(f.bits).toBe(9);
  });
  it('does not grow when the same volume is spread wider than the horizon', () => {
    const f = new SharedValueFilter({ bits: 6, maxBits: 9, horizonMs: 12 * HOUR_MS });
    // 20 new values an hour for 48 h: never more than 12 x 20 = 240 within 12 h, as the hours that
    // leave the horizon take their counts with them. 240 outgrows 64 and 128 slots, not 256.
    for (let h = 0; h < 48; h++) {
      f.advance(T0 + h * HOUR_MS);
      for (let i = 0; i < 20; i++) f.touch(10_000 + h * 100 + i, 3);
    }
    expect(f.bits).toBe(8);
    const g = new SharedValueFilter({ bits: 6, maxBits: 9, horizonMs: HOUR_MS });
    for (let h = 0; h < 48; h++) {
      g.advance(T0 + h * HOUR_MS);
      for (let i = 0; i < 20; i++) g.touch(10_000 + h * 100 + i, 3);
    }
    expect(g.bits).toBe(6); // an hour's 20 values always fit 64 slots
  });
});

describe('sketches keep what the account shares', () => {
  it('with a filter, unique prompts never enter the template or prompt sketches', () => {
    const shared = new SharedValueFilter(16);
    const s = new AccountState();
    s.owner = 11;
    for (let i = 0; i < 50; i++) s.update(ev({ ts: T0 + i * 60_000, template_hash: `own-${i}` }), shared);
    expect(computeTokens(s).filter((t) => t.startsWith('tmpl:') || t.startsWith('sim:'))).toEqual([]);
  });
  it('a pool shared with another account shows in the sketches however much unique traffic surrounds it', () => {
    const shared = new SharedValueFilter(16);
    const other = new AccountState();
    other.owner = 22;
    const mixed = new AccountState();
    mixed.owner = 33;
    for (let i = 0; i < 40; i++) other.update(ev({ ts: T0 + i * 60_000, template_hash: `pool-${i % 4}`, prompt_simhash: POOL[i % 4] }), shared);
    for (let i = 0; i < 400; i++) {
      const ts = T0 + i * 30_000;
      if (i % 5 === 0) mixed.update(ev({ ts, template_hash: `pool-${i % 4}`, prompt_simhash: POOL[i % 4] }), shared);
      else mixed.update(ev({ ts, template_hash: null }), shared);
    }
    const tokens = computeTokens(mixed);
    expect(tokens.filter((t) => t.startsWith('tmpl:'))).toHaveLength(4);
    expect(tokens.filter((t) => t.startsWith('sim:')).length).toBeGreaterThanOrEqual(8);
    // Without the filter the unique prompts crowd the pool out of the sketch.
    const plain = new AccountState();
    for (let i = 0; i < 400; i++) plain.update(ev({ ts: T0 + i * 30_000, ...(i % 5 === 0 ? { template_hash: `pool-${i % 4}`, prompt_simhash: POOL[i % 4] } : { template_hash: `u${i}` }) }));
    const pool = new Set(computeTokens(mixed).filter((t) => t.startsWith('tmpl:')));
    expect(computeTokens(plain).filter((t) => pool.has(t)).length).toBeLessThan(2);
  });
});

describe('shared-stream features', () => {
  function pair(events: (i: number, who: number) => Partial<UsageEvent>, n: number, stepMs: number) {
    const shared = new SharedValueFilter(16);
    const a = new AccountState();
    a.owner = 1;
    const b = new AccountState();
    b.owner = 2;
    for (let i = 0; i < n; i++) {
      a.update(ev({ ts: T0 + i * stepMs, ...events(i, 0) }), shared);
      b.update(ev({ ts: T0 + i * stepMs + 1000, ...events(i, 1) }), shared);
    }
    return computeFeatures(b);
  }
  it('reworded pool prompts (fresh template, near-duplicate simhash) count as reworded, not identical', () => {
    const f = pair((i, who) => ({ template_hash: `fresh-${i}-${who}`, prompt_simhash: flip(POOL[i % 4]!, (i * 7 + who * 31) % 64) }), 80, 20 * 60_000);
    expect(f.shared_intent_share).toBeGreaterThan(0.5);
    expect(f.shared_reworded_share).toBeGreaterThan(0.5);
    expect(f.shared_identical_share).toBeLessThan(0.1);
  });
  it('a variant of the account\'s own previous prompt is not rewording, even when others sent it too', () => {
    // Each item four times in a row, each time a bit off (a suite whose items share one format, a
    // user retrying with small edits): only the first of each run can be rewording another's prompt.
    const f = pair((i, who) => ({ template_hash: `fresh-${i}-${who}`, prompt_simhash: flip(POOL[(i >> 2) % 4]!, (i * 7 + who * 31) % 64) }), 80, 20 * 60_000);
    expect(f.shared_intent_share).toBeGreaterThan(0.5);
    expect(f.shared_reworded_share).toBeGreaterThan(0);
    expect(f.shared_reworded_share).toBeLessThan(0.3);
  });
  it('identical public items behind one harness template are identical, not reworded', () => {
    const f = pair((i) => ({ template_hash: 'harness', prompt_simhash: POOL[i % 4] }), 80, 3000);
    expect(f.shared_intent_share).toBeGreaterThan(0.9);
    expect(f.shared_identical_share).toBeGreaterThan(0.9);
    expect(f.shared_reworded_share).toBe(0);
  });
  it('near-duplicates of pasted text (no template) are shared, but not reworded: a class paraphrasing its homework', () => {
    const f = pair((i, who) => ({ template_hash: null, prompt_simhash: flip(POOL[i % 4]!, (i * 7 + who * 31) % 64) }), 80, 20 * 60_000);
    expect(f.shared_intent_share).toBeGreaterThan(0.5);
    expect(f.shared_reworded_share).toBe(0);
  });
  it('the shared stream has its own token economics, apart from the rest of the account', () => {
    const f = pair((i) => (i % 2 === 0
      ? { template_hash: `pool-${i % 3}`, prompt_simhash: POOL[i % 3], input_tokens: 500, output_tokens: 1500, max_tokens: 8192, cot_request: true }
      : { template_hash: null, input_tokens: 600, output_tokens: 300, max_tokens: 1024 }), 60, 10 * 60_000);
    expect(f.shared_intent_share).toBeGreaterThan(0.4);
    expect(f.shared_intent_share).toBeLessThan(0.6);
    expect(f.shared_out_in_ratio).toBeCloseTo(3, 1);
    expect(f.shared_max_tokens_mean).toBeCloseTo(8192, 0);
    expect(f.shared_cot_share).toBeCloseTo(1, 3);
    expect(f.out_in_ratio).toBeLessThan(2);
  });
  it('shared_hours_share: a pool worked round the clock covers every 3-hour bucket; working-hours runs do not', () => {
    const clock = pair((i) => ({ template_hash: `pool-${i % 4}`, prompt_simhash: POOL[i % 4] }), 96, HOUR_MS / 2);
    expect(clock.shared_hours_share).toBe(1);
    const office = pair((i) => ({ ts: T0 + Math.floor(i / 20) * DAY_MS + 9 * HOUR_MS + (i % 20) * 5 * 60_000, template_hash: `pool-${i % 4}`, prompt_simhash: POOL[i % 4] }), 60, 0);
    expect(office.shared_hours_share).toBeLessThanOrEqual(0.25);
  });
  it('prompt tokens are published only when a real share of the traffic is near-duplicate of others', () => {
    const shared = new SharedValueFilter(16);
    const other = new AccountState();
    other.owner = 5;
    const loner = new AccountState();
    loner.owner = 6;
    other.update(ev({ ts: T0, prompt_simhash: POOL[0] }), shared);
    // One coincidental match among 100 unique prompts: its token stays unpublished.
    loner.update(ev({ ts: T0 + 1000, prompt_simhash: POOL[0] }), shared);
    for (let i = 0; i < 100; i++) loner.update(ev({ ts: T0 + 2000 + i * 60_000 }), shared);
    expect(computeTokens(loner).filter((t) => t.startsWith('sim:'))).toEqual([]);
    expect(computeFeatures(loner).shared_intent_share).toBeLessThan(0.05);
    // A pool making up a fifth of its traffic is published.
    for (let i = 0; i < 40; i++) {
      other.update(ev({ ts: T0 + 7 * HOUR_MS + i * 60_000, prompt_simhash: POOL[1 + (i % 3)] }), shared);
      loner.update(ev({ ts: T0 + 7 * HOUR_MS + i * 60_000 + 1, prompt_simhash: POOL[1 + (i % 3)] }), shared);
    }
    expect(computeTokens(loner).filter((t) => t.startsWith('sim:')).length).toBeGreaterThan(0);
  });
  it('prompt tokens of a busy account whose chance matches reach 5-10% of its traffic stay unpublished', () => {
    // A wrapper app's thousands of unique end-user prompts meet a large farm pool's band tokens by
    // chance several per cent of the time: those matches must not link it to the farm.
    const { account: busy } = sharingEvery(14);
    const share = computeFeatures(busy).shared_intent_share;
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(SIM_TOKENS_MIN_SHARE);
    expect(computeTokens(busy).filter((t) => t.startsWith('sim:'))).toEqual([]);
  });
  it('prompt tokens need a shared share of CHANCE_MULTIPLE times the chance rate, not only the fixed floor', () => {
    // A pool making up a fifth of its traffic: published at a chance rate near 0.
    const { account: acct, shared } = sharingEvery(5);
    expect(acct.f[F.simFloor]).toBeCloseTo(CHANCE_MULTIPLE * shared.chanceShare, 6);
    const sim = (s: AccountState) => computeTokenKeys(s).filter((k) => Math.floor(k / 2 ** 32) === 2);
    expect(sim(acct).length).toBeGreaterThan(0);
    // Where a tenth of any account's prompts match by chance (a full filter), a fifth is not enough.
    acct.f[F.simFloor] = CHANCE_MULTIPLE * 0.12;
    expect(sim(acct)).toEqual([]);
  });
  it('an account of few events needs more than a chance share: two chance matches are half of four events', () => {
    const sim = (s: AccountState) => computeTokenKeys(s).filter((k) => Math.floor(k / 2 ** 32) === 2);
    // Half the traffic shared, at a 12% chance rate (a 24% floor): 2 of 4 events is within chance
    // (0.5 expected, 0.65 deviation), 50 of 100 is not.
    const light = sharingEvery(2, 4).account;
    const busy = sharingEvery(2, 100).account;
    for (const a of [light, busy]) a.f[F.simFloor] = CHANCE_MULTIPLE * 0.12;
    expect(light.f[F.sw]! / light.f[F.w24]!).toBeCloseTo(0.5, 2);
    expect(sim(light)).toEqual([]);
    expect(sim(busy).length).toBeGreaterThan(0);
    // With no chance matches expected, two shared events of four are enough.
    light.f[F.simFloor] = 0;
    expect(sim(light).length).toBeGreaterThan(0);
  });
  it('a reworded stream publishes the whole prompt sketch; one sharing templates, only its smallest 8 values', () => {
    const shared = new SharedValueFilter(16);
    const states = [1, 2, 3, 4].map((owner) => Object.assign(new AccountState(), { owner }));
    const [source, reworder, exact, source2] = states as [AccountState, AccountState, AccountState, AccountState];
    for (let i = 0; i < 60; i++) {
      const ts = T0 + i * 60_000;
      // 4 pool items x 10 tokens, sent first by the source accounts, under their templates.
      source.update(ev({ ts, template_hash: `pool-${i % 4}`, prompt_simhash: POOL[i % 4] }), shared);
      source2.update(ev({ ts, template_hash: `pool-${(i + 1) % 4}`, prompt_simhash: POOL[(i + 1) % 4] }), shared);
      reworder.update(ev({ ts: ts + 1, template_hash: `fresh-${i}`, prompt_simhash: flip(POOL[(i + 2) % 4]!, (i * 7) % 64) }), shared);
      exact.update(ev({ ts: ts + 1, template_hash: `pool-${(i + 3) % 4}`, prompt_simhash: POOL[(i + 3) % 4] }), shared);
    }
    const sim = (s: AccountState) => computeTokenKeys(s).filter((k) => Math.floor(k / 2 ** 32) === 2).map((k) => k % 2 ** 32);
    expect(computeFeatures(reworder).shared_reworded_share).toBeGreaterThan(0.5);
    expect(computeFeatures(exact).shared_reworded_share).toBe(0);
    expect(sim(reworder)).toHaveLength(12);
    const short = sim(exact);
    expect(short).toHaveLength(8);
    // The 8 smallest of the 12 values it keeps.
    const kept = Array.from(exact.u.subarray(U.simMin, U.simMin + U.simMinLen)).sort((a, b) => a - b);
    expect(kept).toHaveLength(12);
    expect(short).toEqual(kept.slice(0, 8));
  });
  it('the FeatureStore links accounts through one shared filter', () => {
    const store = new FeatureStore({ sharedFilterBits: 12 });
    for (let i = 0; i < 20; i++) {
      store.ingest(ev({ account_id: 'x', ts: T0 + i * 60_000, template_hash: 'pool-1', prompt_simhash: POOL[0] }));
      store.ingest(ev({ account_id: 'y', ts: T0 + i * 60_000 + 1, template_hash: 'pool-1', prompt_simhash: POOL[0] }));
    }
    const x = store.snapshot('x')!;
    const y = store.snapshot('y')!;
    const tx = x.tokens.filter((t) => t.startsWith('tmpl:'));
    expect(tx).toHaveLength(1);
    expect(y.tokens).toContain(tx[0]);
    expect(x.features.shared_intent_share).toBeGreaterThan(0.9);
  });
});
