/** One step of xorshift32 (Marsaglia): a cheap deterministic stream of non-zero 32-bit values. */
export function xorshift32(x: number): number {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return x >>> 0;
}
