import { createScenario, hammingHex, type AccountTruth, type Group, type SimEvent } from './index';

// One shared day of traffic; every family's defining property is checked on it.

interface Stats {
  truth: AccountTruth;
  events: SimEvent[];
}

const scenario = createScenario({ seed: 11, accounts: 1500, hours: 24 });
const byAccount = new Map<string, Stats>();
for (const t of scenario.truth()) byAccount.set(t.account_id, { truth: t, events: [] });
for (const e of scenario.events()) byAccount.get(e.account_id)!.events.push(e);

const HOUR = 3_600_000;
const active = (g: Group) => [...byAccount.values()].filter((s) => s.truth.group === g && s.events.length > 0);
const prefix24 = (ip: string) => ip.split('.').slice(0, 3).join('.');
const distinct = <T>(xs: T[]) => new Set(xs).size;
const all = (g: Group) => active(g).flatMap((s) => s.events);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Share of an account's simhashes within `bits` of a simhash sent by another account of the set. */
function nearShare(members: Stats[], bits: number): number {
  let near = 0;
  let total = 0;
  for (const m of members) {
    const others = members.filter((o) => o !== m).flatMap((o) => o.events.slice(0, 60).map((e) => e.prompt_simhash));
    for (const e of m.events.slice(0, 15)) {
      total++;
      if (others.some((h) => hammingHex(h, e.prompt_simhash) <= bits)) near++;
    }
  }
  return near / total;
}

describe('campaign families', () => {
  it('hydra: proxy churn, card reuse, shared pool reworded, flat machine timing, new heads mid-stream', () => {
    const heads = active('hydra');
    expect(heads.length).toBeGreaterThanOrEqual(40);
    const ev = all('hydra');
    expect(distinct(ev.map((e) => prefix24(e.ip))) / ev.length).toBeGreaterThan(0.8);
    expect(ev.every((e) => e.ip_class === 'residential')).toBe(true);
    expect(distinct(ev.map((e) => e.asn))).toBeGreaterThan(20);
    expect(distinct(heads.map((h) => h.events[0]!.payment_fp))).toBeLessThan(heads.length / 3);
    // Reworded: most template hashes are fresh, yet simhashes stay near the shared pool.
    expect(distinct(ev.map((e) => e.template_hash)) / ev.length).toBeGreaterThan(0.5);
    const farm = heads.filter((h) => h.truth.campaign === heads[0]!.truth.campaign).slice(0, 30);
    // Two rewordings of one pool prompt are each within 3 bits of it, so within 6 of each other.
    expect(nearShare(farm, 6)).toBeGreaterThan(0.9);
    // Around the clock: the farm is active in every hour of the day.
    expect(distinct(ev.map((e) => new Date(e.ts).getUTCHours()))).toBe(24);
    const newHeads = heads.filter((h) => h.truth.newHead);
    expect(newHeads.length).toBeGreaterThan(5);
    for (const h of newHeads) {
      const first = h.events[0]!;
      expect(first.ts).toBeGreaterThan(scenario.startTs + 2 * HOUR);
      expect(first.ts - first.account_created_ts).toBeLessThan(14 * HOUR);
    }
  });

  it('careful ring: own IP and card per account, human timing, only intent shared', () => {
    const ring = active('careful_ring');
    expect(ring.length).toBeGreaterThanOrEqual(10);
    const cards = ring.map((m) => m.events[0]!.payment_fp);
    expect(distinct(cards)).toBe(ring.length);
    const ipsOf = ring.map((m) => new Set(m.events.map((e) => e.ip)));
    for (let i = 0; i < ipsOf.length; i++) for (let j = i + 1; j < ipsOf.length; j++) expect([...ipsOf[i]!].some((ip) => ipsOf[j]!.has(ip))).toBe(false);
    const ev = all('careful_ring');
    expect(distinct(ev.map((e) => e.template_hash))).toBe(ev.length);
    expect(nearShare(ring.filter((m) => m.truth.campaign === ring[0]!.truth.campaign), 8)).toBeGreaterThan(0.8);
    // Human think times: irregular gaps inside sessions, long quiet periods between them.
    const gaps = ring.flatMap((m) => m.events.slice(1).map((e, i) => e.ts - m.events[i]!.ts));
    expect(Math.max(...gaps)).toBeGreaterThan(2 * HOUR);
    expect(median(gaps)).toBeLessThan(10 * 60_000);
  });

  it('reseller: one account carries both unrelated end-user prompts and the farm pool', () => {
    const rs = active('reseller');
    expect(rs.length).toBeGreaterThanOrEqual(4);
    for (const r of rs) {
      const ev = r.events;
      const others = rs.filter((o) => o !== r).flatMap((o) => o.events.slice(0, 300).map((e) => e.prompt_simhash));
      const step = Math.max(1, Math.floor(ev.length / 150));
      const sample = ev.filter((_, i) => i % step === 0);
      const farmShare = sample.filter((e) => others.some((h) => hammingHex(h, e.prompt_simhash) <= 6)).length / sample.length;
      expect(farmShare).toBeGreaterThan(0.15);
      expect(farmShare).toBeLessThan(0.85);
      expect(ev.every((e) => e.ip_class === 'datacenter')).toBe(true);
    }
  });

  it('burst: one datacenter /24, one card, fresh accounts, a short aggressive window', () => {
    const b = active('burst');
    expect(b.length).toBeGreaterThanOrEqual(8);
    const ev = all('burst');
    expect(distinct(ev.map((e) => prefix24(e.ip)))).toBe(1);
    expect(distinct(ev.map((e) => e.payment_fp))).toBe(1);
    expect(ev.every((e) => e.ip_class === 'datacenter')).toBe(true);
    const span = Math.max(...ev.map((e) => e.ts)) - Math.min(...ev.map((e) => e.ts));
    expect(span).toBeLessThanOrEqual(3 * HOUR + 60_000);
    expect(ev.length / b.length).toBeGreaterThan(300);
    for (const a of b) expect(a.events[0]!.ts - a.events[0]!.account_created_ts).toBeLessThan(HOUR + 60_000);
    expect(ev.filter((e) => e.cot_request).length / ev.length).toBeGreaterThan(0.8);
  });
});

