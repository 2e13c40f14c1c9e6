import { createWriteStream, readFileSync, existsSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { evaluate, formatEvaluation, type Evaluation } from './evaluate';
import { InputError, readLines } from './io';
import type { DetectorDecision } from '@lockstep/detection';
import type { PipelineOptions } from './pipeline';
import { formatChange, replayEvents, replayFile, type ReplayStats } from './replay';

export interface RunReplayOptions {
  /** Path to .jsonl / .jsonl.gz, or '-' for stdin. */
  input: string;
  /** Path for decisions (one JSON change per line), or '-' for stdout. */
  output: string;
  /** Labels CSV path: when given, the evaluation is computed and included in the report. */
  labels?: string;
  /** Pipeline options (features, detector, policy), e.g. parsed from --config. */
  pipeline?: PipelineOptions;
}

export interface RunReplayResult {
  stats: ReplayStats;
  changes: number;
  evaluation: Evaluation | null;
  /** Human-readable summary (replay stats, plus the evaluation when labels were given). */
  report: string;
}

/** Everything `lockstep replay` does, in one call: read, replay, write, evaluate, report. */
export async function runReplay(o: RunReplayOptions): Promise<RunReplayResult> {
  if (o.labels && !existsSync(o.labels)) throw new InputError(`labels file not found: ${o.labels}`);
  const verified = new Map<string, boolean>();
  const opts = {
    ...(o.pipeline ?? {}),
    onDecision: (d: DetectorDecision) => {
      verified.set(d.account_id, d.verified);
      o.pipeline?.onDecision?.(d);
    },
  };
  // A file is read and featurized on a second thread; stdin goes through this one.
  const res = o.input === '-' ? await replayEvents(readLines(o.input), opts) : await replayFile(o.input, opts);
  const out: Writable = o.output === '-' ? process.stdout : createWriteStream(o.output);
  const chunk: string[] = [];
  for (const c of res.changes) {
    chunk.push(formatChange(c));
    if (chunk.length >= 4096) {
      await write(out, chunk.join('\n') + '\n');
      chunk.length = 0;
    }
  }
  if (chunk.length) await write(out, chunk.join('\n') + '\n');
  if (out !== process.stdout) await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));

  const s = res.stats;
  const eps = s.wallMs > 0 ? Math.round((s.valid / s.wallMs) * 1000) : 0;
  const lines = [
    `replay: ${s.lines} lines, ${s.valid} valid, ${s.malformed} malformed${s.malformed ? ` (${Object.entries(s.malformedByCode).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}`,
    `        ${res.changes.length} action changes, ${s.pipeline.decisions} decisions, ${s.pipeline.detector.runs} clustering runs, ${s.wallMs} ms (${eps} events/s)`,
  ];
  for (const m of s.malformedSamples) lines.push(`        line ${m.line}: ${m.code}: ${m.message}`);
  let evaluation: Evaluation | null = null;
  if (o.labels) {
    evaluation = evaluate(res.changes, readFileSync(o.labels, 'utf8'), { verifiedOf: (id) => verified.get(id) });
    lines.push('', formatEvaluation(evaluation));
  }
  return { stats: s, changes: res.changes.length, evaluation, report: lines.join('\n') };
}

function write(w: Writable, s: string): Promise<void> {
  return new Promise((resolve, reject) => {
    w.write(s, (err) => (err ? reject(err) : resolve()));
  });
}
