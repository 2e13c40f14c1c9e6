// Worker-thread entry: reads, validates and featurizes events (and summarizes the features for the
// detector), handing frames to the replaying thread.
import { parentPort, workerData } from 'node:worker_threads';
import { EventValidator, type RejectionCode } from '@lockstep/contracts';
import { emptyFeatureView, FeatureStore, fillFeatureView } from '@lockstep/features';
import { FrameWriter } from './feature-frames';
import { InputError, readLineBatches } from './io';
import type { FeatureThreadOptions, FeatureThreadMessage, InputStats } from './feature-thread';

const o = workerData as FeatureThreadOptions;
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

async function main(): Promise<void> {
  const validator = o.maxFutureSkewMs === undefined ? new EventValidator() : new EventValidator(o.maxFutureSkewMs);
  const store = new FeatureStore(o.features);
  const writer = new FrameWriter(o.frameEvents ?? 4096, FIRST_FRAME_EVENTS);
  const view = emptyFeatureView();
  const stats: InputStats = { lines: 0, valid: 0, malformed: 0, malformedByCode: {}, malformedSamples: [] };
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
      if (line.length === 0) continue;
      stats.lines++;
      const r = validator.validateRaw(line);
      if (!r.ok) {
        stats.malformed++;
        stats.malformedByCode[r.code as RejectionCode] = (stats.malformedByCode[r.code] ?? 0) + 1;
        if (stats.malformedSamples.length < 5) stats.malformedSamples.push({ line: stats.lines, code: r.code, message: r.message });
        continue;
      }
      stats.valid++;
      // The detector's summary of the features is a pure function of them: made here, off its thread,
      // straight into the frame (the view is only read by it, so one is refilled for every event).
      const e = r.event;
      const state = store.ingestDue(e);
      writer.addView(e.account_id, e.ts, state ? fillFeatureView(view, e.account_id, state, e.ts) : null, state ? state.owner : 0);
      if (writer.full) await flush();
    }
  }
  if (writer.size > 0) await flush();
  post({ type: 'end', stats, features: store.stats() });
}

main().catch((err: Error) => post({ type: 'error', message: err.message, input: err instanceof InputError }));
