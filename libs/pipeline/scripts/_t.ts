import { replayEvents, readLines } from '@lockstep/pipeline';
async function main() {
  const f = '../shared/datasets/sample-2d.jsonl.gz';
  let t = Date.now(); let n = 0;
  for await (const l of readLines(f)) { JSON.parse(l); n++; }
  console.log('read+parse', Date.now() - t, 'ms', n);
  t = Date.now();
  const r = await replayEvents(readLines(f), { detector: { reclusterEveryMs: Number(process.argv[2] ?? 1e12) } });
  console.log('replay', Date.now() - t, r.stats.pipeline.decisions, r.stats.pipeline.detector.runs);
}
main();
