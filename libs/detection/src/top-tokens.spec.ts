import { TopTokens } from './top-tokens';

const K = 4294967296;

describe('TopTokens', () => {
  it('keeps the first tokens a sort by holders (descending) then key would give, and the kinds seen', () => {
    let seed = 7;
    const rand = (k: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % k;
    };
    const intentKinds = Uint8Array.from([1, 1, 1, 0, 0, 0, 0, 0]);
    const simKinds = Uint8Array.from([0, 0, 1, 0, 0, 0, 0, 0]);
    const top = new TopTokens(5, intentKinds, simKinds);
    for (let round = 0; round < 300; round++) {
      top.clear();
      // Few holder counts among many tokens: ties (broken by key) are the common case.
      const tokens = new Map<number, number>();
      const count = rand(12);
      while (tokens.size < count) tokens.set(rand(8) * K + rand(50), 2 + rand(4));
      for (const [key, holders] of tokens) top.add(key, holders);
      const sorted = [...tokens].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 5);
      expect(Array.from(top.keys.subarray(0, top.count))).toEqual(sorted.map(([key]) => key));
      expect(Array.from(top.holders.subarray(0, top.count))).toEqual(sorted.map(([, holders]) => holders));
      const kinds = [...tokens.keys()].map((key) => Math.floor(key / K));
      expect(top.intent).toBe(kinds.some((k) => intentKinds[k] === 1));
      expect(top.sim).toBe(kinds.some((k) => simKinds[k] === 1));
    }
  });
});
