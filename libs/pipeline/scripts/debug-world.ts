// Debug view of the seeded hard-case world used by pipeline.spec.ts.
import { replayEvents, evaluate, formatEvaluation } from '@lockstep/pipeline';
import { world } from './world';
async function main() {
  const { events, labels } = world(Number(process.argv[2] ?? 7));
  const r = await replayEvents(events.map((e) => JSON.stringify(e)), { maxFutureSkewMs: 7 * 86_400_000, detector: { reclusterEveryMs: 15 * 60_000 } });
  console.log(formatEvaluation(evaluate(r.changes, labels)));
  console.log(r.stats.pipeline.detector, r.stats.malformed, r.stats.malformedSamples);
}
main();
