import { pca2 } from './pca';
import { summarizeRun, type ActionChange, type TruthAccount } from './summary';
import { TimelineBuilder } from './timeline';
import { renderReport } from './html';
import { renderTextReport } from './text';
import type { ReportData } from './report-data';

const H = 3_600_000;
const T0 = Date.UTC(2026, 2, 2);

const truth: TruthAccount[] = [
  { account_id: 'f1', label: 'campaign', group: 'hydra', tier: 'free', campaign: 'hydra-1', first_ts: T0 },
  { account_id: 'f2', label: 'campaign', group: 'hydra', tier: 'free', campaign: 'hydra-1', first_ts: T0 + H },
  { account_id: 'f3', label: 'campaign', group: 'hydra', tier: 'pro', campaign: 'hydra-1', newHead: true, first_ts: T0 + 5 * H },
  { account_id: 'r1', label: 'campaign', group: 'careful_ring', tier: 'pro', campaign: 'ring-1', first_ts: T0 },
  { account_id: 'r2', label: 'campaign', group: 'careful_ring', tier: 'pro', campaign: 'ring-1', first_ts: T0 },
  { account_id: 'e1', label: 'benign', group: 'enterprise_seat', tier: 'enterprise', verified: true, unit: 'org-1', first_ts: T0 },
  { account_id: 'c1', label: 'benign', group: 'casual', tier: 'free', first_ts: T0 },
  { account_id: 'c2', label: 'benign', group: 'casual', tier: 'free', first_ts: T0 },
];

const ch = (account_id: string, action: ActionChange['action'], hours: number, campaign_id: string | null = 'c-1', score = 0.9): ActionChange => ({
  account_id,
  action,
  event_ts: T0 + hours * H,
  score,
  campaign_id,
  reasons: ['shared payment_fp across 3 accounts', 'proxy churn 0.95'],
});

const changes: ActionChange[] = [
  ch('f1', 'monitor', 0.5),
  ch('f1', 'suspend', 1),
  ch('f2', 'throttle', 3),
  ch('f3', 'suspend', 5.5),
  ch('r1', 'monitor', 2, 'c-2', 0.5),
  ch('c1', 'throttle', 4, 'c-1', 0.7),
  ch('c1', 'allow', 6, null, 0.1),
];

describe('summarizeRun', () => {
  const s = summarizeRun(truth, changes);

  it('counts an account as flagged once any action reached throttle', () => {
    expect([s.tp, s.fp, s.fn, s.tn]).toEqual([3, 1, 2, 2]);
    expect(s.precision).toBeCloseTo(0.75);
    expect(s.recall).toBeCloseTo(0.6);
    expect(s.falsePositiveRate).toBeCloseTo(1 / 3);
    expect(s.enterpriseFalsePositives).toBe(0);
  });

  it('measures time to flag from the first event and judges each truth campaign', () => {
    const hydra = s.campaigns.find((c) => c.id === 'hydra-1')!;
    expect(hydra).toMatchObject({ size: 3, flagged: 3, found: true, newHeads: 1, newHeadsFlagged: 1, detectedAs: ['c-1'] });
    // TTFs: f1 1 h, f2 2 h, f3 0.5 h -> median 1 h.
    expect(hydra.medianTimeToFlagMs).toBe(H);
    expect(s.campaigns.find((c) => c.id === 'ring-1')!.found).toBe(false);
  });

  it('summarises detected campaigns with their true composition and evidence', () => {
    const c1 = s.detected.find((d) => d.campaign_id === 'c-1')!;
    expect(c1.size).toBe(4);
    expect(c1.composition).toEqual([['hydra', 3], ['casual', 1]]);
    expect(c1.evidence).toContain('shared payment_fp across 3 accounts');
    expect(s.detected.some((d) => d.campaign_id === 'c-2')).toBe(false);
  });

  it('explains each false positive with the reasons and what the account really is', () => {
    expect(s.falsePositives).toHaveLength(1);
    expect(s.falsePositives[0]!.account_id).toBe('c1');
    expect(s.falsePositives[0]!.explanation).toMatch(/throttle .*payment_fp.*CGNAT/);
  });
});

describe('pca2', () => {
  it('separates two well-apart clusters along the first axis, deterministically', () => {
    const a = Array.from({ length: 20 }, (_, i) => [0 + (i % 3) * 0.1, 1 + (i % 5) * 0.1, 5]);
    const b = Array.from({ length: 20 }, (_, i) => [10 + (i % 3) * 0.1, -4 + (i % 5) * 0.1, 5]);
    const p = pca2([...a, ...b]);
    const xa = p.points.slice(0, 20).map((q) => q.x);
    const xb = p.points.slice(20).map((q) => q.x);
    expect(Math.max(...xa) < Math.min(...xb) || Math.max(...xb) < Math.min(...xa)).toBe(true);
    expect(p.explained[0]).toBeGreaterThan(0.9);
    expect(pca2([...a, ...b])).toEqual(p);
  });
});

describe('renderReport', () => {
  const tl = new TimelineBuilder(T0, T0 + 24 * H, 24);
  tl.addEvent(T0 + 1, 'hydra', 'campaign');
  tl.addFlag(T0 + H, 'hydra', 'campaign');
  tl.addEvent(T0 + 2 * H, 'casual', 'benign');
  const data: ReportData = {
    title: 'Lockstep demo <test>',
    generatedAt: '2026-03-03T00:00:00Z',
    scenario: { seed: 1, accounts: 8, hours: 24, startTs: T0, events: 3 },
    run: { wallMs: 1000, eventsPerSec: 3 },
    summary: summarizeRun(truth, changes),
    timeline: tl.build(),
    plot: { method: 'PCA of features', explained: [0.5, 0.2], points: truth.map((t, i) => ({ account_id: t.account_id, x: i, y: i % 3, group: t.group, label: t.label, flagged: i < 3 })) },
  };
  const html = renderReport(data);

  it('is one self-contained page with the plot, the timeline and the campaign table', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('id="cluster-plot"');
    expect(html).toContain('id="campaign-table"');
    expect(html).toContain('id="timeline"');
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<link\b/i);
    expect((html.match(/class="pt"/g) ?? []).length).toBe(truth.length);
  });

  it('escapes text from the data', () => {
    expect(html).toContain('Lockstep demo &lt;test&gt;');
    expect(html).not.toContain('<test>');
  });

  it('has a text counterpart for the terminal', () => {
    const text = renderTextReport(data.summary);
    expect(text).toMatch(/Precision 0\.7500 +recall 0\.6000/);
    expect(text).toMatch(/1\/2 found/);
    expect(text).toMatch(/every campaign found NOT met \(1\/2\); no enterprise account among the false positives met/);
    expect(text).toContain('c1 [casual, free]');
  });
});
