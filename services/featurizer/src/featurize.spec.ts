import type { UsageEvent } from '@lockstep/contracts';
import { FeatureStore } from '@lockstep/features';
import { Featurizer } from './featurize';

const T0 = 1_767_225_600_000;
function ev(id: string, account: string, ts: number): UsageEvent {
  return {
    event_id: id, ts, account_id: account, tier: 'free', verified: false, account_created_ts: T0 - 1000, ip: '198.51.100.1', asn: 1,
    model: 'm', input_tokens: 10, output_tokens: 20, category: 'chat', prompt_simhash: 'aaaaaaaaaaaaaaaa',
  } as UsageEvent;
}

describe('Featurizer', () => {
  it('drops redelivered event_ids and keeps only the latest pending vector per account', () => {
    const store = new FeatureStore({ eagerEvents: 10 });
    const f = new Featurizer(store, 100);
    const s1 = f.ingest([ev('e1', 'a', T0), ev('e2', 'a', T0 + 1000), ev('e3', 'b', T0 + 2000)]);
    expect(s1).toEqual({ ingested: 3, duplicates: 0 });
    const out = f.pendingOutputs();
    expect(out.map((o) => [o.account_id, o.n_events])).toEqual([['a', 2], ['b', 1]]);

    const s2 = f.ingest([ev('e1', 'a', T0), ev('e2', 'a', T0 + 1000)]);
    expect(s2).toEqual({ ingested: 0, duplicates: 2 });
    expect(store.snapshot('a')!.n_events).toBe(2);
  });

  it('keeps emissions pending until acknowledged, so a failed produce is retried', () => {
    const f = new Featurizer(new FeatureStore(), 100);
    f.ingest([ev('e1', 'a', T0)]);
    const first = f.pendingOutputs();
    // produce failed: nothing acknowledged; the redelivered chunk is a duplicate but the output remains
    f.ingest([ev('e1', 'a', T0)]);
    expect(f.pendingOutputs()).toEqual(first);
    f.acknowledge(first);
    expect(f.pendingOutputs()).toEqual([]);
  });

  it('does not drop a newer vector produced while an older one was in flight', () => {
    const f = new Featurizer(new FeatureStore(), 100);
    f.ingest([ev('e1', 'a', T0)]);
    const inFlight = f.pendingOutputs();
    f.ingest([ev('e2', 'a', T0 + 1000)]);
    f.acknowledge(inFlight);
    expect(f.pendingOutputs().map((o) => o.n_events)).toEqual([2]);
  });

  it('restores state and the dedup window without emitting', () => {
    const store = new FeatureStore();
    const f = new Featurizer(store, 100);
    f.restore([ev('e1', 'a', T0), ev('e2', 'a', T0 + 1000), ev('e1', 'a', T0)]);
    expect(f.pendingOutputs()).toEqual([]);
    expect(store.snapshot('a')!.n_events).toBe(2);
    expect(f.ingest([ev('e2', 'a', T0 + 1000), ev('e3', 'a', T0 + 2000)])).toEqual({ ingested: 1, duplicates: 1 });
    expect(f.pendingOutputs().map((o) => o.n_events)).toEqual([3]);
  });
});
