import type { UsageEvent } from '@lockstep/contracts';
import { FeatureStore, type AccountFeatures } from '@lockstep/features';
import { Detector } from './detector';
import { actionForScore, summaryLine } from './decision';
import { idfWeight, memberScore } from './clustering';
import type { DetectorDecision } from './decision';
import { S, VECTOR_DIMS } from './population';
import { tokenKey } from './population.fixture';

const H = 3_600_000;
const T0 = Date.UTC(2026, 5, 1);

/** 30 farm accounts (young, proxy-churning, one system prompt, shared cards) among 60 ordinary users. */
function stream(): UsageEvent[] {
  const out: UsageEvent[] = [];
  let n = 0;
  for (let k = 0; k < 48 * 6; k++) {
    const ts = T0 + k * 10 * 60_000;
    for (let a = 0; a < 30; a++) {
      if ((k + a) % 3 !== 0) continue;
      n++;
      out.push({
        event_id: `f${n}`, ts: ts + a * 1000, account_id: `farm_${a}`, tier: 'free', verified: false, account_created_ts: T0 - H * (20 + a),
        ip: `${20 + ((k * 7 + a * 13) % 200)}.${(k * 3 + a) % 250}.9.1`, asn: 64600 + ((k + a) % 30), model: 'm', input_tokens: 400, output_tokens: 900,
        category: 'reasoning', prompt_simhash: `${(5000 + ((k + a) % 20)).toString(16).padStart(8, '0')}${(7 + ((k * a) % 3)).toString(16).padStart(8, '0')}`,
        ip_class: 'residential', payment_fp: `card${a >> 2}`, system_hash: 'farm_sys', template_hash: `pool${(k * 5 + a) % 30}`, cot_request: k % 2 === 0, max_tokens: 8192,
      } as UsageEvent);
    }
    for (let u = 0; u < 60; u++) {
      const hour = Math.floor(ts / H) % 24;
      if (hour < 8 || hour > 20 || (k + u) % 12 !== 0) continue;
      n++;
      out.push({
        event_id: `u${n}`, ts: ts + 40_000 + u * 1000, account_id: `user_${u}`, tier: 'pro', verified: false, account_created_ts: T0 - 400 * 24 * H,
        ip: `90.${u}.1.1`, asn: 65000 + u, model: 'm', input_tokens: 300, output_tokens: 300, category: 'chat',
        prompt_simhash: `${(n * 2654435761 >>> 0).toString(16).padStart(8, '0')}${(n * 40503 >>> 0).toString(16).padStart(8, '0')}`, ip_class: 'residential', payment_fp: `own${u}`,
      } as UsageEvent);
    }
  }
  return out.sort((x, y) => x.ts - y.ts);
}

function runDetector(events: UsageEvent[]): { decisions: DetectorDecision[]; detector: Detector } {
  const fs = new FeatureStore();
  const det = new Detector({ reclusterEveryMs: 15 * 60_000 });
  const decisions: DetectorDecision[] = [];
  for (const e of events) {
    const af = fs.ingest(e);
    if (af) decisions.push(...det.observe(af));
    decisions.push(...det.tick(e.ts));
  }
  return { decisions, detector: det };
}

