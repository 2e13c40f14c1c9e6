// A small, deterministic traffic fixture for end-to-end tests: one blatant account farm
// (shared card, templates, near-identical prompts, datacenter proxy churn, accounts created
// together, machine timing, harvesting token economics) among ordinary casual users.
import type { UsageEventInput } from '@lockstep/contracts';

export interface FarmFixture {
  events: UsageEventInput[];
  farmAccounts: string[];
  benignAccounts: string[];
}

/** Tiny deterministic PRNG (mulberry32) so the fixture never changes between runs. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (r: () => number, n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');

export function farmFixture(opts: { prefix: string; t0: number; farmSize?: number; benign?: number; hours?: number; seed?: number }): FarmFixture {
  const r = rng(opts.seed ?? 7);
  const farmSize = opts.farmSize ?? 40;
  const benignCount = opts.benign ?? 30;
  const hours = opts.hours ?? 3;
  const end = opts.t0 + hours * 3_600_000;
  const events: UsageEventInput[] = [];
  const farmAccounts = Array.from({ length: farmSize }, (_, i) => `${opts.prefix}-farm-${i}`);
  const benignAccounts = Array.from({ length: benignCount }, (_, i) => `${opts.prefix}-user-${i}`);
  const card = hex(r, 16);
  const templates = Array.from({ length: 3 }, () => hex(r, 16));
  const system = hex(r, 16);
  const baseSimhash = hex(r, 16);
  let seq = 0;

  farmAccounts.forEach((account, i) => {
    const created = opts.t0 - 2 * 86_400_000 + i * 20_000;
    // Load-balanced task stream: every account fires on a fixed 90 s cadence, offset per account.
    for (let ts = opts.t0 + i * 1500; ts < end; ts += 90_000) {
      const flip = Math.floor(r() * 16);
      const simhash = baseSimhash.slice(0, 15) + ((parseInt(baseSimhash[15]!, 16) ^ (flip & 3)) & 15).toString(16);
      events.push({
        event_id: `${opts.prefix}-e${seq++}`, ts, account_id: account, tier: 'free', verified: false, account_created_ts: created,
        ip: `203.0.${Math.floor(r() * 200)}.${1 + Math.floor(r() * 250)}`, asn: 64500 + Math.floor(r() * 8), ip_class: 'datacenter',
        model: 'frontier-large', input_tokens: 300 + Math.floor(r() * 50), output_tokens: 3900 + Math.floor(r() * 190), max_tokens: 4096,
        category: 'reasoning', prompt_simhash: simhash, payment_fp: card, template_hash: templates[i % templates.length]!, system_hash: system,
        ua_hash: 'ua-farm', cot_request: true, rubric_request: r() < 0.5, endpoint: '/v1/messages', status: 200, stream: false,
      });
    }
  });

  benignAccounts.forEach((account, i) => {
    const created = opts.t0 - (30 + i * 11) * 86_400_000;
    const ip = `198.51.${i}.${10 + i}`;
    let ts = opts.t0 + Math.floor(r() * 600_000);
    while (ts < end) {
      events.push({
        event_id: `${opts.prefix}-e${seq++}`, ts, account_id: account, tier: i % 3 === 0 ? 'pro' : 'free', verified: i % 2 === 0, account_created_ts: created,
        ip, asn: 7000 + i, ip_class: 'residential', model: 'frontier-small', input_tokens: 20 + Math.floor(r() * 400),
        output_tokens: 50 + Math.floor(r() * 600), max_tokens: null, category: (['chat', 'writing', 'coding', 'other'] as const)[Math.floor(r() * 4)]!,
        prompt_simhash: hex(r, 16), payment_fp: `card-${i}`, template_hash: null, system_hash: null, ua_hash: `ua-${i}`, cot_request: r() < 0.05,
      });
      // Human timing: bursts of activity with long, irregular gaps.
      ts += r() < 0.7 ? 20_000 + Math.floor(r() * 120_000) : 600_000 + Math.floor(r() * 1_800_000);
    }
  });

  events.sort((a, b) => a.ts - b.ts || (a.event_id < b.event_id ? -1 : 1));
  return { events, farmAccounts, benignAccounts };
}
