import type { UsageEvent } from '@lockstep/contracts';
import { summarize, type AccountSummary } from '@lockstep/detection';
import { emptyFeatureView, FeatureStore, fillFeatureView, fnv1a32, toFeatureView, type FeatureView } from '@lockstep/features';
import { FrameWriter, summaryAt, type FeatureFrame } from './feature-frames';

const T0 = Date.UTC(2026, 5, 1);
const DAY = 86_400_000;

/** Events of a few accounts whose token lists grow (new /24s, templates, cards) as they go. */
function events(n: number): UsageEvent[] {
  const out: UsageEvent[] = [];
  for (let i = 0; i < n; i++) {
    const a = i % 7;
    out.push({
      event_id: `e${i}`, ts: T0 + i * 20_000, account_id: `acct_${a}`, org_id: a === 3 ? 'org_x' : null, tier: (['free', 'pro', 'team', 'enterprise'] as const)[a % 4]!,
      verified: a % 2 === 0, account_created_ts: T0 - (a + 1) * 10 * DAY, payment_fp: a === 5 ? null : `card${a % 3}`, api_key_id: 'k',
      ip: `10.${a}.${i % 13}.${i % 250}`, asn: 64500 + (i % 5), ip_class: 'residential', ua_hash: `ua${i % 2}`, model: 'm', endpoint: null,
      input_tokens: 100 + i, output_tokens: 300 + 7 * i, max_tokens: 4096, temperature: 1, stream: true, tool_count: 0, turns: 1, status: 200,
      latency_ms: 100, template_hash: i % 3 === 0 ? null : `t${i % 11}`, system_hash: i % 4 === 0 ? `s${a}` : null,
      prompt_simhash: ((i * 0x9e3779b1) >>> 0).toString(16).padStart(8, '0') + ((i * 0x85ebca6b) >>> 0).toString(16).padStart(8, '0'),
      category: 'coding', lang: 'en', cot_request: i % 5 === 0, rubric_request: false,
    } as UsageEvent);
  }
  return out;
}

const plain = (s: AccountSummary | null) =>
  s && { ...s, vector: Array.from(s.vector), scalars: Array.from(s.scalars), tokenIds: Array.from(s.tokenIds) };

describe('FrameWriter / summaryAt', () => {
  it('decodes exactly the summaries summarize() makes, across frames and token growth', () => {
    const evs = events(300);
    const store = new FeatureStore({ eagerEvents: 20, minEmitIntervalMs: 60_000 });
    const expected: (AccountSummary | null)[] = [];
    const frames: FeatureFrame[] = [];
    // Tiny frames with a first one smaller still: many take()s, and tokens outgrow each frame's first allocation.
    const writer = new FrameWriter(16, 3);
    const view = emptyFeatureView();
    for (const e of evs) {
      const s = store.ingestDue(e);
      const v: FeatureView | null = s ? toFeatureView(e.account_id, s, e.ts) : null;
      expected.push(v ? summarize(v) : null);
      writer.addView(e.account_id, e.ts, s ? fillFeatureView(view, e.account_id, s, e.ts) : null, s ? s.owner : 0);
      if (writer.full) frames.push(writer.take().frame);
    }
    if (writer.size > 0) frames.push(writer.take().frame);
    expect(frames[0]!.n).toBe(3);
    // Some frame outgrew the token room it started with (16 per event).
    expect(Math.max(...frames.map((f) => f.tokKeys.length / (f.tokOff.length - 1)))).toBeGreaterThan(16);
    const got: (AccountSummary | null)[] = [];
    const ids: string[] = [];
    for (const f of frames) {
      for (let k = 0; k < f.n; k++) {
        got.push(summaryAt(f, k));
        ids.push(f.accounts[k]!);
      }
    }
    expect(ids).toEqual(evs.map((e) => e.account_id));
    expect(got.filter((s) => s !== null).length).toBeGreaterThan(100);
    expect(got.map(plain)).toEqual(expected.map(plain));
    expect(got.find((s) => s !== null)!.idHash).toBe(fnv1a32(evs[0]!.account_id));
  });

  it('decodes summaries that share no numbers with each other (several share a buffer)', () => {
    const evs = events(300);
    const store = new FeatureStore({ eagerEvents: 50, minEmitIntervalMs: 0 });
    const writer = new FrameWriter(512);
    const view = emptyFeatureView();
    for (const e of evs) {
      const s = store.ingestDue(e);
      writer.addView(e.account_id, e.ts, s ? fillFeatureView(view, e.account_id, s, e.ts) : null, s ? s.owner : 0);
    }
    const f = writer.take().frame;
    const got: AccountSummary[] = [];
    for (let k = 0; k < f.n; k++) {
      const s = summaryAt(f, k);
      if (s) got.push(s);
    }
    expect(got.length).toBeGreaterThan(40);
    const before = got.map(plain);
    // Each summary's numbers set to its own mark, one after another: one reading another's would lose its mark.
    got.forEach((s, i) => {
      s.scalars.fill(i);
      s.vector.fill(i);
    });
    got.forEach((s, i) => {
      expect(s.vector.buffer).toBe(s.scalars.buffer);
      expect([...s.scalars, ...s.vector].every((x) => x === i)).toBe(true);
    });
    expect(new Set(got.map((s) => s.scalars.buffer)).size).toBeLessThan(got.length);
    // The frame is not written through: decoding again gives the original numbers.
    const again: AccountSummary[] = [];
    for (let k = 0; k < f.n; k++) {
      const s = summaryAt(f, k);
      if (s) again.push(s);
    }
    expect(again.map(plain)).toEqual(before);
  });

  it('add(summary) and addView(view) write the same frame', () => {
    const evs = events(60);
    const store = new FeatureStore();
    const a = new FrameWriter(64);
    const b = new FrameWriter(64);
    const view = emptyFeatureView();
    for (const e of evs) {
      const s = store.ingestDue(e);
      const v = s ? fillFeatureView(view, e.account_id, s, e.ts) : null;
      a.add(e.account_id, e.ts, v ? summarize(v) : null);
      b.addView(e.account_id, e.ts, v, s ? s.owner : 0);
    }
    const fa = a.take().frame;
    const fb = b.take().frame;
    for (let k = 0; k < fa.n; k++) expect(plain(summaryAt(fa, k))).toEqual(plain(summaryAt(fb, k)));
  });
});
