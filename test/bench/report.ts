import type { BenchRow } from './types';

export interface SuiteResult {
  file: string;
  rows: BenchRow[];
  error?: string;
  elapsedMs: number;
}

const COLUMNS = ['suite', 'metric', 'value', 'unit', 'baseline', 'ratio', 'target', 'pass'] as const;

function num(v: number | undefined): string {
  if (v === undefined || v === null || !Number.isFinite(v)) return '-';
  if (Number.isInteger(v)) return String(v);
  const abs = Math.abs(v);
  return abs >= 1000 ? v.toFixed(0) : abs >= 100 ? v.toFixed(1) : abs >= 1 ? v.toFixed(2) : v.toPrecision(3);
}

/** value / baseline, the figure to read beside the baseline measured in the same run. */
export function ratio(row: BenchRow): number | undefined {
  if (row.baseline === undefined || !Number.isFinite(row.baseline) || row.baseline === 0) return undefined;
  return row.value / row.baseline;
}

function cells(row: BenchRow): string[] {
  const r = ratio(row);
  const baseline = row.baseline === undefined ? '-' : `${num(row.baseline)}${row.baselineLabel ? ` (${row.baselineLabel})` : ''}`;
  return [row.suite, row.metric, num(row.value), row.unit, baseline, r === undefined ? '-' : `${r.toFixed(2)}x`, row.target ?? '-', row.pass === undefined ? '-' : row.pass ? 'yes' : 'NO'];
}

/** One aligned table of every suite's rows; a suite that crashed gets a row saying so. */
export function formatBenchTable(results: readonly SuiteResult[]): string {
  const body: string[][] = [];
  for (const res of results) {
    for (const row of res.rows) body.push(cells(row));
    if (res.error) body.push([suiteName(res.file), 'ERROR', '-', '-', '-', '-', '-', 'NO']);
  }
  const header = COLUMNS.map((c) => c);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const right = new Set([2, 5]);
  const line = (r: string[]) => r.map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

export function suiteName(file: string): string {
  return (file.split('/').pop() ?? file).replace(/\.bench\.ts$/, '');
}

/** Checks a module's rows against the BenchRow shape so a malformed bench fails loudly. */
export function validateRows(rows: unknown): BenchRow[] {
  if (!Array.isArray(rows)) throw new Error('run() must resolve to an array of BenchRow');
  return rows.map((r, i) => {
    const row = r as Partial<BenchRow>;
    if (typeof row.suite !== 'string' || typeof row.metric !== 'string' || typeof row.unit !== 'string' || typeof row.value !== 'number') {
      throw new Error(`row ${i} is not a BenchRow (needs suite, metric, value:number, unit)`);
    }
    return row as BenchRow;
  });
}
