// Quick quality loop: replay a dataset and print the evaluation.
// Usage: npx tsx libs/pipeline/scripts/eval-sample.ts [events.jsonl.gz] [labels.csv] [out.jsonl] [sync|worker]
import { runReplay } from '@lockstep/pipeline';

async function main() {
  const input = process.argv[2] ?? '../shared/datasets/sample-2d.jsonl.gz';
  const labels = process.argv[3] ?? '../shared/datasets/sample-2d.labels.csv';
  const output = process.argv[4] ?? '/tmp/lockstep-decisions.jsonl';
  const clustering = (process.argv[5] ?? 'sync') as 'sync' | 'worker';
  const r = await runReplay({ input, output, labels, pipeline: { clustering } });
  console.log(r.report);
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
