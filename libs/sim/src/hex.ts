import type { Rng } from './prng';

const BYTE_HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Eight lowercase hex characters for an unsigned 32-bit integer (table lookups: hot path). */
export function hex32(v: number): string {
  return BYTE_HEX[(v >>> 24) & 255]! + BYTE_HEX[(v >>> 16) & 255]! + BYTE_HEX[(v >>> 8) & 255]! + BYTE_HEX[v & 255]!;
}

/** A random hex string of `chars` characters (a multiple of 2). */
export function randomHex(rng: Rng, chars: number): string {
  let out = '';
  while (out.length + 8 <= chars) out += hex32(rng.u32());
  const rest = chars - out.length;
  if (rest > 0) out += hex32(rng.u32()).slice(0, rest);
  return out;
}

/** Bijective 32-bit mix (murmur3 finaliser): distinct inputs give distinct outputs. */
export function mix32(v: number): number {
  let z = v >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
