// Temporary: FeatureStore ingest rate over the sample (events already parsed and validated).
import { FeatureStore } from '@lockstep/features';
import { EventValidator, type UsageEvent } from '@lockstep/contracts';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
const lines = zlib.gunzipSync(fs.readFileSync('/work/shared/datasets/sample-2d.jsonl.gz')).toString().split('\n').filter(Boolean);
const v = new EventValidator(7 * 86_400_000);
const evs: UsageEvent[] = [];
for (const l of lines) { const r = v.validateRaw(l); if (r.ok) evs.push(r.event); }
for (let rep = 0; rep < 3; rep++) {
  const store = new FeatureStore();
  const t = performance.now();
  for (const e of evs) store.ingestView(e);
  console.log('events/s', Math.round(evs.length / ((performance.now() - t) / 1000)));
}
