import type { UsageEvent } from '@lockstep/contracts';
import { FeatureStore, serializeFeatures, type AccountFeatures } from '@lockstep/features';
import { Featurizer, RecentIds, type PendingOutput } from './featurize';

const T0 = 1_767_225_600_000;
function ev(id: string, account: string, ts: number, o: Partial<UsageEvent> = {}): UsageEvent {
  return {
    event_id: id, ts, account_id: account, tier: 'free', verified: false, account_created_ts: T0 - 1000, ip: '198.51.100.1', asn: 1,
    model: 'm', input_tokens: 10, output_tokens: 20, category: 'chat', prompt_simhash: 'aaaaaaaaaaaaaaaa',
    ...o,
  } as UsageEvent;
}
const parsed = (out: PendingOutput[]) => out.map((o) => JSON.parse(o.value) as AccountFeatures);

describe('Featurizer', () => {
  it('drops redelivered event_ids and keeps only the latest pending vector per account', () => {
    const store = new FeatureStore({ eagerEvents: 10 });
    const f = new Featurizer(store, 100);
    const s1 = f.ingest([ev('e1', 'a', T0), ev('e2', 'a', T0 + 1000), ev('e3', 'b', T0 + 2000)]);
    expect(s1).toEqual({ ingested: 3, duplicates: 0 });
    const out = f.pendingOutputs();
    expect(parsed(out).map((o) => [o.account_id, o.n_events])).toEqual([['a', 2], ['b', 1]]);
    expect(out.map((o) => [o.key, o.timestamp])).toEqual([['a', T0 + 1000], ['b', T0 + 2000]]);

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
    expect(parsed(f.pendingOutputs()).map((o) => o.n_events)).toEqual([2]);
  });

  it('restores state and the dedup window without emitting', () => {
    const store = new FeatureStore();
    const f = new Featurizer(store, 100);
    f.restore([ev('e1', 'a', T0), ev('e2', 'a', T0 + 1000), ev('e1', 'a', T0)]);
    expect(f.pendingOutputs()).toEqual([]);
    expect(store.snapshot('a')!.n_events).toBe(2);
    expect(f.ingest([ev('e2', 'a', T0 + 1000), ev('e3', 'a', T0 + 2000)])).toEqual({ ingested: 1, duplicates: 1 });
    expect(parsed(f.pendingOutputs()).map((o) => o.n_events)).toEqual([3]);
  });

  it('sends, per account, exactly the vector of its last due event, as FeatureStore.ingestView emits it', () => {
    // Rate-limited after 2 eager events: later events in the chunk change the state without being due.
    const opts = { eagerEvents: 2, minEmitIntervalMs: 60_000 };
    const events: UsageEvent[] = [];
    for (let i = 0; i < 120; i++) {
      events.push(ev(`e${i}`, `acct-${i % 3}`, T0 + i * 7_000, { input_tokens: 10 + i, output_tokens: 5 + 3 * i, template_hash: `t${i % 4}`, prompt_simhash: (0x1234567 * (i + 1)).toString(16).padStart(16, '0').slice(-16) }));
    }
    const reference = new FeatureStore(opts);
    const f = new Featurizer(new FeatureStore(opts), 1000);
    for (let start = 0; start < events.length; start += 25) {
      const chunk = events.slice(start, start + 25);
      const expected = new Map<string, string>();
      for (const e of chunk) {
        const v = reference.ingestView(e);
        if (v) expected.set(v.account_id, serializeFeatures(v));
      }
      f.ingest(chunk);
      const out = f.pendingOutputs();
      expect(new Map(out.map((o) => [o.key, o.value]))).toEqual(expected);
      f.acknowledge(out);
    }
  });

  it('keeps the pending vector of an account evicted before it was sent', () => {
    const f = new Featurizer(new FeatureStore({ maxAccounts: 1 }), 100);
    f.ingest([ev('e1', 'a', T0), ev('e2', 'b', T0 + 1000)]);
    expect(parsed(f.pendingOutputs()).map((o) => [o.account_id, o.n_events])).toEqual([['a', 1], ['b', 1]]);
  });
});

describe('RecentIds', () => {
  it('remembers the last N distinct ids and forgets the oldest first', () => {
    const r = new RecentIds(3);
    expect(['a', 'b', 'c', 'a'].map((id) => r.add(id))).toEqual([true, true, true, false]);
    expect(r.add('d')).toBe(true);
    expect(r.size).toBe(3);
    expect(r.add('a')).toBe(true); // 'a' was the oldest: forgotten when 'd' came
    expect(r.add('c')).toBe(false);
  });
});
