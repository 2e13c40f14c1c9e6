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

let zScratch = new Float64Array(64);

/** Nearest centroid of one raw vector (-1 without a model). */
export function assignCluster(model: BehaviourModel | null, v: ArrayLike<number>, offset = 0): number {
  if (!model || model.centroids.length === 0) return -1;
  const dims = model.mean.length;
  if (zScratch.length < dims) zScratch = new Float64Array(dims);
  // Standardise once, not once per centroid (the same numbers either way).
  const z = zScratch;
  const mean = model.mean;
  const sd = model.sd;
  for (let d = 0; d < dims; d++) z[d] = (v[offset + d]! - mean[d]!) / sd[d]!;
  let best = 0;
  let bestD = Infinity;
  const cs = model.centroids;
  for (let c = 0; c < cs.length; c++) {
    const ce = cs[c]!;
    let dist = 0;
    for (let d = 0; d < dims; d++) {
      const x = z[d]! - ce[d]!;
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
 * assignCluster() for every vector of a flat array. Each account's previous cluster (`hint`, -1 =
 * none) is tried first: its distance bounds the others, which are then mostly abandoned after a few
 * dimensions. The answer is the same: the nearest centroid, the first one on ties.
 */
export function assignAll(model: BehaviourModel, vectors: Float32Array, n: number, dims: number, hint: Int32Array | null): Int32Array {
  const out = new Int32Array(n);
  const k = model.centroids.length;
  const cs = new Float64Array(k * dims);
  for (let c = 0; c < k; c++) for (let d = 0; d < dims; d++) cs[c * dims + d] = model.centroids[c]![d]!;
  const z = new Float64Array(dims);
  const mean = model.mean;
  const sd = model.sd;
  for (let i = 0; i < n; i++) {
    const o = i * dims;
    for (let d = 0; d < dims; d++) z[d] = (vectors[o + d]! - mean[d]!) / sd[d]!;
    const h = hint ? hint[i]! : -1;
    out[i] = nearest(z, 0, cs, k, dims, h >= 0 && h < k ? h : -1);
  }
  return out;
}

/**
 * Index of the nearest of k flat centres to z, the lowest index on ties (as a plain scan finds it),
 * trying centre `first` before the others when given.
 */
function nearest(z: Float64Array, zo: number, cs: Float64Array, k: number, dims: number, first: number): number {
  let best = -1;
  let bestD = Infinity;
  if (first >= 0) {
    const co = first * dims;
    let dist = 0;
    for (let d = 0; d < dims; d++) {
      const x = z[zo + d]! - cs[co + d]!;
      dist += x * x;
    }
    best = first;
    bestD = dist;
  }
  for (let c = 0; c < k; c++) {
    if (c === first) continue;
    const co = c * dims;
    let dist = 0;
    // Partial sums only grow: stop once this centre can no longer win (a tie wins only below `best`).
    if (c < best) {
      for (let d = 0; d < dims && dist <= bestD; d++) {
        const x = z[zo + d]! - cs[co + d]!;
        dist += x * x;
      }
      if (dist <= bestD) {
        bestD = dist;
        best = c;
      }
    } else {
      for (let d = 0; d < dims && dist < bestD; d++) {
        const x = z[zo + d]! - cs[co + d]!;
        dist += x * x;
      }
      if (dist < bestD) {
        bestD = dist;
        best = c;
      }
    }
  }
  return best;
}

/** ml-kmeans' default convergence tolerance (squared distance a centroid may still move). */
const TOLERANCE = 1e-6;

/**
 * Lloyd iterations from given centres, step for step what ml-kmeans does with
 * `initialization: centres` (nearest centre by squared Euclidean distance, first on ties; means in
 * sample order; an empty cluster keeps its centre; stop once no centre moves more than the
 * tolerance), on flat typed arrays. Returns null if a point has no finite nearest centre.
 */
export function lloydFromCentres(data: Float64Array, rows: number, dims: number, start: number[][], maxIterations: number): number[][] | null {
  const k = start.length;
  let centers = new Float64Array(k * dims);
  for (let c = 0; c < k; c++) for (let d = 0; d < dims; d++) centers[c * dims + d] = start[c]![d]!;
  const id = new Int32Array(rows);
  const lens = new Float64Array(k);
  let converged = false;
  let step = 0;
  while (!converged && step < maxIterations) {
    step++;
    for (let i = 0; i < rows; i++) {
      // From the second step on, the point's current centre is tried first (same answer, fewer sums).
      const best = nearest(data, i * dims, centers, k, dims, step > 1 ? id[i]! : -1);
      if (best < 0) return null;
      id[i] = best;
    }
    const next = new Float64Array(k * dims);
    lens.fill(0);
    for (let i = 0; i < rows; i++) {
      const c = id[i]!;
      lens[c]!++;
      const o = i * dims;
      const co = c * dims;
      for (let d = 0; d < dims; d++) next[co + d]! += data[o + d]!;
    }
    for (let c = 0; c < k; c++) {
      const co = c * dims;
      for (let d = 0; d < dims; d++) {
        if (lens[c]) next[co + d]! /= lens[c]!;
        else next[co + d] = centers[co + d]!;
      }
    }
    converged = true;
    for (let c = 0; c < k && converged; c++) {
      const co = c * dims;
      let dist = 0;
      for (let d = 0; d < dims; d++) {
        const x = next[co + d]! - centers[co + d]!;
        dist += x * x;
      }
      if (dist > TOLERANCE) converged = false;
    }
    centers = next;
  }
  const out: number[][] = [];
  for (let c = 0; c < k; c++) out.push(Array.from(centers.subarray(c * dims, (c + 1) * dims)));
  return out;
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
  let rows = 0;
  for (let i = 0; i < n && rows < opts.sampleSize; i += stride) rows++;
  const flat = new Float64Array(rows * dims);
  for (let r = 0, i = 0; r < rows; r++, i += stride) {
    for (let d = 0; d < dims; d++) flat[r * dims + d] = (vectors[i * dims + d]! - mean[d]!) / sd[d]!;
  }
  const kk = Math.min(k, rows);
  // Warm start: previous centroids mapped from the old standardisation into the new one.
  const warm =
    previous && previous.centroids.length === kk && previous.mean.length === dims
      ? previous.centroids.map((c) => c.map((v, d) => (v * previous.sd[d]! + previous.mean[d]! - mean[d]!) / sd[d]!))
      : null;
  // A warm start begins next to the previous optimum and refits every half hour: a few Lloyd steps
  // track the drift (most warm fits converge in under 8 anyway), a full run is for cold starts.
  const maxIterations = warm ? Math.min(opts.maxIterations, opts.warmIterations ?? opts.maxIterations) : opts.maxIterations;
  const fast = warm && maxIterations > 0 ? lloydFromCentres(flat, rows, dims, warm, maxIterations) : null;
  if (fast) return { mean, sd, centroids: fast };
  const sample: number[][] = [];
  for (let r = 0; r < rows; r++) sample.push(Array.from(flat.subarray(r * dims, (r + 1) * dims)));
  const res = kmeans(sample, kk, { initialization: warm ?? 'kmeans++', seed: opts.seed, maxIterations });
  return { mean, sd, centroids: res.centroids };
}
