/** The benchmark runner's table and row checks (test/bench/report.ts); pure, no benchmarks run. */
import { formatBenchTable, ratio, suiteName, validateRows } from '../bench/report';

describe('bench report', () => {
  it('computes value/baseline, and nothing without a usable baseline', () => {
    expect(ratio({ suite: 's', metric: 'm', value: 300, unit: 'x', baseline: 100 })).toBe(3);
    expect(ratio({ suite: 's', metric: 'm', value: 300, unit: 'x' })).toBeUndefined();
    expect(ratio({ suite: 's', metric: 'm', value: 300, unit: 'x', baseline: 0 })).toBeUndefined();
  });

  it('prints one aligned table with every column, and a row for a suite that crashed', () => {
    const table = formatBenchTable([
      {
        file: '/r/test/bench/replay.bench.ts',
        elapsedMs: 10,
        rows: [
          { suite: 'replay', metric: 'throughput', value: 123456.7, unit: 'events/s', baseline: 61728.35, baselineLabel: 'read+parse', target: '>= 100000', pass: true },
          { suite: 'replay', metric: 'heap/account', value: 2500, unit: 'B', target: '<= 2048', pass: false },
        ],
      },
      { file: '/r/test/bench/policy.bench.ts', elapsedMs: 5, rows: [], error: 'boom' },
    ]);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^suite\s+metric\s+value\s+unit\s+baseline\s+ratio\s+target\s+pass$/);
    expect(lines[2]).toMatch(/^replay\s+throughput\s+123457\s+events\/s\s+61728 \(read\+parse\)\s+2\.00x\s+>= 100000\s+yes$/);
    expect(lines[3]).toMatch(/^replay\s+heap\/account\s+2500\s+B\s+-\s+-\s+<= 2048\s+NO$/);
    expect(lines[4]).toMatch(/^policy\s+ERROR\s+-/);
    // Aligned: every row starts its "metric" column at the same offset.
    const col = lines[0]!.indexOf('metric');
    for (const l of lines.slice(2)) expect(l.slice(col - 2, col)).toBe('  ');
  });

  it('rejects rows that are not BenchRows', () => {
    expect(() => validateRows({})).toThrow('run() must resolve to an array of BenchRow');
    expect(() => validateRows([{ suite: 's', metric: 'm', value: '1', unit: 'x' }])).toThrow('row 0 is not a BenchRow');
    expect(validateRows([{ suite: 's', metric: 'm', value: 1, unit: 'x' }])).toHaveLength(1);
  });

  it('names suites after their file', () => {
    expect(suiteName('/a/b/replay.bench.ts')).toBe('replay');
  });
});