describe('Detector', () => {
  const events = stream();
  const { decisions, detector } = runDetector(events);

  it('finds the farm as one campaign and leaves ordinary users alone', () => {
    const flagged = new Set(decisions.filter((d) => d.action !== 'allow' && d.action !== 'monitor').map((d) => d.account_id));
    expect([...flagged].filter((a) => a.startsWith('farm_')).length).toBe(30);
    expect([...flagged].filter((a) => a.startsWith('user_'))).toEqual([]);
    const ids = new Set(decisions.filter((d) => d.campaign_id).map((d) => d.campaign_id));
    expect(ids.size).toBe(1);
    expect(detector.stats().runs).toBeGreaterThan(100);
  });

  it('emits only when an account changes action or campaign (or renews an unchanged verdict)', () => {
    const last = new Map<string, string>();
    for (const d of decisions) {
      const key = `${d.action}|${d.campaign_id}`;
      if (last.get(d.account_id) === key) expect(d.summary).toContain('renewal');
      last.set(d.account_id, key);
    }
  });

  it('decisions carry score, tier, verified, machine-readable evidence and a one-line summary', () => {
    const d = decisions.find((x) => x.action !== 'allow')!;
    expect(d.score).toBeGreaterThan(0);
    expect(d.score).toBeLessThanOrEqual(1);
    expect(d).toMatchObject({ tier: 'free', verified: false });
    expect(d.decision_id).toMatch(/^dec_/);
    for (const e of d.evidence) expect(Object.keys(e).sort()).toEqual(['detail', 'signal', 'value', 'weight']);
    expect(d.evidence.map((e) => e.signal)).toEqual(expect.arrayContaining(['young_accounts', 'card_reuse', 'proxy_churn', 'membership']));
    expect(d.summary).toMatch(/^campaign cmp_/);
    expect(d.summary).not.toContain('\n');
  });

  it('is deterministic', () => {
    const again = runDetector(events).decisions;
    expect(JSON.stringify(again)).toBe(JSON.stringify(decisions));
  });

  it('a new head holding the campaign tokens inherits its verdict on its first event', () => {
    const fs = new FeatureStore();
    const det = new Detector({ reclusterEveryMs: 15 * 60_000 });
    for (const e of events) {
      const af = fs.ingest(e);
      if (af) det.observe(af);
      det.tick(e.ts);
    }
    const last = events[events.length - 1]!;
    const head = { ...events.find((e) => e.account_id === 'farm_3')!, account_id: 'farm_new', ts: last.ts + 1000, event_id: 'new1', account_created_ts: last.ts - H };
    const out = det.observe(fs.ingest(head)!);
    expect(out).toHaveLength(1);
    expect(out[0]!.action).not.toBe('allow');
    expect(out[0]!.evidence.find((e) => e.signal === 'membership')!.detail).toMatch(/^inherited/);
  });

  it('a new head still inherits after the token table is compacted (between snapshot and apply)', () => {
    const fs = new FeatureStore();
    const det = new Detector({ reclusterEveryMs: 15 * 60_000, maxAccounts: 500 });
    const farmCampaigns = new Set<string>();
    for (const e of events) {
      const af = fs.ingest(e);
      for (const d of [...(af ? det.observe(af) : []), ...det.tick(e.ts)]) if (d.account_id.startsWith('farm_') && d.campaign_id) farmCampaigns.add(d.campaign_id);
    }
    expect(farmCampaigns.size).toBe(1);
    // Short-lived accounts with tokens nobody else holds: the token table grows past its compaction
    // threshold while evictions (maxAccounts 500) keep the live tokens few.
    let ts = events[events.length - 1]!.ts;
    for (let a = 0; a < 4200; a++) {
      const tokens = Array.from({ length: 16 }, (_, x) => tokenKey(2, 1_000_000 + a * 16 + x));
      det.observeSummary({
        accountId: `flood_${a}`, lastTs: ++ts, tier: 'free', verified: false, org: null, vector: new Float32Array(VECTOR_DIMS), scalars: new Float64Array(S.width),
        tokens, tokenIds: new Int32Array(0), idHash: a + 1, cluster: -1, dirty: true,
      });
    }
    const inner = det as unknown as { tokenEpoch: number };
    const job = det.prepare(++ts);
    // The snapshot compacted the table: the campaign tokens now have new ids, and the last run's
    // token table (what new accounts inherit through) must follow them.
    expect(inner.tokenEpoch).toBe(1);
    const last = events[events.length - 1]!;
    const head = { ...events.find((e) => e.account_id === 'farm_3')!, account_id: 'farm_new', ts: ++ts, event_id: 'new1', account_created_ts: last.ts - H };
    const out = det.observe(fs.ingest(head)!);
    expect(out).toHaveLength(1);
    expect(out[0]!.action).not.toBe('allow');
    expect(out[0]!.campaign_id).toBe([...farmCampaigns][0]);
    expect(out[0]!.evidence.find((e) => e.signal === 'membership')!.detail).toMatch(/^inherited/);
    // The run snapshotted before the renumbering applies through the keys instead of its stale ids.
    det.apply(job, det.runJob(job), ts);
    expect(det.stats().runs).toBeGreaterThan(100);
  });

  // Verdicts are kept by account index (AccountLru's), which an evicted account hands to the next one.
  it('keeps verdicts with their accounts through eviction and index reuse', () => {
    const last = events[events.length - 1]!;
    const run = (maxAccounts: number) => {
      const fs = new FeatureStore();
      const det = new Detector({ reclusterEveryMs: 15 * 60_000, maxAccounts });
      const latest = new Map<string, AccountFeatures>();
      for (const e of events) {
        const af = fs.ingest(e);
        if (af) {
          latest.set(e.account_id, af);
          det.observe(af);
        }
        det.tick(e.ts);
      }
      const held = [...latest.keys()].filter((id) => det.verdict(id) !== undefined);
      let ts = last.ts;
      const job = det.prepare(++ts);
      const out: DetectorDecision[] = [];
      // As many one-off accounts as the stream has: with room for no more, they take every index.
      const flood: string[] = [];
      for (let a = 0; a < latest.size; a++) {
        flood.push(`flood_${a}`);
        out.push(...det.observeSummary({
          accountId: `flood_${a}`, lastTs: ++ts, tier: 'free', verified: false, org: null, vector: new Float32Array(VECTOR_DIMS), scalars: new Float64Array(S.width),
          tokens: [tokenKey(2, 5_000_000 + a)], tokenIds: new Int32Array(0), idHash: a, cluster: -1, dirty: true,
        }));
      }
      // Half the accounts with a verdict come back (at other indexes) before the run snapshotted earlier is applied.
      for (const id of held.slice(0, held.length >> 1)) out.push(...det.observe(latest.get(id)!));
      out.push(...det.apply(job, det.runJob(job), ++ts));
      return { det, out, held, flood, next: det.prepare(ts + 15 * 60_000) };
    };
    const ref = run(1_000_000);
    const small = run(stream().reduce((ids, e) => ids.add(e.account_id), new Set<string>()).size);
    expect(ref.held.length).toBeGreaterThan(10);
    expect(small.held).toEqual(ref.held);
    expect(JSON.stringify(small.out)).toBe(JSON.stringify(ref.out));
    // Departed accounts keep theirs; the accounts given their indexes hold none.
    for (const id of ref.held) expect(small.det.verdict(id)).toEqual(ref.det.verdict(id));
    for (const id of small.flood) expect(small.det.verdict(id)).toBeUndefined();
    // Snapshots see the returned accounts' verdicts, and none at the indexes handed over.
    const withVerdict = (job: typeof small.next) => job.verdictRanks!.map((i) => job.ids[i]).sort();
    expect(withVerdict(small.next)).toEqual(ref.held.slice(0, ref.held.length >> 1).sort());
    expect(withVerdict(ref.next)).toEqual([...ref.held].sort());
  });
});

describe('decision helpers', () => {
  it('actionForScore grades by thresholds', () => {
    expect([0.1, 0.35, 0.55, 0.75, 0.9].map((s) => actionForScore(s))).toEqual(['allow', 'monitor', 'throttle', 'challenge', 'suspend']);
  });
  it('idfWeight discounts tokens held by a large share of the population', () => {
    expect(idfWeight(10, 10_000)).toBe(1);
    expect(idfWeight(5_000, 10_000)).toBeLessThan(0.25);
    expect(idfWeight(0, 10)).toBe(0);
  });
  it('memberScore rises with membership up to the campaign score', () => {
    expect(memberScore(1, 1)).toBeCloseTo(0.9);
    expect(memberScore(1, 5)).toBe(1);
  });
  it('summaryLine names the campaign and its strongest evidence', () => {
    const s = summaryLine('cmp_1', 12, 0.9, [{ signal: 'young_accounts', value: 1, weight: 2.5, detail: '' }, { signal: 'same_org', value: 0, weight: 0, detail: '' }], 'linked');
    expect(s).toBe('campaign cmp_1 (12 accounts, score 0.90): young_accounts 1; linked');
  });
});
