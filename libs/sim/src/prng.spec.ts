import { Rng, seedOf } from './prng';
import { hammingHex, nearDuplicate, randomSimhash, simhashHex } from './simhash';

describe('Rng', () => {
  it('repeats a sequence for a seed and spreads nearby seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const seqA = Array.from({ length: 5 }, () => a.u32());
    expect(Array.from({ length: 5 }, () => b.u32())).toEqual(seqA);
    expect(new Rng(43).u32()).not.toBe(seqA[0]);
  });

  it('draws uniform floats with the right mean', () => {
    const r = new Rng(1);
    let s = 0;
    for (let i = 0; i < 20000; i++) s += r.float();
    expect(s / 20000).toBeGreaterThan(0.48);
    expect(s / 20000).toBeLessThan(0.52);
  });

  it('turns text seeds into stable numbers', () => {
    expect(seedOf('demo')).toBe(seedOf('demo'));
    expect(seedOf('demo')).not.toBe(seedOf('demO'));
    expect(seedOf(12)).toBe(12);
  });
});

describe('simhash', () => {
  it('near-duplicates differ in exactly the requested number of bits', () => {
    const r = new Rng(9);
    const base = randomSimhash(r);
    for (const bits of [0, 1, 3, 7]) {
      const d = nearDuplicate(r, base, bits);
      expect(hammingHex(simhashHex(base), simhashHex(d))).toBe(bits);
    }
    expect(simhashHex(base)).toMatch(/^[0-9a-f]{16}$/);
  });
});
