// Temporary tuning aid: one account's features and who shares its tokens.
import { createScenario } from '@lockstep/sim';
import { FeatureStore } from '@lockstep/features';
import { EventValidator } from '@lockstep/contracts';

const sc = createScenario({ seed: Number(process.argv[2]), accounts: Number(process.argv[3]), hours: 48 });
const target = process.argv[4]!;
const group = new Map(sc.labels().map((l) => [l.account_id, l.group]));
const store = new FeatureStore();
const v = new EventValidator(7 * 86_400_000);
const ids = new Set<string>();
for (const e of sc.events()) { const r = v.validate(e); if (r.ok) { store.ingest(r.event); ids.add(e.account_id); } }
const me = store.snapshot(target)!;
console.log(group.get(target), me.n_events, JSON.stringify(Object.fromEntries(Object.entries(me.features).filter(([k]) => k.startsWith('shared') || ['cot_share', 'out_in_ratio', 'max_tokens_mean'].includes(k)))));
const mine = new Set(me.tokens.filter((t) => !t.startsWith('asn') && !t.startsWith('ua')));
for (const id of ids) {
  if (id === target) continue;
  const o = store.snapshot(id);
  if (!o) continue;
  const common = o.tokens.filter((t) => mine.has(t));
  if (common.length) console.log(' ', group.get(id), id, common.join(' '));
}
