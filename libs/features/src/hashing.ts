/** FNV-1a over a string's UTF-16 code units: fast, dependency-free, stable across runs. Never returns 0 (0 marks an empty slot). */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h >>>= 0;
  return h === 0 ? 1 : h;
}

export function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

/** Network prefix used as the "same network" unit: /24 for IPv4, /48 for IPv6. */
export function ipPrefix(ip: string): string {
  if (ip.indexOf(':') < 0) {
    const dot = ip.lastIndexOf('.');
    return dot < 0 ? ip : ip.slice(0, dot);
  }
  return ip.split(':').slice(0, 3).join(':');
}

export function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** Splits a 16-hex-digit simhash into its high and low 32-bit halves. */
export function parseSimhash(hex: string): [number, number] {
  return [parseInt(hex.slice(0, 8), 16) >>> 0, parseInt(hex.slice(8, 16), 16) >>> 0];
}

/** Number of LSH tokens per simhash: the pairs of its five bands. */
export const SIMHASH_BANDS = 10;
const BAND_START = [0, 13, 26, 39, 52];
const BAND_LEN = [13, 13, 13, 13, 12];
const PAIRS: readonly [number, number][] = [[0, 1], [0, 2], [0, 3], [0, 4], [1, 2], [1, 3], [1, 4], [2, 3], [2, 4], [3, 4]];

function bitsAt(hi: number, lo: number, start: number, len: number): number {
  const mask = (1 << len) - 1;
  if (start + len <= 32) return (lo >>> start) & mask;
  if (start >= 32) return (hi >>> (start - 32)) & mask;
  return ((lo >>> start) | (hi << (32 - start))) & mask;
}

/**
 * LSH tokens of a 64-bit simhash: the 10 pairs of its five 12-13-bit bands, each mixed to 32 bits.
 * Prompts within 3 bits of each other keep at least two bands intact, so they always share a token;
 * unrelated prompts share one with odds ~2^-26 per token. (Single bands of 16-21 bits collide by
 * chance far too often against a large farm's prompt pool.)
 */
export function simhashBand(hi: number, lo: number, token: number): number {
  const [i, j] = PAIRS[token]!;
  const a = bitsAt(hi, lo, BAND_START[i]!, BAND_LEN[i]!);
  const b = bitsAt(hi, lo, BAND_START[j]!, BAND_LEN[j]!);
  let h = (((a << 13) | b) ^ Math.imul(token + 1, 0x9e3779b1)) >>> 0;
  // murmur3 finaliser: spreads the bits so the bottom-k sketch is a fair (MinHash) sample
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  h >>>= 0;
  return h === 0 || h === 0xffffffff ? 1 : h;
}
