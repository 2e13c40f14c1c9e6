import { createScenario } from '@lockstep/sim';
import { createPipeline } from '@lockstep/pipeline';
import { tokenKeyString } from '@lockstep/features';
import { EventValidator } from '@lockstep/contracts';
const sc = createScenario({ seed: 1, accounts: 4000, hours: 48 });
const evs = [...sc.events()];
const group = new Map(sc.labels().map((l) => [l.account_id, l.group]));
const p = createPipeline();
const v = new EventValidator(7 * 86_400_000);
const target = process.argv[2]!;
let done = false;
for (const e of evs) {
  const r = v.validate(e);
  if (!r.ok) continue;
  const ch = p.process(r.event);
  if (!done && ch.some((c) => c.account_id === target && c.action !== 'allow')) {
    done = true;
    const det: any = p.detector;
    const s = det.accounts.peek(target);
    const idx: Map<number, any> = det.tokenIndex;
    for (let x = 0; x < s.tokens.length; x++) {
      const hit = idx.get(s.tokenIds[x]);
      // who else carries it
      const others: Record<string, number> = {};
      for (const [id, o] of det.accounts.entries()) if (o.tokens.includes(s.tokens[x])) others[group.get(id)!] = (others[group.get(id)!] ?? 0) + 1;
      console.log(tokenKeyString(s.tokens[x]), hit ? `${hit.campaign} w=${hit.weight.toFixed(2)}` : '-', JSON.stringify(others));
    }
  }
}
