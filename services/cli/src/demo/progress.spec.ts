import { ProgressView } from './progress';
import type { DemoProgress } from './run-demo';

function sink() {
  const chunks: string[] = [];
  return { chunks, out: { write: (s: string) => chunks.push(s), columns: 200 } as unknown as NodeJS.WriteStream };
}

const at = (events: number, elapsedMs: number): DemoProgress => ({ events, eventTs: Date.UTC(2026, 2, 2, 5), accounts: 10, flagged: 2, campaigns: 1, elapsedMs });

describe('ProgressView', () => {
  it('rewrites one status line in place on a terminal', () => {
    const s = sink();
    const v = new ProgressView(s.out, true);
    v.update(at(100, 500));
    v.update(at(200, 900));
    v.done(at(300, 1000));
    expect(s.chunks.slice(0, 2).every((c) => c.startsWith('\r') && !c.includes('\n'))).toBe(true);
    expect(s.chunks[2]).toMatch(/^\rdemo: 300 events \(300\/s\).*1 campaigns.*\n$/);
  });

  it('prints plain lines at most every few seconds otherwise, and the final one once', () => {
    const s = sink();
    const v = new ProgressView(s.out, false, 3000);
    v.update(at(100, 1000));
    v.update(at(200, 2000));
    v.update(at(300, 3500));
    v.update(at(400, 4000));
    v.done(at(400, 4000));
    expect(s.chunks).toHaveLength(2);
    expect(s.chunks.every((c) => !c.includes('\r') && c.endsWith('\n'))).toBe(true);
    expect(s.chunks[1]).toMatch(/^demo: 400 events/);
  });
});
