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

  // swap()'s hash only speeds the lookup up: colliding, per-key and changing hashes find the same entries.
  it.each([
    ['all colliding', (_key: string) => 7],
    ['one per key', (key: string) => Number(key.slice(1)) * 2654435761],
    ['changing between swaps of a key', (key: string, i: number) => (i % 3 === 0 ? Number(key.slice(1)) : -1 - i)],
    ['none (hashed by the LRU)', undefined],
  ])('keeps the same entries with swap hashes %s', (_name, hashOf) => {
    const r = new Rng(11);
    const removed: [string, number][] = [];
    const mine = new AccountLru<string>(40, (v, index) => removed.push([v, index]));
    const ref = new LRUCache<string, string>({ max: 40 });
    const indexOf = new Map<string, number>();
    for (let i = 0; i < 4000; i++) {
      const key = `a${Math.floor(r.float() * 100)}`;
      const value = `${key}#${i}`;
      const before = ref.peek(key);
      expect(hashOf ? mine.swap(key, value, hashOf(key, i)) : mine.swap(key, value)).toBe(before);
      ref.set(key, value);
      // An index names its key while the key stays; an evicted value is reported with it.
      if (before !== undefined) expect(mine.lastIndex).toBe(indexOf.get(key));
      indexOf.set(key, mine.lastIndex);
      expect(mine.indexOf(key)).toBe(mine.lastIndex);
      expect(mine.size).toBe(ref.size);
      while (removed.length > 0) {
        const [v, index] = removed.pop()!;
        const gone = v.slice(0, v.indexOf('#'));
        expect(indexOf.get(gone)).toBe(index);
        expect(ref.has(gone)).toBe(false);
        expect(mine.indexOf(gone)).toBe(-1);
        indexOf.delete(gone);
      }
    }
    expect([...mine.values()]).toEqual([...ref.values()]);
    mine.clear();
    expect(removed.map(([v]) => v).sort()).toEqual([...ref.values()].sort());
    expect(mine.swap('a1', 'z', hashOf ? hashOf('a1', 0) : undefined)).toBeUndefined();
    expect(mine.peek('a1')).toBe('z');
  });
});
