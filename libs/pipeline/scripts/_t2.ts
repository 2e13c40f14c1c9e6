import { replayEvents, readLines } from '@lockstep/pipeline';
import { Detector } from '@lockstep/detection';
const P: any = Detector.prototype;
const acc: Record<string, number> = {};
for (const m of ['prepare', 'runJob', 'apply', 'observeView']) {
  const orig = P[m];
  P[m] = function (...a: any[]) { const t = process.hrtime.bigint(); const r = orig.apply(this, a); acc[m] = (acc[m] ?? 0) + Number(process.hrtime.bigint() - t) / 1e6; return r; };
}
import { ClusterEngine } from '@lockstep/detection';
const E: any = ClusterEngine.prototype; const origRun = E.run;
async function main() {
  const f = '../shared/datasets/sample-2d.jsonl.gz';
  const t = Date.now();
  const r = await replayEvents(readLines(f), {});
  console.log('replay', Date.now() - t, r.stats.pipeline.detector, acc);
}
main();
const stats: any = { runs: 0, m: 0, occ: 0, scored: 0, n: 0, df3: 0 };
E.run = function (req: any) {
  const r = origRun.call(this, req);
  stats.runs++; stats.m += req.pop.tokKeys.length; stats.occ += req.pop.tokIds.length; stats.scored += r.tokensScored; stats.n += req.pop.n;
  if (stats.runs % 50 === 0) console.log(JSON.stringify(stats));
  return r;
};
