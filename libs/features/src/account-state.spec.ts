import { createHash } from 'node:crypto';
import type { UsageEvent } from '@lockstep/contracts';
import { serializeFeatures } from './account-features';
import { AccountState, DAY_MS, F, msOfDay, U } from './account-state';
import { FeatureStore } from './feature-store';
import { fnv1a32 } from './hashing';
import { rng } from './xorshift.fixture';

// AccountState.update takes shortcuts (msOfDay instead of %, skipping the hash of a value repeated
// from the previous event). Features are published values and the replay's output is compared byte
// for byte, so these specs pin the exact results of the plain definitions.


describe('msOfDay', () => {
  it('is ts % DAY_MS for every integer ts in [0, 2^53), day edges included', () => {
    const next = rng(11);
    const ts: number[] = [0, 1, DAY_MS - 1, DAY_MS, DAY_MS + 1, 2 ** 31, 2 ** 32, Date.UTC(2026, 5, 1), 2 ** 53 - 1, 2 ** 53 - 2];
    // Around the multiples of a day up to the largest (where the quotient has the fewest spare bits).
    for (const k of [1, 2, 3, 20_000, 20_604, 1 << 20, 104_249_990, Math.floor((2 ** 53 - 1) / DAY_MS)]) {
      for (let d = -3; d <= 3; d++) ts.push(k * DAY_MS + d);
    }
    for (let i = 0; i < 20_000; i++) {
      ts.push(Math.floor(next() * 2 ** 21) * 2 ** 32 + Math.floor(next() * 2 ** 32));
      ts.push(Math.floor(next() * 4e12));
    }
    for (const t of ts) if (t >= 0 && t < 2 ** 53) expect([t, msOfDay(t)]).toEqual([t, t % DAY_MS]);
  });

  it('falls back to % for anything else (negative, fractional, huge, non-finite)', () => {
    for (const t of [-1, -DAY_MS, -1.5, 0.5, DAY_MS + 0.25, 1780272000198.5, 2 ** 53, 2 ** 60 + 2 ** 20, Infinity, -Infinity, NaN, -0]) {
      expect(Object.is(msOfDay(t), t % DAY_MS)).toBe(true);
    }
  });
});

describe('AccountState.update: user agent, system prompt and card rings', () => {
  /** The rings as the plain definition fills them: hash every value, push when absent. */
  function reference(values: (string | null | undefined)[], len: number, countNew: boolean) {
    const ring = new Array<number>(len).fill(0);
    let pos = 0;
    let fresh = 0;
    values.forEach((v, i) => {
      if (!v) return;
      const h = fnv1a32(v);
      if (ring.includes(h)) return;
      if (countNew && i > 0) fresh++;
      ring[pos % len] = h;
      pos = (pos % len) + 1;
    });
    return { ring, pos, fresh };
  }

  it('match hashing every event whatever the pattern of repeats, returns and missing values', () => {
    const next = rng(5);
    const pool = ['ua-a', 'ua-b', 'ua-c', 'ua-d', null, '', undefined];
    for (let run = 0; run < 300; run++) {
      // Sticky streams (mostly the previous value, as real clients are) with returns to older values.
      const stickiness = next();
      const pick = (prev: string | null | undefined) => (next() < stickiness ? prev : pool[Math.floor(next() * pool.length)]);
      const ua: (string | null | undefined)[] = [];
      const sys: (string | null | undefined)[] = [];
      const pay: (string | null | undefined)[] = [];
      const n = 1 + Math.floor(next() * 40);
      const s = new AccountState();
      for (let i = 0; i < n; i++) {
        ua.push(pick(ua[i - 1]));
        sys.push(pick(sys[i - 1]));
        pay.push(pick(pay[i - 1]));
        // Fresh string objects each time, as JSON.parse makes them; one timestamp, so nothing decays.
        const copy = (v: string | null | undefined) => (typeof v === 'string' ? [...v].join('') : v);
        s.update({
          event_id: `e${i}`, ts: 1_000_000, account_id: 'a', tier: 'pro', verified: false, account_created_ts: 0,
          ip: '10.0.0.1', asn: 1, model: 'm', input_tokens: 1, output_tokens: 1, category: 'chat', prompt_simhash: '0123456789abcdef',
          ua_hash: copy(ua[i]), system_hash: copy(sys[i]), payment_fp: copy(pay[i]),
        } as UsageEvent);
      }
      const wantUa = reference(ua, U.uaLen, true);
      const wantSys = reference(sys, U.sysLen, false);
      const wantPay = reference(pay, U.payLen, false);
      expect([...s.u.subarray(U.ua, U.ua + U.uaLen)]).toEqual(wantUa.ring);
      expect(s.u[U.pos + 4]).toBe(wantUa.pos);
      expect(s.f[F.newUa]).toBe(wantUa.fresh);
      expect([...s.u.subarray(U.sys, U.sys + U.sysLen)]).toEqual(wantSys.ring);
      expect(s.u[U.pos2]).toBe(wantSys.pos);
      expect([...s.u.subarray(U.pay, U.pay + U.payLen)]).toEqual(wantPay.ring);
      expect(s.u[U.pos2 + 1]).toBe(wantPay.pos);
    }
  });
});

