import { ExpiryQueue } from './expiry-queue';

describe('ExpiryQueue', () => {
  it('pops in expiry order', () => {
    const q = new ExpiryQueue();
    const input = [50, 10, 40, 10, 30, 20, 60, 0];
    input.forEach((t, i) => q.push(t, `a${i}`));
    expect(q.peek()).toEqual({ expiresAtMs: 0, id: 'a7' });
    const out: number[] = [];
    for (let e = q.pop(); e; e = q.pop()) out.push(e.expiresAtMs);
    expect(out).toEqual([...input].sort((a, b) => a - b));
    expect(q.pop()).toBeNull();
  });
  it('compacts away stale entries and keeps heap order', () => {
    const q = new ExpiryQueue();
    for (let i = 0; i < 100; i++) q.push((i * 37) % 101, `a${i}`);
    q.compact((_t, id) => Number(id.slice(1)) % 2 === 0);
    expect(q.size).toBe(50);
    let last = -1;
    for (let e = q.pop(); e; e = q.pop()) {
      expect(e.expiresAtMs).toBeGreaterThanOrEqual(last);
      expect(Number(e.id.slice(1)) % 2).toBe(0);
      last = e.expiresAtMs;
    }
  });
});
