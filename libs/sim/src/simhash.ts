import { hex32 } from './hex';
import type { Rng } from './prng';

/** A 64-bit prompt simhash held as two unsigned 32-bit halves. */
export interface Simhash {
  hi: number;
  lo: number;
}

export function randomSimhash(rng: Rng): Simhash {
  return { hi: rng.u32(), lo: rng.u32() };
}

/**
 * A reworded prompt: the same simhash with `bits` distinct bit positions flipped, which is
 * what a locality-sensitive hash of a lightly paraphrased text looks like.
 */
export function nearDuplicate(rng: Rng, base: Simhash, bits: number): Simhash {
  let { hi, lo } = base;
  let usedHi = 0;
  let usedLo = 0;
  let flipped = 0;
  while (flipped < bits) {
    const pos = rng.int(64);
    if (pos < 32) {
      const bit = 1 << pos;
      if (usedLo & bit) continue;
      usedLo |= bit;
      lo = (lo ^ bit) >>> 0;
    } else {
      const bit = 1 << (pos - 32);
      if (usedHi & bit) continue;
      usedHi |= bit;
      hi = (hi ^ bit) >>> 0;
    }
    flipped++;
  }
  return { hi, lo };
}

export function simhashHex(h: Simhash): string {
  return hex32(h.hi) + hex32(h.lo);
}

function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 63;
}

/** Number of differing bits between two 16-hex simhashes. */
export function hammingHex(a: string, b: string): number {
  const ahi = parseInt(a.slice(0, 8), 16);
  const alo = parseInt(a.slice(8), 16);
  const bhi = parseInt(b.slice(0, 8), 16);
  const blo = parseInt(b.slice(8), 16);
  return popcount32((ahi ^ bhi) >>> 0) + popcount32((alo ^ blo) >>> 0);
}
