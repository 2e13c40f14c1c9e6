import { DEFAULT_TOPICS, EventValidator, isFlagged, type RejectionCode } from '@lockstep/contracts';
import { FEATURE_NAMES } from '@lockstep/features';
import { createPipeline, type ActionChange, type PipelineOptions } from '@lockstep/pipeline';
import { TimelineBuilder, pca2, summarizeRun, type PlotPoint, type ReportData, type RunSummary, type TruthAccount } from '@lockstep/report';
import { createScenario, type AccountTruth, type LabelRow, type ScenarioOptions } from '@lockstep/sim';
import { InMemoryBus } from './bus';

export interface DemoProgress {
  events: number;
  eventTs: number;
  accounts: number;
  flagged: number;
  campaigns: number;
  elapsedMs: number;
}

export interface DemoOptions {
  scenario: ScenarioOptions;
  pipeline?: PipelineOptions;
  /** Called about every `progressEvery` events. */
  onProgress?: (p: DemoProgress) => void;
  progressEvery?: number;
  /** Wall clock (ms), injectable so tests stay deterministic. */
  now?: () => number;
}

export interface DemoResult {
  summary: RunSummary;
  report: ReportData;
  changes: ActionChange[];
  /** The scenario's labels (the CSV rows), for replaying the same traffic later. */
  labels: LabelRow[];
  events: number;
  rejected: Partial<Record<RejectionCode, number>>;
  wallMs: number;
}

function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

// Rates, counts and token sizes are heavy-tailed: compress them before PCA so one wrapper app does not flatten the plot.
const compress = (x: number) => (Number.isFinite(x) ? Math.sign(x) * Math.log1p(Math.abs(x)) : 0);

/**
 * The embedded demo: simulate a scenario, push every event through an in-memory bus into the
 * same FeatureStore -> Detector -> PolicyEngine pipeline the services run, and score the
 * resulting action changes against the scenario's truth.
 */
export async function runDemo(o: DemoOptions): Promise<DemoResult> {
  const now = o.now ?? Date.now;
  const started = now();
  const scenario = createScenario(o.scenario);
  const truthById = new Map<string, AccountTruth>(scenario.truth().map((t) => [t.account_id, t]));
  const timeline = new TimelineBuilder(scenario.startTs, scenario.endTs, 96);
  const bus = new InMemoryBus();
  const validator = new EventValidator();
  // The single place the demo calls the detection pipeline.
  const pipeline = createPipeline(o.pipeline ?? {});

  const changes: ActionChange[] = [];
  const eventsSeen = new Map<string, number>();
  const eventsToFlag = new Map<string, number>();
  const campaignsSeen = new Set<string>();
  const rejected: Partial<Record<RejectionCode, number>> = {};

  bus.subscribe<string>(DEFAULT_TOPICS.usage, (_key, raw) => {
    const r = validator.validateRaw(raw);
    if (!r.ok) {
      rejected[r.code] = (rejected[r.code] ?? 0) + 1;
      return;
    }
    const e = r.event;
    const t = truthById.get(e.account_id);
    if (t) timeline.addEvent(e.ts, t.group, t.label);
    eventsSeen.set(e.account_id, (eventsSeen.get(e.account_id) ?? 0) + 1);
    for (const c of pipeline.process(e)) bus.publish(DEFAULT_TOPICS.enforcement, c.account_id, c);
  });
  bus.subscribe<ActionChange>(DEFAULT_TOPICS.enforcement, (_key, c) => {
    changes.push(c);
    if (!isFlagged(c.action)) return;
    if (c.campaign_id) campaignsSeen.add(c.campaign_id);
    if (eventsToFlag.has(c.account_id)) return;
    eventsToFlag.set(c.account_id, eventsSeen.get(c.account_id) ?? 0);
    const t = truthById.get(c.account_id);
    if (t) timeline.addFlag(c.event_ts, t.group, t.label);
  });

  const every = o.progressEvery ?? 5000;
  const progress = (eventTs: number): DemoProgress => ({
    events: scenario.eventCount,
    eventTs,
    accounts: eventsSeen.size,
    flagged: eventsToFlag.size,
    campaigns: campaignsSeen.size,
    elapsedMs: now() - started,
  });
  let lastTs = scenario.startTs;
  let n = 0;
  for (const e of scenario.events()) {
    bus.publish(DEFAULT_TOPICS.usage, e.account_id, JSON.stringify(e));
    lastTs = e.ts;
    if (++n % every === 0) {
      o.onProgress?.(progress(e.ts));
      // Let signals and the terminal breathe during a long run.
      await yieldToLoop();
    }
  }
  o.onProgress?.(progress(lastTs));
  const wallMs = Math.max(1, now() - started);

  const labels = scenario.labels();
  const truth: TruthAccount[] = labels.map((l) => {
    const t = truthById.get(l.account_id)!;
    const flaggedAfter = eventsToFlag.get(l.account_id);
    return { ...t, first_ts: l.first_ts, ...(flaggedAfter !== undefined ? { eventsToFlag: flaggedAfter } : {}) };
  });
  const summary = summarizeRun(truth, changes, {
    topFalsePositives: 10,
    evidenceOf: (id) => {
      const c = pipeline.detector.campaign(id);
      if (!c) return undefined;
      return [...c.evidence]
        .filter((e) => e.weight > 0)
        .sort((a, b) => b.weight - a.weight || a.signal.localeCompare(b.signal))
        .slice(0, 4)
        .map((e) => `${e.signal}=${Math.round(e.value * 100) / 100}${e.detail ? ` (${e.detail})` : ''}`);
    },
  });

  const flagged = new Set(eventsToFlag.keys());
  const rows: { t: TruthAccount; v: number[] }[] = [];
  for (const t of truth) {
    const f = pipeline.features.snapshot(t.account_id, scenario.endTs);
    if (f) rows.push({ t, v: FEATURE_NAMES.map((name) => compress(f.features[name])) });
  }
  const proj = pca2(rows.map((r) => r.v));
  const points: PlotPoint[] = rows.map((r, i) => ({
    account_id: r.t.account_id,
    x: proj.points[i]!.x,
    y: proj.points[i]!.y,
    group: r.t.group,
    label: r.t.label,
    flagged: flagged.has(r.t.account_id),
  }));

  const o2 = scenario.options;
  const report: ReportData = {
    title: 'Lockstep demo report',
    generatedAt: new Date(now()).toISOString(),
    scenario: { seed: o2.seed, accounts: truth.length, hours: o2.hours, startTs: o2.startTs, events: scenario.eventCount },
    run: { wallMs, eventsPerSec: (scenario.eventCount / wallMs) * 1000 },
    summary,
    timeline: timeline.build(),
    plot: { method: `PCA of the ${FEATURE_NAMES.length} per-account features (log-compressed, standardised) at the end of the run`, explained: proj.explained, points },
  };
  return { summary, report, changes, labels, events: scenario.eventCount, rejected, wallMs };
}
