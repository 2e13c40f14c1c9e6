import type { UsageEvent } from '@lockstep/contracts';
import { FeaturizerCore } from './core';
import { InlineEngine } from './engine';
import { packBuffers, packStrings, unpack } from './packing';

const T0 = Date.now() - 3_600_000;
function ev(id: string, account: string, ts: number): UsageEvent {
  return {
    event_id: id, ts, account_id: account, tier: 'free', verified: false, account_created_ts: T0 - 1000, ip: '198.51.100.1', asn: 1,
    model: 'm', input_tokens: 10, output_tokens: 20, category: 'chat', prompt_simhash: 'aaaaaaaaaaaaaaaa',
  } as UsageEvent;
}
const buf = (x: unknown) => Buffer.from(typeof x === 'string' ? x : JSON.stringify(x));

describe('packing', () => {
  it('round-trips buffers, nulls and multi-byte strings', () => {
    const values = [buf('abc'), null, Buffer.alloc(0), buf('{"é":"\u2028"}')];
    expect(unpack(packBuffers(values))).toEqual(values);
    const strings = ['x', '', 'é€😀'];
    expect(unpack(packStrings(strings)).map((b) => b!.toString('utf8'))).toEqual(strings);
  });
});

describe('FeaturizerCore', () => {
  it('rejects what the contract rejects, by index, and folds in and emits the rest', async () => {
    const engine = new InlineEngine({ store: {}, dedupCapacity: 100 });
    const r = await engine.processChunk(0, [buf(ev('e1', 'a', T0)), buf('not json'), null, buf({ ...ev('e2', 'a', T0), asn: 'x' }), buf(ev('e3', 'b', T0 + 1))]);
    expect(r.rejections.map(([i, code]) => [i, code])).toEqual([[1, 'not_json'], [2, 'not_json'], [3, 'wrong_type']]);
    expect(r.rejections[2]![3]).toBe('asn');
    expect([r.ingested, r.duplicates, r.store.tracked]).toEqual([2, 0, 2]);
    expect(r.outputs.keys).toEqual(['a', 'b']);
    expect(unpack(r.outputs.values).map((v) => JSON.parse(v!.toString()).n_events)).toEqual([1, 1]);
    expect([...r.outputs.timestamps]).toEqual([T0, T0 + 1]);
  });

  it('re-sends unacknowledged vectors with the next chunk and forgets acknowledged ones', async () => {
    const engine = new InlineEngine({ store: {}, dedupCapacity: 100 });
    const first = await engine.processChunk(3, [buf(ev('e1', 'a', T0))]);
    const again = await engine.processChunk(3, [buf(ev('e1', 'a', T0)), buf(ev('e2', 'b', T0 + 5))]);
    expect([again.ingested, again.duplicates]).toEqual([1, 1]);
    expect(again.outputs.keys).toEqual(['a', 'b']);
    engine.acknowledge(3, again.outputs.keys, again.outputs.seqs);
    expect((await engine.processChunk(3, [])).outputs.keys).toEqual([]);
    expect(first.outputs.seqs[0]).toBe(again.outputs.seqs[0]);
  });

  it('restores replayed events without emitting, accepting any event time', () => {
    const core = new FeaturizerCore({ store: {}, dedupCapacity: 100 });
    expect(core.restoreChunk(packBuffers([buf(ev('e1', 'a', T0)), buf('junk'), buf(ev('e0', 'a', T0 + 86_400_000))]))).toBe(2);
    const r = core.processChunk(0, packBuffers([buf(ev('e1', 'a', T0))]));
    expect([r.duplicates, r.outputs.keys.length, r.store.tracked]).toEqual([1, 0, 1]);
  });
});
