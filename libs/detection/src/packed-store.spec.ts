import { Rng } from '@lockstep/sim';
import { PackedStore } from './packed-store';
import { pack } from './pack.fixture';
import { S, VECTOR_DIMS, type AccountSummary } from './population';
import { tokenKey } from './population.fixture';

/**
 * The store against pack() over the same accounts: a detector's history of updates, replacements,
 * evictions and renumbered token tables, with the list of live summaries kept the slow way.
 */
describe('PackedStore', () => {
  it('snapshots exactly what pack() packs from the live summaries, update after update', () => {
    const r = new Rng(5);
    const pick = (k: number) => Math.floor(r.float() * k);
    // Token table: ids 0..199, templates (kind 0) among them.
    let keyOfId = Array.from({ length: 200 }, (_, g) => tokenKey([0, 1, 2, 3, 4, 7][g % 6]!, 1000 + g));
    const current = new Map<string, AccountSummary>();
    let stored: AccountSummary[] = [];
    /** Every summary stored, in order: the live ones are the reference's order. */
    const history: AccountSummary[] = [];
    const store = new PackedStore();
    // Account indexes as the detector's LRU hands them out: an evicted account's index goes to the
    // next new account (before the store has seen the eviction), one that comes back gets a new one.
    const indexOfId = new Map<string, number>();
    const freeIndex: number[] = [];
    let nextIndex = 0;
    const indexOf = (id: string) => indexOfId.get(id) ?? -1;
    let storedIndex: number[] = [];
    const evict = (id: string) => {
      const s = current.get(id);
      if (!s) return;
      s.gone = true;
      current.delete(id);
      freeIndex.push(indexOfId.get(id)!);
      indexOfId.delete(id);
    };
    const verdicts = new Map<string, { campaignId: string }>();
    let ts = 0;
    const make = (id: string): AccountSummary => {
      const scalars = Float64Array.from({ length: S.width }, () => r.float());
      const tokenIds = Int32Array.from(new Set(Array.from({ length: pick(8) }, () => pick(200))));
      return {
        accountId: id, lastTs: ts, tier: 'free', verified: false, org: pick(3) === 0 ? `org${pick(4)}` : null,
        vector: Float32Array.from({ length: VECTOR_DIMS }, () => r.float()), scalars,
        // As the detector keeps them: tokens[x] is the key of tokenIds[x] (ids change on a renumbering, keys do not).
        tokens: Array.from(tokenIds, (g) => keyOfId[g]!), tokenIds, idHash: pick(1 << 30), cluster: pick(5) - 1, dirty: pick(2) === 0,
      };
    };
    for (let round = 0; round < 20; round++) {
      // Stores (new accounts and replacements), then evictions.
      // Over the rounds, enough accounts move that the store squeezes its holes out (1.5 x 500 + 4096 slots).
      for (let k = 0; k < 700; k++) {
        ts += 1000;
        const id = `a${pick(500)}`;
        const s = make(id);
        const prev = current.get(id);
        if (prev) {
          // As the detector does: an update whose tokens did not change shares its predecessor's
          // arrays (also across a renumbering, after which the ids are new arrays but the keys are
          // not); one whose tokens changed, as many as before, gets its ids written over the
          // predecessor's array (which the store copied when it stored the predecessor).
          const how = pick(4);
          if (how < 2) {
            s.tokens = prev.tokens;
            s.tokenIds = prev.tokenIds;
          } else if (how === 2 && prev.tokenIds.length > 0) {
            const reused = prev.tokenIds;
            for (let x = 0; x < reused.length; x++) reused[x] = (reused[x]! + 1 + pick(5)) % 200;
            s.tokenIds = reused;
            s.tokens = Array.from(reused, (g) => keyOfId[g]!);
          }
          prev.gone = true;
        }
        current.set(id, s);
        if (!indexOfId.has(id)) indexOfId.set(id, freeIndex.pop() ?? nextIndex++);
        stored.push(s);
        storedIndex.push(indexOf(id));
        history.push(s);
        if (pick(35) === 0) evict(`a${pick(500)}`);
      }
      if (round === 6) {
        // The token table is renumbered: every remembered summary gets new ids.
        const perm = Array.from({ length: 200 }, (_, g) => (g * 7 + 3) % 200);
        const next = new Array<number>(200);
        for (let g = 0; g < 200; g++) next[perm[g]!] = keyOfId[g]!;
        store.update(stored, storedIndex, current.size);
        for (const s of history) s.tokenIds = s.tokenIds.map((g) => perm[g]!);
        keyOfId = next;
        store.reloadTokens();
      } else store.update(stored, storedIndex, current.size);
      stored = [];
      storedIndex = [];
      verdicts.clear();
      for (const id of current.keys()) if (pick(4) === 0) verdicts.set(id, { campaignId: pick(2) ? `cmp_${pick(3)}` : '' });
      const holders = Int32Array.from({ length: 200 }, () => pick(4));
      const cutoff = ts - 150_000;
      const live = history.filter((s) => !s.gone && current.get(s.accountId) === s && s.lastTs >= cutoff);
      const expected = pack(live, (id) => verdicts.get(id)?.campaignId || null, keyOfId, undefined, holders, { vectors: round % 2 === 0, globalIds: [] });
      const globalIds: number[] = [];
      // Every third round on the store's own buffers (views, reused by the next such snapshot).
      const prevByIndex: (string | null)[] = [];
      for (const [id, v] of verdicts) prevByIndex[indexOf(id)] = v.campaignId || null;
      const got = store.snapshot(cutoff, prevByIndex, keyOfId, new Int32Array(200).fill(-1), holders, { vectors: round % 2 === 0, globalIds }, round % 3 === 0);
      expect(got.pop).toEqual(expected);
      expect(got.summaries).toEqual(live);
      expect(got.ids).toEqual(live.map((s) => s.accountId));
      for (let i = 0; i < live.length; i++) expect(store.rankOf(indexOf(live[i]!.accountId), live[i]!.accountId)).toBe(i);
      // The snapshot's accounts with a previous campaign, by rank (what apply() marks as holding a verdict).
      const withCampaign = live.flatMap((s, i) => (verdicts.get(s.accountId)?.campaignId ? [i] : []));
      expect([...got.prevRanks].sort((x, y) => x - y)).toEqual(withCampaign);
      // As prepare() did: the snapshot's summaries are clean now.
      for (const s of live) {
        expect(s.dirty).toBe(false);
        expect(s.cleanScalars).toBe(s.scalars);
      }
    }
    expect(store.size).toBe(current.size);
  });
});
