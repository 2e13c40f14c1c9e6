// Worker-thread entry: reads, validates and featurizes events (and summarizes the features for the
// detector), handing frames to the replaying thread.
import { parentPort, workerData } from 'node:worker_threads';
import { EventValidator, type Rejection } from '@lockstep/contracts';
import { emptyFeatureView, FeatureStore, fillFeatureView as fillFeatureViewExport } from '@lockstep/features';
import { FrameWriter } from './feature-frames';
import { InputError, readLineBatches } from './io';
import type { FeatureThreadOptions, FeatureThreadMessage, InputStats } from './feature-thread';

const o = workerData as FeatureThreadOptions;
// Read once: every use of an imported binding goes through the package index's getter (the features
// index is a dictionary-mode object, so each is a lookup and a call), once per event here.
const fillFeatureView = fillFeatureViewExport;
/** Frames handed over but not yet processed: bounds memory when the replaying thread is slower. */
const MAX_IN_FLIGHT = 4;
/** Events in the first frame (later ones double up to frameEvents): the replaying thread idles until it arrives. */
const FIRST_FRAME_EVENTS = 256;
let inFlight = 0;
let wake: (() => void) | null = null;
parentPort!.on('message', (m: 'ack') => {
  if (m !== 'ack') return;
  inFlight--;
  if (wake) {
    const w = wake;
    wake = null;
    w();
  }
});
const post = (m: FeatureThreadMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);

/**
 * One input line into the frame being written: validated, folded into the store and, when it emits,
 * summarized. A function of its own (not inlined in main's loop), so TurboFan optimizes it apart from
 * main's await and batching code, and a deopt in either recompiles only that one.
 */
class LineFeaturizer {
  readonly stats: InputStats = { lines: 0, valid: 0, malformed: 0, malformedByCode: {}, malformedSamples: [] };
  /** The view the summaries are made of (only read by them, so one is refilled for every event). */
  private readonly view = emptyFeatureView();

  constructor(
    private readonly validator: EventValidator,
    readonly store: FeatureStore,
    private readonly writer: FrameWriter,
  ) {}

  line(line: string): void {
    if (line.length === 0) return;
    const stats = this.stats;
    stats.lines++;
    const r = this.validator.validateRaw(line);
    if (!r.ok) {
      this.malformed(r);
      return;
    }
    stats.valid++;
    // The detector's summary of the features is a pure function of them: made here, off its thread,
    // straight into the frame.
    const e = r.event;
    const state = this.store.ingestDue(e);
    this.writer.addView(e.account_id, e.ts, state ? fillFeatureView(this.view, e.account_id, state, e.ts) : null, state ? state.owner : 0);
  }

  private malformed(r: Rejection): void {
    const stats = this.stats;
    stats.malformed++;
    stats.malformedByCode[r.code] = (stats.malformedByCode[r.code] ?? 0) + 1;
    if (stats.malformedSamples.length < 5) stats.malformedSamples.push({ line: stats.lines, code: r.code, message: r.message });
  }
}

async function main(): Promise<void> {
  const validator = o.maxFutureSkewMs === undefined ? new EventValidator() : new EventValidator(o.maxFutureSkewMs);
  const writer = new FrameWriter(o.frameEvents ?? 4096, FIRST_FRAME_EVENTS);
  const featurizer = new LineFeaturizer(validator, new FeatureStore(o.features), writer);
  const limit = o.limit ?? Infinity;
  let read = 0;
  const flush = async () => {
    const { frame, transfer } = writer.take();
    post({ type: 'frame', frame }, transfer);
    if (++inFlight >= MAX_IN_FLIGHT) await new Promise<void>((r) => (wake = r));
  };
  outer: for await (const batch of readLineBatches(o.input)) {
    for (const line of batch) {
      if (read++ >= limit) break outer;
      featurizer.line(line);
      if (writer.full) await flush();
    }
  }
  if (writer.size > 0) await flush();
  post({ type: 'end', stats: featurizer.stats, features: featurizer.store.stats() });
}

main().catch((err: Error) => post({ type: 'error', message: err.message, input: err instanceof InputError }));
