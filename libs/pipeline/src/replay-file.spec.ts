import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { emptyFeatureView, FeatureStore, fillFeatureView } from '@lockstep/features';
import { summarize } from '@lockstep/detection';
import { FrameWriter, summaryAt } from './feature-frames';
import { InputError } from './io';
import { formatChange, replayEvents, replayFile } from './replay';
import { world } from '../scripts/world';

describe('replayFile (features on a second thread)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lockstep-replay-file-'));
  const opts = { maxFutureSkewMs: 7 * 86_400_000, detector: { reclusterEveryMs: 15 * 60_000 } };

  it('gives byte-identical changes and the same counts as replaying the lines on one thread', async () => {
    const { events } = world();
    const lines = events.map((e) => JSON.stringify(e));
    // Bad lines in the middle are counted the same way.
    lines.splice(100, 0, '{not json', '', JSON.stringify({ ...events[0], tier: 'gold' }));
    const file = path.join(dir, 'world.jsonl.gz');
    writeFileSync(file, gzipSync(lines.join('\n')));
    const one = await replayEvents(lines, opts);
    // Small frames, so that many hand-offs happen.
    const two = await replayFile(file, { ...opts, frameEvents: 64 });
    expect(two.changes.map(formatChange)).toEqual(one.changes.map(formatChange));
    expect(two.changes.some((c) => c.action !== 'allow')).toBe(true);
    const { wallMs: _a, pipeline: p1, ...s1 } = one.stats;
    const { wallMs: _b, pipeline: p2, ...s2 } = two.stats;
    expect(s2).toEqual(s1);
    expect(p2).toEqual(p1);
  }, 60_000);

  it('stops after `limit` lines', async () => {
    const { events } = world(3);
    const file = path.join(dir, 'limit.jsonl');
    writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const r = await replayFile(file, { ...opts, limit: 25 });
    expect(r.stats.lines).toBe(25);
    expect(r.stats.pipeline.events).toBe(25);
  }, 30_000);

  it('fails with an InputError for a missing file', async () => {
    await expect(replayFile(path.join(dir, 'missing.jsonl'))).rejects.toBeInstanceOf(InputError);
  });
});

describe('feature frames', () => {
  it('start small and double up to the frame size', () => {
    const w = new FrameWriter(10, 2);
    const sizes: number[] = [];
    for (let i = 0; i < 40; i++) {
      w.add(`a${i}`, i, null);
      if (w.full) sizes.push(w.take().frame.n);
    }
    expect(sizes).toEqual([2, 4, 8, 10, 10]);
    expect(w.size).toBe(6);
  });
  it('carry each summary back exactly as summarize() made it', () => {
    const { events } = world(3);
    const store = new FeatureStore();
    const w = new FrameWriter(1000);
    // The feature thread's way: the summary's numbers written straight from a reused view.
    const direct = new FrameWriter(1000);
    const twin = new FeatureStore();
    const scratch = emptyFeatureView();
    // Ordinary accounts and enterprise seats (with an org).
    const sample = [...events.slice(0, 200), ...events.filter((e) => e.org_id).slice(0, 100)];
    const sums = sample.map((e) => {
      const v = store.ingestView(e);
      const s = v ? summarize(v) : null;
      w.add(e.account_id, e.ts, s);
      const st = twin.ingestDue(e);
      direct.addView(e.account_id, e.ts, st ? fillFeatureView(scratch, e.account_id, st, e.ts) : null, st ? st.owner : 0);
      return s;
    });
    const { frame } = w.take();
    const { frame: frame2 } = direct.take();
    expect(frame.n).toBe(300);
    expect(sums.some((s) => s?.org)).toBe(true);
    expect(sums.some((s) => s === null)).toBe(true);
    const plain = (s: ReturnType<typeof summarize>) => ({
      ...s, vector: Array.from(s.vector), scalars: Array.from(s.scalars), tokenIds: Array.from(s.tokenIds),
      // Laid out as summarize() lays them out: the vector right after the scalars, in one buffer.
      oneBuffer: s.vector.buffer === s.scalars.buffer, vectorAt: s.vector.byteOffset - s.scalars.byteOffset,
    });
    sums.forEach((s, k) => {
      for (const f of [frame, frame2]) {
        const back = summaryAt(f, k);
        expect(f.accounts[k]).toBe(sample[k]!.account_id);
        if (!s) expect(back).toBeNull();
        else expect(plain(back!)).toEqual(plain(s));
      }
    });
  });
});
