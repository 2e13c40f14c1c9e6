import { PartitionCatchUp } from './replay';

describe('PartitionCatchUp', () => {
  const noBeat = () => Promise.resolve();

  it('replays only the gap a rebalance left in a partition, once', async () => {
    const calls: [number, bigint, bigint][] = [];
    const c = new PartitionCatchUp(new Map([[0, 10n], [1, 0n]]), async (p, from, until) => {
      calls.push([p, from, until]);
      return Number(until - from);
    });
    // Contiguous with what state holds: nothing to replay.
    expect(await c.before(0, '10', noBeat)).toBe(0);
    c.after(0, '20');
    // Another member processed 20..35 meanwhile; the partition came back at 35.
    expect(await c.before(0, '35', noBeat)).toBe(15);
    expect(calls).toEqual([[0, 20n, 35n]]);
    c.after(0, '40');
    expect(await c.before(0, '40', noBeat)).toBe(0);
    // A redelivered chunk (offsets already held) is the dedup window's business, not a gap.
    expect(await c.before(0, '30', noBeat)).toBe(0);
    expect(calls).toHaveLength(1);
  });

  it('covers a partition never seen from the start of the log', async () => {
    const calls: [number, bigint, bigint][] = [];
    const c = new PartitionCatchUp(new Map(), async (p, from, until) => {
      calls.push([p, from, until]);
      return 0;
    });
    await c.before(3, '7', noBeat);
    expect(calls).toEqual([[3, 0n, 7n]]);
    expect(await c.before(3, undefined, noBeat)).toBe(0);
  });
});