describe('benign look-alikes', () => {
  it('enterprise seats share org, card and a NAT, are verified and were onboarded together', () => {
    const seats = active('enterprise_seat');
    const byOrg = new Map<string, Stats[]>();
    for (const s of seats) byOrg.set(s.truth.unit!, [...(byOrg.get(s.truth.unit!) ?? []), s]);
    for (const members of byOrg.values()) {
      const ev = members.flatMap((m) => m.events);
      expect(distinct(ev.map((e) => e.org_id))).toBe(1);
      expect(distinct(ev.map((e) => e.payment_fp))).toBe(1);
      expect(distinct(ev.map((e) => e.ip))).toBeLessThanOrEqual(2);
      expect(ev.every((e) => e.verified && e.tier === 'enterprise' && e.ip_class === 'corporate')).toBe(true);
    }
  });

  it('enterprise batch jobs are metronomic, templated, high volume and verified', () => {
    for (const b of active('enterprise_batch')) {
      expect(b.events.length).toBeGreaterThan(1000);
      expect(distinct(b.events.map((e) => e.template_hash))).toBeLessThanOrEqual(2);
      const gaps = b.events.slice(1).map((e, i) => e.ts - b.events[i]!.ts).filter((g) => g < HOUR);
      const m = median(gaps);
      expect(gaps.filter((g) => Math.abs(g - m) < 0.2 * m).length / gaps.length).toBeGreaterThan(0.9);
      expect(b.truth.verified).toBe(true);
    }
  });

  it('student cohorts: education tier, created within hours, one campus address, shared homework', () => {
    const st = active('student');
    const cohorts = new Map<string, Stats[]>();
    for (const s of st) cohorts.set(s.truth.unit!, [...(cohorts.get(s.truth.unit!) ?? []), s]);
    for (const members of cohorts.values()) {
      const created = members.map((m) => m.events[0]!.account_created_ts);
      expect(Math.max(...created) - Math.min(...created)).toBeLessThan(3 * HOUR);
      const campus = members.flatMap((m) => m.events).filter((e) => e.ip_class === 'education');
      expect(distinct(campus.map((e) => e.ip))).toBe(1);
      expect(members.every((m) => m.truth.tier === 'education')).toBe(true);
      if (members.length >= 5) expect(nearShare(members, 8)).toBeGreaterThan(0.3);
    }
  });

  it('small teams share one card and one office address', () => {
    const teams = new Map<string, Stats[]>();
    for (const s of active('small_team')) teams.set(s.truth.unit!, [...(teams.get(s.truth.unit!) ?? []), s]);
    for (const members of teams.values()) {
      const ev = members.flatMap((m) => m.events);
      expect(distinct(ev.map((e) => e.payment_fp))).toBe(1);
      if (members.length < 2) continue;
      const users = new Map<string, Set<string>>();
      for (const e of ev) users.set(e.ip, (users.get(e.ip) ?? new Set()).add(e.account_id));
      expect(Math.max(...[...users.values()].map((u) => u.size))).toBeGreaterThanOrEqual(2);
    }
  });

  it('users of one popular agent share system prompt, tool templates and UA, but not cards', () => {
    const users = active('agent_tool_user');
    const ev = all('agent_tool_user');
    expect(distinct(ev.map((e) => e.system_hash))).toBe(1);
    expect(distinct(ev.map((e) => e.ua_hash))).toBe(1);
    expect(distinct(ev.map((e) => e.template_hash).filter((t) => t !== null))).toBeLessThanOrEqual(30);
    expect(distinct(users.map((u) => u.events[0]!.payment_fp))).toBe(users.length);
  });

  it('power users are CoT-heavy with long outputs, each on their own card', () => {
    const ev = all('power_user');
    expect(ev.filter((e) => e.cot_request).length / ev.length).toBeGreaterThan(0.25);
    expect(median(ev.map((e) => e.output_tokens))).toBeGreaterThan(900);
    const users = active('power_user');
    expect(distinct(users.map((u) => u.events[0]!.payment_fp))).toBe(users.length);
  });

  it('researchers on the same public benchmark send identical prompts', () => {
    const r = active('researcher');
    const seen = new Map<string, Set<string>>();
    for (const a of r) for (const e of a.events) seen.set(e.prompt_simhash, (seen.get(e.prompt_simhash) ?? new Set()).add(a.truth.account_id));
    expect([...seen.values()].some((s) => s.size >= 2)).toBe(true);
    expect(r.every((a) => a.truth.verified)).toBe(true);
  });

  it('wrapper apps serve many end users from a few datacenter addresses', () => {
    for (const w of active('wrapper_app')) {
      expect(w.events.length).toBeGreaterThan(500);
      expect(distinct(w.events.map((e) => e.ip))).toBeLessThanOrEqual(6);
      expect(w.events.every((e) => e.ip_class === 'datacenter')).toBe(true);
    }
  });

  it('casual users roam across carrier pools and home lines with free-form prompts', () => {
    const ev = all('casual');
    expect(ev.every((e) => e.template_hash === null)).toBe(true);
    expect(ev.some((e) => e.ip_class === 'mobile')).toBe(true);
    expect(ev.some((e) => e.ip.includes(':'))).toBe(true);
    expect(distinct(ev.map((e) => e.system_hash))).toBeLessThanOrEqual(4);
  });
});
