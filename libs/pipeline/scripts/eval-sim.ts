// Replays a @lockstep/sim scenario (every family, including the hard cases) and prints the evaluation.
// Usage: npx tsx libs/pipeline/scripts/eval-sim.ts [seed] [accounts] [hours]
import { createScenario, labelsToCsv } from '@lockstep/sim';
import { evaluate, formatEvaluation, replayEvents } from '@lockstep/pipeline';

async function main() {
  const seed = Number(process.argv[2] ?? 1);
  const accounts = Number(process.argv[3] ?? 4000);
  const hours = Number(process.argv[4] ?? 48);
  const sc = createScenario({ seed, accounts, hours });
  const lines = [...sc.events()].map((e) => JSON.stringify(e));
  const r = await replayEvents(lines, { maxFutureSkewMs: 7 * 86_400_000 });
  console.log(`${lines.length} events, ${r.stats.malformed} malformed, ${r.stats.wallMs} ms`);
  console.log(formatEvaluation(evaluate(r.changes, labelsToCsv(sc.labels()))));
  const benign = new Map(sc.labels().filter((l) => l.label === 'benign').map((l) => [l.account_id, l.group]));
  const seen = new Set<string>();
  for (const c of r.changes) {
    if (!benign.has(c.account_id) || seen.has(c.account_id) || !['throttle', 'challenge', 'suspend'].includes(c.action)) continue;
    seen.add(c.account_id);
    if (process.env.SHOW_FP) console.log('FP', benign.get(c.account_id), c.account_id, c.action, c.campaign_id, c.score, c.reasons.join(' '));
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
