import { LRUCache } from 'lru-cache';
import { AccountLru } from './account-lru';
import { Rng } from '@lockstep/sim';

describe('AccountLru', () => {
  it('keeps, evicts and orders entries as lru-cache does for the same stores', () => {
    const r = new Rng(5);
    const removedMine: string[] = [];
    const removedRef: string[] = [];
    const mine = new AccountLru<string>(50, (v) => removedMine.push(v));
    const ref = new LRUCache<string, string>({ max: 50, dispose: (v, _k, reason) => void (reason !== 'set' && removedRef.push(v)) });
    for (let i = 0; i < 3000; i++) {
      const key = `a${Math.floor(r.float() * 120)}`;
      const value = `${key}#${i}`;
      if (i % 7 === 0) expect(mine.peek(key)).toBe(ref.peek(key));
      const before = ref.peek(key);
      if (i % 2 === 0) expect(mine.swap(key, value)).toBe(before);
      else mine.set(key, value);
      ref.set(key, value);
      expect(mine.size).toBe(ref.size);
    }
    expect(removedMine).toEqual(removedRef);
    expect([...mine.values()]).toEqual([...ref.values()]);
    mine.clear();
    ref.clear();
    expect(removedMine.sort()).toEqual(removedRef.sort());
    expect(mine.size).toBe(0);
    expect([...mine.values()]).toEqual([]);
    expect(mine.swap('x', 'y')).toBeUndefined();
    expect([...mine.values()]).toEqual(['y']);
  });
});
