// Temporary tuning aid: per-group means of the shared-stream scalars and reseller token groups.
import { createScenario } from '@lockstep/sim';
import { createPipeline } from '@lockstep/pipeline';
import { scoreGroup } from './debug-helpers';
import { EventValidator } from '@lockstep/contracts';

const S = { nonHuman: 5, harvest: 7, sharedHarvest: 13, sharedHours: 14, sharedReworded: 15, width: 16 };
async function main() {
  const sc = createScenario({ seed: Number(process.argv[2] ?? 1), accounts: Number(process.argv[3] ?? 4000), hours: Number(process.argv[4] ?? 48) });
  const evs = [...sc.events()];
  const group = new Map(sc.labels().map((l) => [l.account_id, l.group]));
  const p = createPipeline({ detector: { reclusterEveryMs: 1e15 } });
  const v = new EventValidator(7 * 86_400_000);
  for (const e of evs) { const r = v.validate(e); if (r.ok) p.process(r.event); }
  const job = p.detector.prepare(evs[evs.length - 1]!.ts);
  const res = p.detector.runJob(job);
  const pop = job.request.pop;
  const agg = new Map<string, number[]>();
  for (let i = 0; i < pop.n; i++) {
    const g = group.get(job.ids[i]!)!;
    const a = agg.get(g) ?? agg.set(g, [0, 0, 0, 0, 0, 0, 0]).get(g)!;
    const b = i * S.width;
    a[0]! += 1; a[1]! += pop.scalars[b + S.sharedHarvest]!; a[2]! += pop.scalars[b + S.sharedHours]!; a[3]! += pop.scalars[b + S.sharedReworded]!;
    a[4]! += pop.tokOff[i + 1]! - pop.tokOff[i]!; a[5]! += pop.scalars[b + S.nonHuman]!; a[6]! += pop.scalars[b + S.harvest]!;
  }
  for (const [g, a] of agg) console.log(g.padEnd(18), 'n', a[0], 'sHarv', (a[1]! / a[0]!).toFixed(2), 'sHours', (a[2]! / a[0]!).toFixed(2), 'sRew', (a[3]! / a[0]!).toFixed(2), 'toks', (a[4]! / a[0]!).toFixed(1), 'nonHum', (a[5]! / a[0]!).toFixed(2), 'harv', (a[6]! / a[0]!).toFixed(2));
  const want = (process.argv[5] ?? 'reseller,researcher').split(',');
  const carriers = new Map<number, number[]>();
  for (let i = 0; i < pop.n; i++) for (let t = pop.tokOff[i]!; t < pop.tokOff[i + 1]!; t++) {
    const j = pop.tokIds[t]!;
    (carriers.get(j) ?? carriers.set(j, []).get(j)!).push(i);
  }
  const kinds = ['tmpl', 'sys', 'sim', 'pay', 'ip24', 'asn', 'ua', 'day'];
  const best = new Map<string, [number, string]>();
  for (const [j, list] of carriers) {
    if (list.length < 3 || list.length > 5000) continue;
    const groups = new Map<string, number>();
    for (const i of list) groups.set(group.get(job.ids[i]!)!, (groups.get(group.get(job.ids[i]!)!) ?? 0) + 1);
    const [g, c] = [...groups.entries()].sort((a, b) => b[1] - a[1])[0]!;
    if (c / list.length < 0.5) continue;
    const kind = kinds[Math.floor(pop.tokKeys[j]! / 4294967296)]!;
    if (kind === 'asn' || kind === 'ua') continue;
    const s = scoreGroup(pop, list, { intentLinked: ['tmpl', 'sys', 'sim'].includes(kind), simLinked: kind === 'sim', clusterOf: res.clusterOf });
    const cur = best.get(g);
    if (!cur || s.logit > cur[0]) best.set(g, [s.logit, `${g}/${kind} df=${list.length} score=${s.score.toFixed(3)} logit=${s.logit.toFixed(2)} ` + s.evidence.filter((e) => e.value !== 0).map((e) => `${e.signal}=${e.value}`).join(' ')]);
  }
  for (const [, [, line]] of [...best.entries()].sort()) console.log(line);
  void want;
}
main();
