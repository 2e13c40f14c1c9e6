import { EventValidator, type RejectionCode } from '@lockstep/contracts';
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

/** One change as one output line (stable key order, so output is byte-identical across runs). */
export function formatChange(c: ActionChange): string {
  return JSON.stringify({ account_id: c.account_id, action: c.action, event_ts: c.event_ts, score: c.score, campaign_id: c.campaign_id, reasons: c.reasons });
}
