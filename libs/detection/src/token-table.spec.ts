import { TokenIdTable } from './token-table';

describe('TokenIdTable', () => {
  it('maps every key to the id it was given, across growth and clear', () => {
    const t = new TokenIdTable(4);
    const keys: number[] = [];
    // Token-shaped keys (kind * 2^32 + 32-bit hash), including ones differing only in the kind and small hashes.
    for (let i = 0; i < 5000; i++) keys.push((i % 8) * 4294967296 + ((Math.imul(i, 2654435761) >>> 0) % (i % 3 === 0 ? 64 : 4294967296)));
    const unique = [...new Set(keys)];
    unique.forEach((k, id) => t.set(k, id));
    expect(t.size).toBe(unique.length);
    unique.forEach((k, id) => expect(t.get(k)).toBe(id));
    expect(t.get(7 * 4294967296 + 4294967295)).toBe(unique.indexOf(7 * 4294967296 + 4294967295));
    expect(t.get(12345.5)).toBe(-1);
    t.clear();
    expect(t.size).toBe(0);
    expect(t.get(unique[0]!)).toBe(-1);
    t.set(unique[3]!, 0);
    expect(t.get(unique[3]!)).toBe(0);
    expect(t.get(unique[4]!)).toBe(-1);
  });
});
