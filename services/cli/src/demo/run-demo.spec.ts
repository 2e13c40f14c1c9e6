import { runDemo } from './run-demo';

describe('runDemo', () => {
  const opts = () => {
    let t = 0;
    return { scenario: { seed: 4, accounts: 300, hours: 4 }, now: () => (t += 1000) };
  };

  it('runs the scenario through the pipeline and scores it against the truth, deterministically', async () => {
    const seen: number[] = [];
    const a = await runDemo({ ...opts(), progressEvery: 1000, onProgress: (p) => seen.push(p.events) });
    const b = await runDemo(opts());
    expect(a.events).toBeGreaterThan(1000);
    expect(b.changes).toEqual(a.changes);
    expect(b.summary).toEqual(a.summary);
    expect(seen[seen.length - 1]).toBe(a.events);
    expect(Object.keys(a.rejected)).toHaveLength(0);

    const s = a.summary;
    expect(s.tp + s.fn).toBe(a.labels.filter((l) => l.label === 'campaign').length);
    expect(s.fp + s.tn).toBe(a.labels.filter((l) => l.label === 'benign').length);
    const rows = a.report.timeline.rows;
    expect(rows.reduce((n, r) => n + r.events.reduce((x, y) => x + y, 0), 0)).toBe(a.events);
    expect(rows.reduce((n, r) => n + r.flags.reduce((x, y) => x + y, 0), 0)).toBe(s.tp + s.fp);
    expect(a.report.plot.points.length).toBeGreaterThan(0.9 * a.labels.length);
    expect(a.report.plot.points.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))).toBe(true);
  }, 60_000);
});
