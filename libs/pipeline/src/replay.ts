import { EventValidator, type RejectionCode } from '@lockstep/contracts';
import { summaryAt } from './feature-frames';
import { FeatureThread } from './feature-thread';
import { createPipeline, type ActionChange, type PipelineOptions, type PipelineStats } from './pipeline';

export interface ReplayOptions extends PipelineOptions {
  /** Called with each change as it happens (streaming output); changes are also returned. */
  onChange?: (c: ActionChange) => void;
  /**
   * The validator rejects events this far ahead of the newest one seen (contract default 5 min).
   * Note that a quiet gap longer than this in a sparse file also trips it; raise it for such files.
   */
  maxFutureSkewMs?: number;
}

export interface ReplayStats {
  lines: number;
  valid: number;
  malformed: number;
  malformedByCode: Partial<Record<RejectionCode, number>>;
  /** First few rejections, with their line numbers, for the report. */
  malformedSamples: { line: number; code: RejectionCode; message: string }[];
  wallMs: number;
  pipeline: PipelineStats;
}

export interface ReplayResult {
  changes: ActionChange[];
  stats: ReplayStats;
}

/**
 * Replays api.usage.v1 lines through the in-process pipeline as fast as possible, on event time.
 * Each line is validated with the contract's EventValidator; bad lines are counted, never fatal.
 * The same input yields the same changes, in event-time order.
 */
export async function replayEvents(lines: AsyncIterable<string> | Iterable<string>, opts: ReplayOptions = {}): Promise<ReplayResult> {
  const started = Date.now();
  const validator = opts.maxFutureSkewMs === undefined ? new EventValidator() : new EventValidator(opts.maxFutureSkewMs);
  const pipeline = createPipeline(opts);
  const changes: ActionChange[] = [];
  const stats: Omit<ReplayStats, 'pipeline' | 'wallMs'> = { lines: 0, valid: 0, malformed: 0, malformedByCode: {}, malformedSamples: [] };
  for await (const raw of lines as AsyncIterable<string>) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.length === 0) continue;
    stats.lines++;
    const r = validator.validateRaw(line);
    if (!r.ok) {
      stats.malformed++;
      stats.malformedByCode[r.code] = (stats.malformedByCode[r.code] ?? 0) + 1;
      if (stats.malformedSamples.length < 5) stats.malformedSamples.push({ line: stats.lines, code: r.code, message: r.message });
      continue;
    }
    stats.valid++;
    const wait = pipeline.waitFor(r.event.ts);
    if (wait) await wait;
    for (const c of pipeline.process(r.event)) {
      changes.push(c);
      opts.onChange?.(c);
    }
  }
  try {
    for (const c of await pipeline.finish()) {
      changes.push(c);
      opts.onChange?.(c);
    }
  } finally {
    await pipeline.close();
  }
  // Input is ordered by ts; slightly late events (within the validator's skew) are put back in order.
  changes.sort((a, b) => a.event_ts - b.event_ts);
  return { changes, stats: { ...stats, wallMs: Date.now() - started, pipeline: pipeline.stats() } };
}

/**
 * replayEvents() over a file, with reading, validation and features on a second thread: while
 * this thread runs the detector and policy on one frame of events, the other reads and featurizes
 * the next. The feature store sees the same events in the same order either way, so the changes
 * are identical to replayEvents(readLines(input), opts). `limit` stops after that many input lines.
 */
export async function replayFile(input: string, opts: ReplayOptions & { limit?: number; frameEvents?: number } = {}): Promise<ReplayResult> {
  const started = Date.now();
  const front = new FeatureThread({ input, features: opts.features, maxFutureSkewMs: opts.maxFutureSkewMs, limit: opts.limit, frameEvents: opts.frameEvents });
  const pipeline = createPipeline(opts);
  const changes: ActionChange[] = [];
  try {
    for await (const f of front.frames()) {
      for (let k = 0; k < f.n; k++) {
        const ts = f.ts[k]!;
        const wait = pipeline.waitFor(ts);
        if (wait) await wait;
        const out = pipeline.processSummary(f.accounts[k]!, ts, summaryAt(f, k));
        for (let x = 0; x < out.length; x++) {
          changes.push(out[x]!);
          opts.onChange?.(out[x]!);
        }
      }
    }
    for (const c of await pipeline.finish()) {
      changes.push(c);
      opts.onChange?.(c);
    }
  } finally {
    await Promise.all([front.close(), pipeline.close()]);
  }
  const r = front.result!;
  changes.sort((a, b) => a.event_ts - b.event_ts);
  return { changes, stats: { ...r.stats, wallMs: Date.now() - started, pipeline: { ...pipeline.stats(), features: r.features } } };
}

/** One change as one output line (stable key order, so output is byte-identical across runs). */
export function formatChange(c: ActionChange): string {
  return JSON.stringify({ account_id: c.account_id, action: c.action, event_ts: c.event_ts, score: c.score, campaign_id: c.campaign_id, reasons: c.reasons });
}
