import { IntIds } from './int-ids';

describe('IntIds', () => {
  it('numbers keys as a Map would, first seen first, through growth and clears', () => {
    // Starts small: the table grows several times on the way.
    const ids = new IntIds(4);
    let seed = 3;
    const rand = (k: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % k;
    };
    for (let round = 0; round < 4; round++) {
      const ref = new Map<number, number>();
      for (let x = 0; x < 3000; x++) {
        // Card and network hashes (up to 2^32), day numbers, keys past 2^32, negatives, NaN and -0.
        const pickKind = rand(6);
        const key =
          pickKind === 0 ? rand(2000) + 19000 : pickKind === 1 ? rand(1 << 30) * 4 + rand(4) : pickKind === 2 ? rand(50) * 4294967296 + rand(7) : pickKind === 3 ? -rand(100) : pickKind === 4 ? NaN : x % 2 ? -0 : 0;
        const known = ref.has(key);
        const want = known ? ref.get(key)! : ref.size;
        // Looked up before it is numbered: an unknown key is -1.
        expect(ids.find(key)).toBe(known ? want : -1);
        ref.set(key, want);
        expect(ids.idOf(key)).toBe(want);
        expect(ids.find(key)).toBe(want);
      }
      expect(ids.size).toBe(ref.size);
      expect(ids.find(0.5)).toBe(-1);
      ids.clear();
      expect(ids.size).toBe(0);
      for (const key of [...ref.keys()].slice(0, 20)) expect(ids.find(key)).toBe(-1);
    }
  });
});
