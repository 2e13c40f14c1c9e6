import { kmeans } from 'ml-kmeans';
import type { PackedPopulation } from './population';

/** A fitted behavioural model: standardisation plus centroids in standardised space. */
export interface BehaviourModel {
  mean: number[];
  sd: number[];
  centroids: number[][];
}

export interface KMeansOptions {
  maxK: number;
  /** Fit on at most this many accounts (evenly strided, so deterministic); all are then assigned. */
  sampleSize: number;
  maxIterations: number;
  /** Iteration cap of a warm-started refit (default: maxIterations). */
  warmIterations?: number;
  seed: number;
}

/** Nearest centroid of one raw vector (-1 without a model). */
export function assignCluster(model: BehaviourModel | null, v: ArrayLike<number>, offset = 0): number {
  if (!model || model.centroids.length === 0) return -1;
  const dims = model.mean.length;
  let best = 0;
  let bestD = Infinity;
  for (let c = 0; c < model.centroids.length; c++) {
    const ce = model.centroids[c]!;
    let dist = 0;
    for (let d = 0; d < dims; d++) {
      const x = (v[offset + d]! - model.mean[d]!) / model.sd[d]! - ce[d]!;
      dist += x * x;
      if (dist >= bestD) break;
    }
    if (dist < bestD) {
      bestD = dist;
      best = c;
    }
  }
  return best;
}

/**
 * Fits behavioural clusters of the active population with ml-kmeans: kmeans++ seeding, or a warm
 * start from the previous model's centroids when k is unchanged. Deterministic for the same input.
 */
export function fitBehaviourModel(pop: PackedPopulation, opts: KMeansOptions, previous: BehaviourModel | null): BehaviourModel | null {
  const { n, dims, vectors } = pop;
  const k = Math.max(1, Math.min(opts.maxK, Math.floor(Math.sqrt(n / 2))));
  if (n < 4 || k < 2) return null;
  const mean = new Array<number>(dims).fill(0);
  const sd = new Array<number>(dims).fill(0);
  for (let i = 0; i < n; i++) for (let d = 0; d < dims; d++) mean[d]! += vectors[i * dims + d]!;
  for (let d = 0; d < dims; d++) mean[d]! /= n;
  for (let i = 0; i < n; i++) for (let d = 0; d < dims; d++) sd[d]! += (vectors[i * dims + d]! - mean[d]!) ** 2;
  for (let d = 0; d < dims; d++) sd[d] = Math.sqrt(sd[d]! / n) || 1;

  const stride = Math.max(1, Math.floor(n / opts.sampleSize));
  const sample: number[][] = [];
  for (let i = 0; i < n && sample.length < opts.sampleSize; i += stride) {
    const row = new Array<number>(dims);
    for (let d = 0; d < dims; d++) row[d] = (vectors[i * dims + d]! - mean[d]!) / sd[d]!;
    sample.push(row);
  }
  const kk = Math.min(k, sample.length);
  // Warm start: previous centroids mapped from the old standardisation into the new one.
  const warm =
    previous && previous.centroids.length === kk && previous.mean.length === dims
      ? previous.centroids.map((c) => c.map((v, d) => (v * previous.sd[d]! + previous.mean[d]! - mean[d]!) / sd[d]!))
      : null;
  // A warm start begins next to the previous optimum and refits every half hour: a few Lloyd steps
  // track the drift (most warm fits converge in under 8 anyway), a full run is for cold starts.
  const maxIterations = warm ? Math.min(opts.maxIterations, opts.warmIterations ?? opts.maxIterations) : opts.maxIterations;
  const res = kmeans(sample, kk, { initialization: warm ?? 'kmeans++', seed: opts.seed, maxIterations });
  return { mean, sd, centroids: res.centroids };
}
