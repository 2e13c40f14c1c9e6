import { xorshift32 } from './xorshift';

/** A deterministic pseudo-random stream (xorshift32) in [0, 1), for specs. */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => (x = xorshift32(x)) / 4294967296;
}
