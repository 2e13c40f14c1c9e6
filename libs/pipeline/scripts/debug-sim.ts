// Prints the evidence of token groups dominated by one labelled group (tuning aid, not a test).
import { createScenario } from '@lockstep/sim';
import { createPipeline } from '@lockstep/pipeline';
import { scoreGroup, TOKEN_KINDS_DEBUG } from './debug-helpers';
import { EventValidator } from '@lockstep/contracts';

async function main() {
  const sc = createScenario({ seed: Number(process.argv[2] ?? 1), accounts: Number(process.argv[3] ?? 4000), hours: 48 });
  const want = (process.argv[4] ?? 'careful_ring,reseller,student').split(',');
  const evs = [...sc.events()];
  const group = new Map(sc.labels().map((l) => [l.account_id, l.group]));
  const p = createPipeline({ detector: { reclusterEveryMs: 1e15 } });
  const v = new EventValidator(7 * 86_400_000);
  for (const e of evs) {
    const r = v.validate(e);
    if (r.ok) p.process(r.event);
  }
  const job = p.detector.prepare(evs[evs.length - 1]!.ts);
  const res = p.detector.runJob(job);
  const pop = job.request.pop;
  const carriers = new Map<number, number[]>();
  for (let i = 0; i < pop.n; i++) for (let t = pop.tokOff[i]!; t < pop.tokOff[i + 1]!; t++) {
    const j = pop.tokIds[t]!;
    (carriers.get(j) ?? carriers.set(j, []).get(j)!).push(i);
  }
  const shown = new Map<string, number>();
  for (const [j, list] of carriers) {
    if (list.length < 3) continue;
    const groups = new Map<string, number>();
    for (const i of list) groups.set(group.get(job.ids[i]!)!, (groups.get(group.get(job.ids[i]!)!) ?? 0) + 1);
    const [g, c] = [...groups.entries()].sort((a, b) => b[1] - a[1])[0]!;
    if (!want.includes(g) || c / list.length < 0.8) continue;
    const kind = TOKEN_KINDS_DEBUG[Math.floor(pop.tokKeys[j]! / 4294967296)]!;
    const key = `${g}/${kind}`;
    if ((shown.get(key) ?? 0) >= 2) continue;
    shown.set(key, (shown.get(key) ?? 0) + 1);
    const s = scoreGroup(pop, list, { intentLinked: ['tmpl', 'sys', 'sim'].includes(kind), simLinked: kind === 'sim', clusterOf: res.clusterOf });
    console.log(`${key} df=${list.length} score=${s.score.toFixed(3)} ` + s.evidence.map((e) => `${e.signal}=${e.value}`).join(' '));
  }
}
main();
