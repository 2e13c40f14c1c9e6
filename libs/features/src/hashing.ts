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

export const SIMHASH_BANDS = 3;
const BAND_BITS = 21;
const BAND_MASK = (1 << BAND_BITS) - 1;

/**
 * LSH bands of a 64-bit simhash: three 21-bit slices (63 bits). Two prompts within 2 bits of each
 * other always share a band (pigeonhole), while unrelated prompts collide with odds ~1 in 2M per band.
 * The returned value encodes the band index so bands never collide with each other.
 */
export function simhashBand(hi: number, lo: number, band: number): number {
  let v: number;
  if (band === 0) v = lo & BAND_MASK;
  else if (band === 1) v = ((lo >>> 21) | (hi << 11)) & BAND_MASK;
  else v = (hi >>> 10) & BAND_MASK;
  return band * (BAND_MASK + 1) + v + 1;
}
