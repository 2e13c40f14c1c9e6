/** One measured figure. Each bench measures its baseline in the same run as the figure itself. */
export interface BenchRow {
  suite: string;
  metric: string;
  value: number;
  unit: string;
  baseline?: number;
  baselineLabel?: string;
  /** Human-readable target, e.g. ">= 100000" or "<= 2 KiB". */
  target?: string;
  pass?: boolean;
}

export interface BenchOptions {
  quick: boolean;
}

/** What every test/bench/<area>.bench.ts exports. */
export type BenchRun = (opts: BenchOptions) => Promise<BenchRow[]>;
