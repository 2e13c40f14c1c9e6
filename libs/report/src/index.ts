export { renderReport, groupColours } from './html';
export { renderTextReport } from './text';
export { pca2, type Projection } from './pca';
export { TimelineBuilder, type Timeline, type TimelineRow } from './timeline';
export {
  summarizeRun,
  median,
  LOOK_ALIKE_WHY,
  type ActionChange,
  type DetectedCampaign,
  type FalsePositive,
  type GroupRow,
  type RunSummary,
  type SummarizeOptions,
  type TruthAccount,
  type TruthCampaignRow,
} from './summary';
export type { PlotPoint, ReportData } from './report-data';
export { duration, pct, isoMinute, escapeHtml } from './format';
