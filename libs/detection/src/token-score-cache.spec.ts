import { CACHED, CACHED_WIDTH, TokenScoreCache } from './token-score-cache';

describe('TokenScoreCache', () => {
  it('gives a run every field of the entries the previous run put, and only those', () => {
    const cache = new TokenScoreCache();
    const K = 4294967296;
    // Keys as token keys are (kind x 2^32 + hash); runs of changing size resize the tables on the way.
    const entry = (key: number, run: number) => [key % 1000, (key * 7 + run) >>> 0, 1 / (1 + (key % 97) + run), run * 0.5, run, -key / K, (key % 13) / 13];
    let previous: number[] = [];
    for (let run = 0; run < 12; run++) {
      const tokens = Array.from({ length: 20 + ((run * 37) % 300) }, (_, x) => (x % 8) * K + ((x * 2654435761 + run * 3) >>> 0) % 400);
      const keys = [...new Set(tokens)];
      cache.beginRun(keys.length);
      for (const key of previous) {
        const c = cache.find(key);
        expect(c).toBeGreaterThanOrEqual(0);
        const got = Array.from(cache.prev.rec.subarray(c * CACHED_WIDTH, (c + 1) * CACHED_WIDTH));
        expect(got[CACHED.key]).toBe(key);
        expect([got[CACHED.df], got[CACHED.checksum], got[CACHED.score], got[CACHED.changed], got[CACHED.age], got[CACHED.logitRest], got[CACHED.tightness]]).toEqual(entry(key, run - 1));
      }
      // A key the previous run did not put is not found.
      for (const key of keys) if (!previous.includes(key)) expect(cache.find(key)).toBe(-1);
      for (const key of keys) {
        const [df, checksum, score, changed, age, rest, tight] = entry(key, run);
        cache.put(key, df!, checksum!, score!, changed!, age!, rest!, tight!);
      }
      expect(cache.size).toBe(keys.length);
      previous = keys;
    }
  });
});
