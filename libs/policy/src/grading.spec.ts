import { evidenceCount } from './grading';
import type { PolicyEvidence } from './types';

const e = (signal: string, weight: number): PolicyEvidence => ({ signal, value: 1, weight, detail: '' });

describe('evidenceCount', () => {
  it('counts distinct signals with positive weight', () => {
    expect(evidenceCount(undefined)).toBe(0);
    expect(evidenceCount([])).toBe(0);
    expect(evidenceCount([e('a', 0.5), e('b', 0), e('a', 0.2), e('c', NaN), e('d', 0.1), e('b', 0.3)])).toBe(3);
    expect(evidenceCount([e('a', 0), e('a', 0.1)])).toBe(1);
  });

  it('gives the same count for long lists', () => {
    const long = Array.from({ length: 100 }, (_, i) => e(`s${i % 37}`, i % 5 === 0 ? 0 : 0.1));
    const expected = new Set(long.filter((x) => x.weight > 0).map((x) => x.signal)).size;
    expect(evidenceCount(long)).toBe(expected);
    expect(evidenceCount(long.slice(0, 30))).toBe(new Set(long.slice(0, 30).filter((x) => x.weight > 0).map((x) => x.signal)).size);
  });
});
