// Temporary tuning aid: campaigns of the final run with their group composition and evidence.
import { createScenario } from '@lockstep/sim';
import { createPipeline } from '@lockstep/pipeline';
import { EventValidator } from '@lockstep/contracts';

const sc = createScenario({ seed: Number(process.argv[2]), accounts: Number(process.argv[3]), hours: Number(process.argv[4] ?? 48) });
const evs = [...sc.events()];
const group = new Map(sc.labels().map((l) => [l.account_id, l.group]));
const p = createPipeline({ detector: { reclusterEveryMs: 1e15 } });
const v = new EventValidator(7 * 86_400_000);
for (const e of evs) { const r = v.validate(e); if (r.ok) p.process(r.event); }
const job = p.detector.prepare(evs[evs.length - 1]!.ts);
const res = p.detector.runJob(job);
res.campaigns.forEach((c, ci) => {
  const comp = new Map<string, number>();
  for (let i = 0; i < job.ids.length; i++) if (res.accountCampaign[i] === ci) comp.set(group.get(job.ids[i]!)!, (comp.get(group.get(job.ids[i]!)!) ?? 0) + 1);
  const show = process.argv[5] ? [...comp.keys()].some((g) => process.argv[5]!.split(',').includes(g)) : true;
  if (show) console.log(c.id, c.score.toFixed(3), JSON.stringify(Object.fromEntries(comp)), c.evidence.filter((e) => e.value !== 0).map((e) => `${e.signal}=${e.value}`).join(' '));
});
