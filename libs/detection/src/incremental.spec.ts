import { CLUSTERING_DEFAULTS, runClustering } from './clustering';
import { TokenScoreCache } from './token-score-cache';
import { DRIFT_EPS, evidenceChanged } from './drift';
import { pack } from './pack.fixture';
import { S, VECTOR_DIMS, type AccountSummary, type PackedPopulation } from './population';
import { packAccounts, tokenKey } from './population.fixture';

const key = tokenKey;

/** 20 farm accounts (one system prompt, shared cards, young, churning, scripted) and 20 ordinary ones. */
function population(): PackedPopulation {
  return packAccounts(
    Array.from({ length: 40 }, (_, i) => {
      const farm = i < 20;
      return {
        tokens: farm ? [key(1, 77), key(0, 500 + (i % 4)), key(3, 900 + (i >> 2))] : [key(0, 1000 + i), key(7, 19000 + (i % 2))],
        scalars: {
          n: 40, ageFirstDays: farm ? 1 : 400, createdDay: farm ? 20000 : 19000 + i * 9, nonHuman: farm ? 0.9 : 0.1, churn: farm ? 0.8 : 0.05,
          harvest: farm ? 0.7 : 0.1, primaryNet: 5000 + i, card: farm ? 900 + (i >> 2) : 3000 + i,
        },
      };
    }),
  );
}

describe('incremental clustering runs', () => {
  it('after a refit, cached token scores with the tightness term swapped equal a full recompute', () => {
    const pop = population();
    const split = Int32Array.from({ length: pop.n }, (_, i) => i % 2);
    const tight = Int32Array.from({ length: pop.n }, (_, i) => (i < 20 ? 0 : 1));
    const cache = new TokenScoreCache();
    const first = runClustering(pop, CLUSTERING_DEFAULTS, split, cache);
    pop.dirty.fill(0);
    const incremental = runClustering(pop, CLUSTERING_DEFAULTS, tight, cache, true);
    const full = runClustering(pop, CLUSTERING_DEFAULTS, tight);
    // Nothing was rescored, yet the result moved with the new labels exactly as a recompute did.
    expect(incremental.tokensScored).toBe(0);
    expect(Array.from(first.accountScore)).not.toEqual(Array.from(full.accountScore));
    expect(Array.from(incremental.accountCampaign)).toEqual(Array.from(full.accountCampaign));
    incremental.accountScore.forEach((v, i) => expect(v).toBeCloseTo(full.accountScore[i]!, 9));
    incremental.membership.forEach((v, i) => expect(v).toBeCloseTo(full.membership[i]!, 9));
    expect(Array.from(incremental.tokenKeys)).toEqual(Array.from(full.tokenKeys));
    incremental.tokenWeight.forEach((v, i) => expect(v).toBeCloseTo(full.tokenWeight[i]!, 9));
    expect(full.campaigns.length).toBe(1);
  });

  it('rescores a token whose carriers changed', () => {
    const pop = population();
    const cache = new TokenScoreCache();
    runClustering(pop, CLUSTERING_DEFAULTS, null, cache);
    pop.dirty.fill(0);
    pop.dirty[3] = 1;
    const r = runClustering(pop, CLUSTERING_DEFAULTS, null, cache);
    // Account 3's template and card groups are small and rescored; its system prompt's group of 20
    // tolerates one changed carrier in five.
    expect(r.tokensScored).toBe(2);
  });
});

function summary(id: number, tokens: number[], tokenIds: number[]): AccountSummary {
  return {
    accountId: `a${id}`, lastTs: 0, tier: 'free', verified: false, org: null, vector: new Float32Array(VECTOR_DIMS), scalars: new Float64Array(S.width),
    tokens, tokenIds: Int32Array.from(tokenIds), idHash: id, cluster: 0, dirty: true,
  };
}

describe('snapshots leave unshared tokens out', () => {
  it('keeps tokens another account holds and every template, drops the rest', () => {
    const keyOfId = [key(0, 1), key(4, 2), key(4, 3), key(1, 4)];
    const holders = Int32Array.from([1, 2, 1, 2]);
    const accts = [summary(1, [], [0, 1, 2, 3]), summary(2, [], [1, 3])];
    const full = pack(accts, () => null, keyOfId);
    const slim = pack(accts, () => null, keyOfId, undefined, holders);
    expect(full.tokKeys.length).toBe(4);
    expect(Array.from(slim.tokKeys)).toEqual([key(0, 1), key(4, 2), key(1, 4)]);
    expect(Array.from(slim.tokOff)).toEqual([0, 3, 5]);
    expect(Array.from(slim.tokIds, (t) => slim.tokKeys[t])).toEqual([key(0, 1), key(4, 2), key(1, 4), key(4, 2), key(1, 4)]);
  });
});

describe('evidenceChanged', () => {
  // After the update: id 1 was this account's alone (dropped), id 3 is new and its alone.
  const holders = Int32Array.from([5, 0, 5, 1]);
  const base = () => {
    const s = summary(1, [key(0, 1), key(4, 2)], [0, 1]);
    s.dirty = false;
    s.cleanScalars = new Float64Array(S.width).fill(0.5);
    s.scalars = s.cleanScalars;
    return s;
  };
  const next = (prev: AccountSummary, f: (s: AccountSummary) => void) => {
    const s: AccountSummary = { ...prev, scalars: Float64Array.from(prev.scalars), dirty: true };
    f(s);
    return s;
  };
  it('ignores drift below the threshold, the event count and unshared tokens', () => {
    const prev = base();
    expect(evidenceChanged(next(prev, (s) => (s.scalars[S.nonHuman] = 0.5 + DRIFT_EPS / 2)), prev, holders)).toBe(false);
    expect(evidenceChanged(next(prev, (s) => (s.scalars[S.n] = 99)), prev, holders)).toBe(false);
    expect(evidenceChanged(next(prev, (s) => ((s.tokens = [key(0, 1), key(4, 9)]), (s.tokenIds = Int32Array.from([0, 3])))), prev, holders)).toBe(false);
  });
  it('sees drift beyond it, shared tokens, cluster moves, and an account already changed', () => {
    const prev = base();
    expect(evidenceChanged(next(prev, (s) => (s.scalars[S.harvest] = 0.5 + 2 * DRIFT_EPS)), prev, holders)).toBe(true);
    expect(evidenceChanged(next(prev, (s) => ((s.tokens = [key(0, 1), key(4, 2), key(4, 7)]), (s.tokenIds = Int32Array.from([0, 1, 2])))), prev, holders)).toBe(true);
    expect(evidenceChanged(next(prev, (s) => ((s.tokens = [key(4, 2)]), (s.tokenIds = Int32Array.from([1])))), prev, holders)).toBe(true);
    expect(evidenceChanged(next(prev, (s) => (s.cluster = 3)), prev, holders)).toBe(true);
    expect(evidenceChanged(next(prev, () => undefined), { ...prev, dirty: true }, holders)).toBe(true);
  });
});