/**
 * Events of a few accounts with everything update() branches on: repeated and returning values,
 * missing ones, shared templates and prompts, out-of-order and equal timestamps, day edges, IPv6,
 * upper-case hex, and (for one account) timestamps no validator would pass.
 */
function stream(): UsageEvent[] {
  const next = rng(2026);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const hex16 = () => Math.floor(next() * 2 ** 32).toString(16).padStart(8, '0') + Math.floor(next() * 2 ** 32).toString(16).padStart(8, '0');
  const prompts = Array.from({ length: 12 }, hex16);
  const out: UsageEvent[] = [];
  const last = new Map<string, Partial<UsageEvent>>();
  let ts = Date.UTC(2026, 5, 1) - 3 * 3_600_000;
  for (let i = 0; i < 4000; i++) {
    ts += pick([0, 1, 250, 4_000, 60_000, 900_000, 3_600_000]);
    const a = `acct-${Math.floor(next() * 9)}`;
    const p = last.get(a) ?? {};
    const sticky = (k: keyof UsageEvent, values: readonly unknown[]) => (k in p && next() < 0.8 ? p[k] : pick(values));
    const e = {
      event_id: `e${i}`,
      ts: a === 'acct-8' ? ts + pick([0.5, -1e13, 0]) : ts - (next() < 0.05 ? 120_000 : 0),
      account_id: a,
      org_id: a === 'acct-1' ? 'org-1' : null,
      tier: pick(['free', 'pro', 'enterprise']),
      verified: next() < 0.3,
      account_created_ts: Date.UTC(2026, 0, 1) + Number(a.slice(5)) * DAY_MS,
      payment_fp: sticky('payment_fp', ['card-1', 'card-2', null, '']),
      ip: sticky('ip', ['10.0.0.1', '10.0.0.2', '10.0.1.9', '2001:db8:1:2::1', '2001:db8:1:3::1', '192.168.4.4']),
      asn: sticky('asn', [64500, 64501, 0]),
      ip_class: pick(['residential', 'datacenter', null, undefined, 'mobile']),
      ua_hash: sticky('ua_hash', ['ua-1', 'ua-2', 'ua-3', null]),
      model: 'm',
      input_tokens: Math.floor(next() * 2000),
      output_tokens: Math.floor(next() * 4000),
      max_tokens: pick([null, 0, 1024, 4096]),
      template_hash: sticky('template_hash', ['t-shared-1', 't-shared-2', `t-own-${a}`, null]),
      system_hash: sticky('system_hash', ['s-1', 's-2', null]),
      prompt_simhash: next() < 0.5 ? pick(prompts) : next() < 0.1 ? hex16().toUpperCase() : hex16(),
      category: pick(['chat', 'coding', 'reasoning', 'math']),
      cot_request: next() < 0.3,
      rubric_request: next() < 0.1,
    } as UsageEvent;
    last.set(a, e);
    out.push(e);
  }
  return out;
}

describe('FeatureStore on a varied stream', () => {
  it('emits exactly what it emitted before the per-event shortcuts (digest recorded from that code)', () => {
    const store = new FeatureStore({ eagerEvents: 50, minEmitIntervalMs: 60_000, sharedFilterBits: 8, sharedFilterMaxBits: 10, sharedFilterHorizonMs: 3_600_000 });
    const h = createHash('md5');
    let emitted = 0;
    for (const e of stream()) {
      const v = store.ingestView(e);
      if (v) {
        h.update(serializeFeatures(v) + '\n');
        emitted++;
      }
    }
    for (let a = 0; a < 9; a++) h.update(JSON.stringify(store.snapshot(`acct-${a}`)) + '\n');
    expect(emitted).toBeGreaterThan(1000);
    // Re-recorded for the 12-value prompt sketch (its smallest 8 published unless mostly reworded), the
    // own-variant rule and the chance-deviation gate.
    expect(h.digest('hex')).toBe('106d7080ff86367356d0e53c6c06675e');
  });
});
