import type { UsageEvent } from '@lockstep/contracts';

// A small seeded world with the hard cases: a proxy-churning farm with new heads, a careful ring that
// shares only reworded intent, and honest look-alikes (agent users, a student cohort on one campus
// network, benchmark researchers, enterprise seats).
const H = 3_600_000;
const D = 24 * H;
const T0 = Date.UTC(2026, 5, 1);

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const hex = (n: number, w = 8) => (n >>> 0).toString(16).padStart(w, '0').slice(-w);

interface Actor {
  id: string;
  group: string;
  label: 'benign' | 'campaign';
  start: number;
  next: (r: () => number, i: number) => Partial<UsageEvent>;
  times: number[];
}

export function world(seed = 7) {
  const r = rng(seed);
  const actors: Actor[] = [];
  // Well-mixed 64-bit simhash per base prompt (like real ones), then a few flipped bits.
  const mix = (x: number) => {
    let h = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  };
  const sim = (base: number, flips: number) => {
    let lo = mix(base * 2 + 1);
    for (let k = 0; k < flips; k++) lo = (lo ^ (1 << Math.floor(r() * 32))) >>> 0;
    return hex(mix(base * 2)) + hex(lo);
  };
  const human = (start: number, n: number) =>
    Array.from({ length: n }, (_, i) => start + Math.floor(i / 6) * D + (9 + r() * 9) * H).sort((a, b) => a - b);
  const allDay = (start: number, n: number, span: number) => Array.from({ length: n }, () => start + r() * span).sort((a, b) => a - b);
  const add = (id: string, group: string, label: Actor['label'], times: number[], next: Actor['next']) =>
    actors.push({ id, group, label, start: times[0]!, times, next });

  const farmPool = Array.from({ length: 40 }, (_, i) => i);
  for (let a = 0; a < 40; a++) {
    const head = a >= 30; // new heads arrive on day 2
    const start = T0 + (head ? 30 * H : r() * 4 * H);
    add(`farm_${a}`, 'farm', 'campaign', allDay(start, 30, 16 * H), (rr) => ({
      account_created_ts: start - (1 + rr()) * D, ip: `${100 + Math.floor(rr() * 100)}.${Math.floor(rr() * 250)}.${Math.floor(rr() * 250)}.9`, asn: 64600 + Math.floor(rr() * 40),
      ip_class: 'residential', payment_fp: `farmcard${a >> 2}`, system_hash: 'farm_sys', template_hash: `farm_t${farmPool[Math.floor(rr() * 40)]}${rr() < 0.5 ? '' : 'x'}`,
      cot_request: rr() < 0.4, max_tokens: 8192, input_tokens: 500, output_tokens: 900, category: 'reasoning', prompt_simhash: sim(1000 + Math.floor(rr() * 40), 1),
    }));
  }
  for (let a = 0; a < 20; a++) {
    const start = T0 + r() * 6 * H;
    add(`ring_${a}`, 'careful_ring', 'campaign', human(start, 24), (rr) => ({
      account_created_ts: start - (2 + rr() * 3) * D, ip: `77.${a}.1.5`, asn: 65000 + a, ip_class: 'residential', payment_fp: `ringcard${a}`,
      template_hash: `ring_${a}_${Math.floor(rr() * 1e9)}`, cot_request: rr() < 0.5, max_tokens: 8192, input_tokens: 400, output_tokens: 1200, category: 'math',
      prompt_simhash: sim(5000 + Math.floor(rr() * 12), 1),
    }));
  }
  for (let a = 0; a < 30; a++) {
    const start = T0 + r() * 12 * H;
    add(`agent_${a}`, 'agent_tool_user', 'benign', human(start, 24), (rr) => ({
      account_created_ts: T0 - (100 + a * 10) * D, ip: `50.${a}.2.7`, asn: 64000 + (a % 5), ip_class: 'corporate', payment_fp: `agentcard${a}`,
      system_hash: 'popular_agent_sys', template_hash: `agent_t${Math.floor(rr() * 8)}`, max_tokens: 8192, input_tokens: 3000, output_tokens: 400, category: 'agentic',
      prompt_simhash: sim(9000 + Math.floor(rr() * 8), 0),
    }));
  }
  for (let a = 0; a < 30; a++) {
    const start = T0 + r() * 12 * H;
    add(`student_${a}`, 'student', 'benign', human(start, 18), (rr) => ({
      tier: 'education', account_created_ts: T0 - 2 * D - rr() * D, ip: `130.1.1.${1 + a}`, asn: 64999, ip_class: 'education',
      template_hash: `hw_${a}_${Math.floor(rr() * 1e9)}`, cot_request: rr() < 0.3, max_tokens: 4096, input_tokens: 300, output_tokens: 700, category: 'math',
      prompt_simhash: sim(7000 + Math.floor(rr() * 6), 1),
    }));
  }
  for (let a = 0; a < 10; a++) {
    const start = T0 + r() * 6 * H;
    add(`research_${a}`, 'researcher', 'benign', allDay(start, 40, 8 * H), (rr, i) => ({
      account_created_ts: T0 - (300 + a) * D, ip: `140.${a}.3.3`, asn: 63000 + a, ip_class: 'datacenter', payment_fp: `lab${a}`,
      template_hash: `bench_${i % 40}`, cot_request: true, rubric_request: rr() < 0.3, max_tokens: 8192, input_tokens: 300, output_tokens: 1500, category: 'reasoning',
      prompt_simhash: hex(4242) + hex(i % 40),
    }));
  }
  for (let a = 0; a < 20; a++) {
    const start = T0 + r() * 12 * H;
    add(`seat_${a}`, 'enterprise_seat', 'benign', human(start, 20), (rr) => ({
      tier: 'enterprise', verified: true, org_id: 'org_acme', account_created_ts: T0 - 400 * D, ip: `198.51.100.${1 + (a % 3)}`, asn: 64512, ip_class: 'corporate',
      payment_fp: 'acme_card', template_hash: `acme_t${Math.floor(rr() * 5)}`, system_hash: 'acme_sys', max_tokens: 4096, input_tokens: 800, output_tokens: 600, category: 'coding',
      prompt_simhash: sim(11000 + Math.floor(rr() * 30), 2),
    }));
  }
  const events: UsageEvent[] = [];
  let n = 0;
  for (const a of actors) {
    a.times.forEach((ts, i) => {
      events.push({
        event_id: `ev${n++}`, ts: Math.round(ts), account_id: a.id, tier: 'pro', verified: false, account_created_ts: T0 - 100 * D, ip: '10.0.0.1', asn: 1,
        model: 'frontier-1', input_tokens: 100, output_tokens: 100, category: 'chat', prompt_simhash: hex(n) + hex(n * 31),
        ...a.next(r, i),
      } as UsageEvent);
      const last = events[events.length - 1]!;
      last.account_created_ts = Math.round(last.account_created_ts);
    });
  }
  events.sort((x, y) => x.ts - y.ts || (x.event_id < y.event_id ? -1 : 1));
  const labels = ['account_id,label,group,tier,first_ts', ...actors.map((a) => `${a.id},${a.label},${a.group},${a.id.startsWith('seat') ? 'enterprise' : 'pro'},${Math.round(a.times[0]!)}`)].join('\n');
  return { events, labels };
}

