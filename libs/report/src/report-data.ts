import type { RunSummary } from './summary';
import type { Timeline } from './timeline';

export interface PlotPoint {
  account_id: string;
  x: number;
  y: number;
  group: string;
  label: 'benign' | 'campaign';
  flagged: boolean;
}

/** Everything the HTML report shows; built by the demo, rendered by renderReport. */
export interface ReportData {
  title: string;
  /** ISO time of the run (passed in so that rendering stays a pure function). */
  generatedAt: string;
  scenario: { seed: number; accounts: number; hours: number; startTs: number; events: number };
  run: { wallMs: number; eventsPerSec: number };
  summary: RunSummary;
  timeline: Timeline;
  plot: { method: string; explained?: [number, number]; points: PlotPoint[] };
}
