import { Detector } from './detector';
import { S, VECTOR_DIMS, type AccountSummary } from './population';
import { tokenKey } from './population.fixture';

/**
 * The detector's token bookkeeping across updates that keep, change and resize an account's tokens:
 * every remembered summary's ids are its tokens' ids, and each id's holder count is the number of
 * remembered accounts holding it (updates write new ids over the replaced summary's array).
 */
describe('Detector token ids', () => {
  const make = (accountId: string, ts: number, tokens: number[]): AccountSummary => ({
    accountId, lastTs: ts, tier: 'free', verified: false, org: null, vector: new Float32Array(VECTOR_DIMS), scalars: new Float64Array(S.width),
    tokens, tokenIds: new Int32Array(0), idHash: 1, cluster: -1, dirty: true,
  });

  it('keeps ids and holder counts exact through updates', () => {
    const det = new Detector({ reclusterEveryMs: 1e15 });
    const inner = det as unknown as { keyOfId: number[]; holders: Int32Array; accounts: { values(): Iterable<AccountSummary> } };
    const k = (h: number) => tokenKey(2, h);
    const steps: [string, number[]][] = [
      ['a', [k(1), k(2), k(3)]],
      ['b', [k(2), k(3), k(4)]],
      ['a', [k(1), k(5), k(3)]], // one token changed, same count
      ['a', [k(5), k(1), k(3)]], // moved within the list
      ['b', [k(2), k(3)]], // fewer tokens
      ['a', [k(6), k(7), k(8)]], // all new, same count
      ['b', [k(2), k(3), k(6), k(9)]],
      ['a', [k(6), k(7), k(8)]], // unchanged
    ];
    let ts = 0;
    const seen: AccountSummary[] = [];
    for (const [id, tokens] of steps) {
      const s = make(id, (ts += 1000), tokens);
      det.observeSummary(s);
      seen.push(s);
      const live = [...inner.accounts.values()];
      const count = new Map<number, number>();
      for (const cur of live) {
        expect(Array.from(cur.tokenIds, (g) => inner.keyOfId[g])).toEqual(cur.tokens);
        for (const key of cur.tokens) count.set(key, (count.get(key) ?? 0) + 1);
      }
      for (let g = 0; g < inner.keyOfId.length; g++) expect(inner.holders[g]).toBe(count.get(inner.keyOfId[g]!) ?? 0);
      // No two remembered accounts share an ids array (one is written over when its account updates).
      expect(new Set(live.map((cur) => cur.tokenIds)).size).toBe(live.length);
    }
    expect(seen.filter((s) => !s.gone).map((s) => s.accountId).sort()).toEqual(['a', 'b']);
    // The unchanged update keeps the replaced summary's token array (never written): one array less kept alive.
    expect(seen[7]!.tokens).toBe(seen[5]!.tokens);
    expect(seen[7]!.tokens).toEqual([k(6), k(7), k(8)]);
  });
});
