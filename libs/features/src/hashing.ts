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

/**
 * fnv1a32(ipPrefix(ip)) without building the prefix string: the hash of the code units before the
 * last '.' (IPv4) or the third ':' (IPv6), or of the whole address when there is none.
 */
export function fnv1a32IpPrefix(ip: string): number {
  let end = ip.length;
  if (ip.indexOf(':') < 0) {
    const dot = ip.lastIndexOf('.');
    if (dot >= 0) end = dot;
  } else {
    // split(':').slice(0, 3).join(':') keeps everything before the third ':'.
    let colons = 0;
    for (let i = 0; i < ip.length; i++) {
      if (ip.charCodeAt(i) === 58 && ++colons === 3) {
        end = i;
        break;
      }
    }
  }
  let h = 0x811c9dc5;
  for (let i = 0; i < end; i++) {
    h ^= ip.charCodeAt(i);
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

/**
 * Value of each hex digit by char code (-1 for the other ASCII codes). A lookup, not range tests:
 * in random hex, whether a digit is 0-9 or a-f is a coin toss the branch predictor keeps losing.
 */
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let c = 0; c < 128; c++) {
  if (c >= 48 && c <= 57) HEX_VALUE[c] = c - 48;
  else if ((c | 32) >= 97 && (c | 32) <= 102) HEX_VALUE[c] = (c | 32) - 87;
}

/**
 * The 32-bit value of the 8 hex digits of `hex` from `at` (what parseInt(hex.slice(at, at + 8), 16)
 * gives for valid digits), or -1 when one of them is not a hex digit. Avoids two substrings per event.
 */
export function hex32At(hex: string, at: number): number {
  let v = 0;
  for (let i = at; i < at + 8; i++) {
    const c = hex.charCodeAt(i);
    // NaN (past the end) and codes beyond ASCII are not digits; NaN < 128 is false.
    const d = c < 128 ? HEX_VALUE[c]! : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** Number of LSH tokens per simhash: the pairs of its five bands. */
export const SIMHASH_BANDS = 10;
const BAND_START = [0, 13, 26, 39, 52];
const BAND_LEN = [13, 13, 13, 13, 12];
const PAIRS: readonly [number, number][] = [[0, 1], [0, 2], [0, 3], [0, 4], [1, 2], [1, 3], [1, 4], [2, 3], [2, 4], [3, 4]];

/**
 * All SIMHASH_BANDS tokens of a simhash into out[at ..]: the same values as simhashBand(hi, lo, 0..9),
 * each band extracted once.
 */
export function simhashBandsInto(hi: number, lo: number, out: Uint32Array, at: number): void {
  const b0 = bitsAt(hi, lo, 0, 13);
  const b1 = bitsAt(hi, lo, 13, 13);
  const b2 = bitsAt(hi, lo, 26, 13);
  const b3 = bitsAt(hi, lo, 39, 13);
  const b4 = bitsAt(hi, lo, 52, 12);
  out[at] = mixBand(b0, b1, 0);
  out[at + 1] = mixBand(b0, b2, 1);
  out[at + 2] = mixBand(b0, b3, 2);
  out[at + 3] = mixBand(b0, b4, 3);
  out[at + 4] = mixBand(b1, b2, 4);
  out[at + 5] = mixBand(b1, b3, 5);
  out[at + 6] = mixBand(b1, b4, 6);
  out[at + 7] = mixBand(b2, b3, 7);
  out[at + 8] = mixBand(b2, b4, 8);
  out[at + 9] = mixBand(b3, b4, 9);
}

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
  return mixBand(bitsAt(hi, lo, BAND_START[i]!, BAND_LEN[i]!), bitsAt(hi, lo, BAND_START[j]!, BAND_LEN[j]!), token);
}

function mixBand(a: number, b: number, token: number): number {
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
