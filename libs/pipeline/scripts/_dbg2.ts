import { createScenario } from '@lockstep/sim';
import { createPipeline } from '@lockstep/pipeline';
import { Detector, groupScore } from '@lockstep/detection';
import { tokenKeyString } from '@lockstep/features';
import { EventValidator } from '@lockstep/contracts';
const sc = createScenario({ seed: 1, accounts: 4000, hours: 48 });
const evs = [...sc.events()];
const group = new Map(sc.labels().map((l) => [l.account_id, l.group]));
const target = process.argv[2]!;
const D: any = Detector.prototype;
const orig = D.runJob;
let done = false;
D.runJob = function (job: any) {
  const res = orig.call(this, job);
  const i = job.ids.indexOf(target);
  if (!done && i >= 0 && res.accountCampaign[i] >= 0) {
    done = true;
    const pop = job.request.pop;
    console.log('member of', res.campaigns[res.accountCampaign[i]].id, 'membership', res.membership[i]);
    const comp: Record<string, number> = {};
    for (let a = 0; a < job.ids.length; a++) if (res.accountCampaign[a] === res.accountCampaign[i]) comp[group.get(job.ids[a])!] = (comp[group.get(job.ids[a])!] ?? 0) + 1;
    console.log('component', JSON.stringify(comp), res.campaigns[res.accountCampaign[i]].topTokens.join(' '));
    for (let t = pop.tokOff[i]; t < pop.tokOff[i + 1]; t++) {
      const j = pop.tokIds[t];
      const carriers: number[] = [];
      for (let a = 0; a < pop.n; a++) for (let u = pop.tokOff[a]; u < pop.tokOff[a + 1]; u++) if (pop.tokIds[u] === j) carriers.push(a);
      const g: Record<string, number> = {};
      for (const a of carriers) g[group.get(job.ids[a])!] = (g[group.get(job.ids[a])!] ?? 0) + 1;
      const kind = tokenKeyString(pop.tokKeys[j]).split(':')[0]!;
      const sc2 = carriers.length >= 3 ? groupScore(pop, carriers, { intentLinked: ['tmpl', 'sys', 'sim'].includes(kind), simLinked: kind === 'sim', clusterOf: res.clusterOf }) : 0;
      console.log(tokenKeyString(pop.tokKeys[j]), carriers.length, sc2.toFixed(3), JSON.stringify(g));
    }
  }
  return res;
};
const p = createPipeline();
const v = new EventValidator(7 * 86_400_000);
for (const e of evs) { const r = v.validate(e); if (r.ok) p.process(r.event); }
