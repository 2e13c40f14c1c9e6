import { kmeans } from 'ml-kmeans';
import { kmeanspp } from 'ml-kmeans/lib/initialization';
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
export function assignCluster(model: BehaviourModel | null, v: ArrayLike<number>, offset = 0, hint = -1): number {
  if (!model || model.centroids.length === 0) return -1;
  const dims = model.mean.length;
  if (zScratch.length < dims) zScratch = new Float64Array(dims);
  // Standardise once, not once per centroid (the same numbers either way).
  const z = zScratch;
  const mean = model.mean;
  const sd = model.sd;
  for (let d = 0; d < dims; d++) z[d] = (v[offset + d]! - mean[d]!) / sd[d]!;
  const { flat, spread, k } = modelTables(model);
  let best = 0;
  let bestD = Infinity;
  // An account mostly stays in its cluster: measured first, the hint's distance rules most others
  // out unmeasured (triangle inequality) and cuts the rest short. The winner is still the nearest
  // by the same sums, the lowest index on ties.
  let r = -1;
  if (hint >= 0 && hint < k) {
    const o = hint * dims;
    let dist = 0;
    for (let d = 0; d < dims; d++) {
      const x = z[d]! - flat[o + d]!;
      dist += x * x;
    }
    if (dist < Infinity) {
      best = hint;
      bestD = dist;
      r = Math.sqrt(dist);
    }
  }
  for (let c = 0; c < k; c++) {
    if (r >= 0) {
      if (c === hint) continue;
      // |z - c| >= |hint - c| - |z - hint|; the margin keeps rounding from ruling out a tie.
      const gap = spread[hint * k + c]! - r;
      if (gap > 0 && gap * gap > bestD * (1 + 1e-6) + 1e-12) continue;
    }
    const o = c * dims;
    let dist = 0;
    for (let d = 0; d < dims; d++) {
      const x = z[d]! - flat[o + d]!;
      dist += x * x;
      if (dist > bestD) break;
    }
    if (dist < bestD || (dist === bestD && c < best)) {
      bestD = dist;
      best = c;
    }
  }
  return best;
}

/**
 * The centroids of the model assignCluster last saw, flat, and the distances between them (k x k),
 * kept while that model is current (a fitted model is never modified; refits make new ones).
 */
let tablesModel: BehaviourModel | null = null;
let tables = { flat: new Float64Array(0), spread: new Float64Array(0), k: 0 };
function modelTables(model: BehaviourModel): typeof tables {
  if (tablesModel === model) return tables;
  const cs = model.centroids;
  const k = cs.length;
  const dims = model.mean.length;
  const flat = new Float64Array(k * dims);
  for (let c = 0; c < k; c++) for (let d = 0; d < dims; d++) flat[c * dims + d] = cs[c]![d]!;
  const spread = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      let dist = 0;
      for (let d = 0; d < dims; d++) {
        const x = flat[a * dims + d]! - flat[b * dims + d]!;
        dist += x * x;
      }
      spread[a * k + b] = spread[b * k + a] = Math.sqrt(dist);
    }
  }
  tablesModel = model;
  tables = { flat, spread, k };
  return tables;
}

/**
 * Working arrays of the fits and assignAll, kept between runs and only grown (one set per thread:
 * the runs of a thread never overlap). Typed arrays live off the heap, and allocating several of
 * population size per refit drives extra garbage collections.
 */
const work = {
  f64: new Map<string, Float64Array>(),
  i32: new Map<string, Int32Array>(),
  u8: new Map<string, Uint8Array>(),
};
/** A Float64Array of at least `len` entries owned by `name` (contents undefined). */
function f64(name: string, len: number): Float64Array {
  let a = work.f64.get(name);
  if (!a || a.length < len) work.f64.set(name, (a = new Float64Array(Math.max(len, Math.ceil((a?.length ?? 0) * 1.5)))));
  return a;
}
function i32(name: string, len: number): Int32Array {
  let a = work.i32.get(name);
  if (!a || a.length < len) work.i32.set(name, (a = new Int32Array(Math.max(len, Math.ceil((a?.length ?? 0) * 1.5)))));
  return a;
}
function u8(name: string, len: number): Uint8Array {
  let a = work.u8.get(name);
  if (!a || a.length < len) work.u8.set(name, (a = new Uint8Array(Math.max(len, Math.ceil((a?.length ?? 0) * 1.5)))));
  return a;
}

/**
 * assignCluster() for every vector of a flat array. Each account's previous cluster (`hint`, -1 =
 * none) is tried first: its distance bounds the others, which are then mostly abandoned after a few
 * dimensions. The answer is the same: the nearest centroid, the first one on ties.
 */
export function assignAll(model: BehaviourModel, vectors: Float32Array, n: number, dims: number, hint: Int32Array | null): Int32Array {
  const out = new Int32Array(n);
  const k = model.centroids.length;
  const cs = f64('assign.cs', k * dims);
  flattenRows(model.centroids, k, dims, cs);
  const mean = f64('assign.mean', dims);
  const sd = f64('assign.sd', dims);
  for (let d = 0; d < dims; d++) {
    mean[d] = model.mean[d]!;
    sd[d] = model.sd[d]!;
  }
  const half = halfCentreDistances(cs, k, dims, f64('assign.half', k * k));
  if (hint) assignHinted(vectors, n, dims, mean, sd, cs, k, half, hint, f64('assign.z', dims), out);
  else assignPlain(vectors, n, dims, mean, sd, cs, k, f64('assign.z', dims), out);
  return out;
}

/** rows[c][d] into flat[c * dims + d]. */
function flattenRows(rows: number[][], k: number, dims: number, flat: Float64Array): void {
  for (let c = 0; c < k; c++) {
    const row = rows[c]!;
    for (let d = 0; d < dims; d++) flat[c * dims + d] = row[d]!;
  }
}

// assignAll's loops, one per case: each is optimized on its own (a loop inside assignAll was
// recompiled with all of assignAll whenever one of them first met a new case).
function assignHinted(vectors: Float32Array, n: number, dims: number, mean: Float64Array, sd: Float64Array, cs: Float64Array, k: number, half: Float64Array, hint: Int32Array, z: Float64Array, out: Int32Array): void {
  for (let i = 0; i < n; i++) {
    standardise(vectors, i * dims, dims, mean, sd, z);
    const h = hint[i]!;
    out[i] = h >= 0 && h < k ? nearestFrom(z, cs, k, dims, h, half) : nearest(z, 0, cs, k, dims, -1);
  }
}

function assignPlain(vectors: Float32Array, n: number, dims: number, mean: Float64Array, sd: Float64Array, cs: Float64Array, k: number, z: Float64Array, out: Int32Array): void {
  for (let i = 0; i < n; i++) {
    standardise(vectors, i * dims, dims, mean, sd, z);
    out[i] = nearest(z, 0, cs, k, dims, -1);
  }
}

/** z = (v - mean) / sd for the raw vector at offset o. */
function standardise(vectors: Float32Array, o: number, dims: number, mean: Float64Array, sd: Float64Array, z: Float64Array): void {
  for (let d = 0; d < dims; d++) z[d] = (vectors[o + d]! - mean[d]!) / sd[d]!;
}

/** Relative slack of the triangle-inequality tests: far above the rounding of a distance, far below real gaps. */
const SLACK = 1e-9;

/** Half the distance between every two of k flat centres (k x k, row-major). */
function halfCentreDistances(cs: Float64Array, k: number, dims: number, half: Float64Array = new Float64Array(k * k)): Float64Array {
  for (let a = 0; a < k; a++) {
    half[a * k + a] = 0;
    for (let b = a + 1; b < k; b++) {
      let dist = 0;
      for (let d = 0; d < dims; d++) {
        const x = cs[a * dims + d]! - cs[b * dims + d]!;
        dist += x * x;
      }
      half[a * k + b] = half[b * k + a] = Math.sqrt(dist) / 2;
    }
  }
  return half;
}

/**
 * nearest(z, 0, cs, k, dims, h) with the centres that cannot win skipped unmeasured: a centre more
 * than twice as far from h as z is (with a margin far above rounding) is farther from z than h, so
 * it is neither the nearest nor tied with it. The answer is the plain scan's.
 */
function nearestFrom(z: Float64Array, cs: Float64Array, k: number, dims: number, h: number, half: Float64Array): number {
  let dh = 0;
  const ho = h * dims;
  for (let d = 0; d < dims; d++) {
    const x = z[d]! - cs[ho + d]!;
    dh += x * x;
  }
  const u = Math.sqrt(dh);
  if (!(u < Infinity)) return nearest(z, 0, cs, k, dims, h);
  let best = h;
  let bestD = dh;
  const row = h * k;
  for (let c = 0; c < k; c++) {
    if (c === h) continue;
    const hc = half[row + c]!;
    if (hc > u + SLACK * (u + hc)) continue;
    const dist = partialDistance(z, 0, cs, c * dims, dims, bestD, c < best);
    if (c < best ? dist <= bestD : dist < bestD) {
      bestD = dist;
      best = c;
    }
  }
  return best;
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
    const dist = partialDistance(z, zo, cs, c * dims, dims, bestD, c < best);
    if (c < best ? dist <= bestD : dist < bestD) {
      bestD = dist;
      best = c;
    }
  }
  return best;
}

/**
 * Squared distance from z to the centre at `co`, summed only while it can still win against
 * `bestD` (partial sums only grow): up to and including a tie when `tieWins`, else strictly below.
 */
function partialDistance(z: Float64Array, zo: number, cs: Float64Array, co: number, dims: number, bestD: number, tieWins: boolean): number {
  let dist = 0;
  if (tieWins) {
    for (let d = 0; d < dims && dist <= bestD; d++) {
      const x = z[zo + d]! - cs[co + d]!;
      dist += x * x;
    }
  } else {
    for (let d = 0; d < dims && dist < bestD; d++) {
      const x = z[zo + d]! - cs[co + d]!;
      dist += x * x;
    }
  }
  return dist;
}

/**
 * Lloyd's update into `next` (zeroed): each centre becomes the mean of its points, summed in point
 * order; a centre with no points keeps its place, and so does one not marked in `changed` (when given).
 */
function updateCentres(data: Float64Array, rows: number, dims: number, id: Int32Array, k: number, centers: Float64Array, next: Float64Array, lens: Float64Array, changed: Uint8Array | null): void {
  // Two loops, two functions: optimized on the stack in the middle of its first long loop (OSR), one
  // function would have no type feedback yet for the loop after it, and deoptimize on reaching it.
  sumMembers(data, rows, dims, id, next, lens, k, changed);
  meansOrKept(dims, k, centers, next, lens, changed);
}

function sumMembers(data: Float64Array, rows: number, dims: number, id: Int32Array, next: Float64Array, lens: Float64Array, k: number, changed: Uint8Array | null): void {
  lens.fill(0, 0, k);
  for (let i = 0; i < rows; i++) {
    const c = id[i]!;
    if (changed && changed[c] === 0) continue;
    lens[c]!++;
    const o = i * dims;
    const co = c * dims;
    for (let d = 0; d < dims; d++) next[co + d]! += data[o + d]!;
  }
}

function meansOrKept(dims: number, k: number, centers: Float64Array, next: Float64Array, lens: Float64Array, changed: Uint8Array | null): void {
  for (let c = 0; c < k; c++) {
    const co = c * dims;
    const moves = (!changed || changed[c] === 1) && lens[c] !== 0;
    const len = lens[c]!;
    for (let d = 0; d < dims; d++) {
      // Both values are computed whichever is kept: a branch that runs only once centres start to
      // settle would have no type feedback when this is first optimized, and deoptimize it then.
      const mean = next[co + d]! / len;
      const kept = centers[co + d]!;
      next[co + d] = moves ? mean : kept;
    }
  }
}

/** Squared distance a centre (at offset `co`) moved from `centers` to `next`. */
function centreShift(next: Float64Array, centers: Float64Array, co: number, dims: number): number {
  let dist = 0;
  for (let d = 0; d < dims; d++) {
    const x = next[co + d]! - centers[co + d]!;
    dist += x * x;
  }
  return dist;
}

/** ml-kmeans' default convergence tolerance (squared distance a centroid may still move). */
const TOLERANCE = 1e-6;

/**
 * Lloyd iterations from given centres, step for step what ml-kmeans does with
 * `initialization: centres` (nearest centre by squared Euclidean distance, first on ties; means in
 * sample order; an empty cluster keeps its centre; stop once no centre moves more than the
 * tolerance), on flat typed arrays. Returns null if a point has no finite nearest centre.
 */
export function lloydFromCentres(data: Float64Array, rows: number, dims: number, start: number[][], maxIterations: number, hint: Int32Array | null = null): number[][] | null {
  const k = start.length;
  let centers = new Float64Array(k * dims);
  flattenRows(start, k, dims, centers);
  if (k > 1 && allFinite(data, rows * dims) && allFinite(centers, k * dims)) {
    const bounded = lloydBounded(data, rows, dims, centers, k, maxIterations, hint);
    if (bounded) return bounded;
  }
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
    updateCentres(data, rows, dims, id, k, centers, next, lens, null);
    converged = true;
    for (let c = 0; c < k && converged; c++) if (centreShift(next, centers, c * dims, dims) > TOLERANCE) converged = false;
    centers = next;
  }
  const out: number[][] = [];
  for (let c = 0; c < k; c++) out.push(Array.from(centers.subarray(c * dims, (c + 1) * dims)));
  return out;
}

function allFinite(a: Float64Array, len: number): boolean {
  for (let x = 0; x < len; x++) if (!Number.isFinite(a[x]!)) return false;
  return true;
}

/**
 * lloydFromCentres on finite data, with Elkan's bounds: per point an upper bound on the distance to
 * its centre and a lower bound on the distance to every other, moved with the centres after each
 * step. A centre whose lower bound, or half its distance from the point's best so far, exceeds that
 * upper bound (by a margin far above accumulated rounding) is strictly farther than the best, so it
 * is neither nearest nor tied: every assignment, and so every mean, equals the plain scan's. Means,
 * empty clusters and the stopping rule are computed as lloydFromCentres computes them.
 */
function lloydBounded(data: Float64Array, rows: number, dims: number, start: Float64Array, k: number, maxIterations: number, hint: Int32Array | null): number[][] | null {
  // Each pass below is its own function: V8 optimizes (and, when a pass first meets a new case,
  // deoptimizes and recompiles) them one by one instead of all of lloydBounded each time.
  let centers = start;
  const id = i32('lloyd.id', rows);
  // Bounds are stored against each centre's total movement so far (`drift`), so moving the centres
  // moves every bound without touching it: upper = upperAt + drift[centre], lower = lowerAt - drift[c].
  const upperAt = f64('lloyd.upperAt', rows).fill(Infinity, 0, rows);
  const lowerAt = f64('lloyd.lowerAt', rows * k).fill(0, 0, rows * k);
  const drift = f64('lloyd.drift', k).fill(0, 0, k);
  const lens = f64('lloyd.lens', k);
  const minHalf = f64('lloyd.minHalf', k);
  const changed = u8('lloyd.changed', k).fill(0, 0, k);
  const halfBuf = f64('lloyd.half', k * k);
  // The centres of consecutive steps, in two buffers used in turn (`start` is neither).
  const centreBufs = [f64('lloyd.centresA', k * dims), f64('lloyd.centresB', k * dims)];
  // Distances, and the centres' movements, are at most twice the largest norm of a point or centre
  // (centres stay in the hull of points and starting centres): the absolute margin covers rounding
  // accumulated over the steps, including that of the drift sums.
  const norm = Math.max(maxSquaredNorm(data, rows, dims), maxSquaredNorm(centers, k, dims));
  // Values this large could overflow a squared distance: leave them to the plain scan.
  if (!(norm < 1e150)) return null;
  const abs = SLACK * 2 * Math.sqrt(norm) + 1e-300;
  startIds(id, rows, k, hint);
  let converged = false;
  let step = 0;
  while (!converged && step < maxIterations) {
    step++;
    const half = halfCentreDistances(centers, k, dims, halfBuf);
    minOtherHalf(half, k, minHalf);
    assignBounded(data, rows, dims, centers, k, id, upperAt, lowerAt, drift, half, minHalf, changed, abs);
    // A cluster whose members are those of the previous step has the same mean, summed in the same
    // order: its centre, already that mean, stays (the first step starts from given centres).
    if (step === 1) changed.fill(1, 0, k);
    const next = centreBufs[step & 1]!.fill(0, 0, k * dims);
    updateCentres(data, rows, dims, id, k, centers, next, lens, changed);
    changed.fill(0, 0, k);
    converged = moveDrift(next, centers, k, dims, drift);
    centers = next;
  }
  const out: number[][] = [];
  for (let c = 0; c < k; c++) out.push(Array.from(centers.subarray(c * dims, (c + 1) * dims)));
  return out;
}

/** Largest squared norm of `rows` flat vectors (0 for none). */
function maxSquaredNorm(a: Float64Array, rows: number, dims: number): number {
  let norm = 0;
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let d = 0; d < dims; d++) s += a[i * dims + d]! * a[i * dims + d]!;
    if (s > norm) norm = s;
  }
  return norm;
}

/** Each point's starting centre: its hint when in range, else centre 0. */
function startIds(id: Int32Array, rows: number, k: number, hint: Int32Array | null): void {
  for (let i = 0; i < rows; i++) {
    const h = hint ? hint[i]! : -1;
    id[i] = h >= 0 && h < k ? h : 0;
  }
}

/** Per centre, half the distance to its nearest other centre. */
function minOtherHalf(half: Float64Array, k: number, minHalf: Float64Array): void {
  for (let a = 0; a < k; a++) {
    let m = Infinity;
    for (let c = 0; c < k; c++) if (c !== a && half[a * k + c]! < m) m = half[a * k + c]!;
    minHalf[a] = m;
  }
}

/** Moves each centre's drift by how far it moved; true when none moved more than the tolerance. */
function moveDrift(next: Float64Array, centers: Float64Array, k: number, dims: number, drift: Float64Array): boolean {
  let converged = true;
  for (let c = 0; c < k; c++) {
    const dist = centreShift(next, centers, c * dims, dims);
    if (dist > TOLERANCE) converged = false;
    drift[c]! += Math.sqrt(dist);
  }
  return converged;
}

/**
 * One assignment step of lloydBounded: each point's nearest centre (first on ties), measuring only
 * the centres its bounds cannot rule out; marks in `changed` the clusters that lost or won a point.
 */
function assignBounded(
  data: Float64Array,
  rows: number,
  dims: number,
  centers: Float64Array,
  k: number,
  id: Int32Array,
  upperAt: Float64Array,
  lowerAt: Float64Array,
  drift: Float64Array,
  half: Float64Array,
  minHalf: Float64Array,
  changed: Uint8Array,
  abs: number,
): void {
  for (let i = 0; i < rows; i++) {
    const o = i * dims;
    const a = id[i]!;
    let u = upperAt[i]! + drift[a]!;
    if (u + abs < minHalf[a]!) continue;
    let best = a;
    let bestD = -1;
    const lo = i * k;
    for (let c = 0; c < k; c++) {
      if (c === best) continue;
      if (lowerAt[lo + c]! - drift[c]! > u + abs || half[best * k + c]! > u + abs) continue;
      if (bestD < 0) {
        // Measure the best so far exactly before measuring any rival.
        bestD = 0;
        const bo = best * dims;
        for (let d = 0; d < dims; d++) {
          const x = data[o + d]! - centers[bo + d]!;
          bestD += x * x;
        }
        u = Math.sqrt(bestD);
        lowerAt[lo + best] = u + drift[best]!;
        if (lowerAt[lo + c]! - drift[c]! > u + abs || half[best * k + c]! > u + abs) continue;
      }
      const co = c * dims;
      let dist = 0;
      // Partial sums only grow: once past the best this centre neither wins nor ties, and the
      // partial sum is still a lower bound of its distance.
      for (let d = 0; d < dims && dist <= bestD; d++) {
        const x = data[o + d]! - centers[co + d]!;
        dist += x * x;
      }
      const dc = Math.sqrt(dist);
      lowerAt[lo + c] = dc + drift[c]!;
      if (dist < bestD || (dist === bestD && c < best)) {
        best = c;
        bestD = dist;
        u = dc;
      }
    }
    if (best !== a) {
      id[i] = best;
      changed[a] = 1;
      changed[best] = 1;
    }
    if (bestD >= 0) upperAt[i] = u - drift[best]!;
  }
}

/**
 * Fits behavioural clusters of the active population with ml-kmeans: kmeans++ seeding, or a warm
 * start from the previous model's centroids when k is unchanged. Deterministic for the same input.
 */
export function fitBehaviourModel(pop: PackedPopulation, opts: KMeansOptions, previous: BehaviourModel | null): BehaviourModel | null {
  const { n, dims, vectors } = pop;
  const k = Math.max(1, Math.min(opts.maxK, Math.floor(Math.sqrt(n / 2))));
  if (n < 4 || k < 2) return null;
  // Each pass is its own function (see lloydBounded). Summed in typed arrays (the same doubles, in
  // the same order), handed out as plain arrays.
  const mean = f64('fit.mean', dims);
  const sd = f64('fit.sd', dims);
  sumColumns(vectors, n, dims, mean);
  for (let d = 0; d < dims; d++) mean[d]! /= n;
  sumSquaredDeviations(vectors, n, dims, mean, sd);
  for (let d = 0; d < dims; d++) sd[d] = Math.sqrt(sd[d]! / n) || 1;

  const stride = Math.max(1, Math.floor(n / opts.sampleSize));
  let rows = 0;
  for (let i = 0; i < n && rows < opts.sampleSize; i += stride) rows++;
  const flat = f64('fit.flat', rows * dims);
  standardiseSample(vectors, rows, stride, dims, mean, sd, flat);
  const kk = Math.min(k, rows);
  // Warm start: previous centroids mapped from the old standardisation into the new one.
  const warm = previous && previous.centroids.length === kk && previous.mean.length === dims ? warmCentres(previous, dims, mean, sd) : null;
  // A warm start begins next to the previous optimum and refits every half hour: a few Lloyd steps
  // track the drift (most warm fits converge in under 8 anyway), a full run is for cold starts.
  const maxIterations = warm ? Math.min(opts.maxIterations, opts.warmIterations ?? opts.maxIterations) : opts.maxIterations;
  // Each sampled account's current cluster (under the previous model, whose centres start the fit) is
  // where its first nearest-centre search starts.
  let hint: Int32Array | null = null;
  if (warm) {
    hint = i32('fit.hint', rows);
    sampleHints(pop.cluster, rows, stride, hint);
  }
  const fast = warm && maxIterations > 0 ? lloydFromCentres(flat, rows, dims, warm, maxIterations, hint) : null;
  const meanOut = Array.from(mean.subarray(0, dims));
  const sdOut = Array.from(sd.subarray(0, dims));
  if (fast) return { mean: meanOut, sd: sdOut, centroids: fast };
  const sample: number[][] = [];
  for (let r = 0; r < rows; r++) sample.push(Array.from(flat.subarray(r * dims, (r + 1) * dims)));
  if (!warm && maxIterations > 0) {
    // kmeans() is kmeans++ seeding, then Lloyd steps from those centres: the seeding from ml-kmeans
    // itself (same seed, same centres), the steps as lloydFromCentres takes them (the same centroids).
    const seeded = lloydFromCentres(flat, rows, dims, kmeanspp(sample, kk, { seed: opts.seed }), maxIterations);
    if (seeded) return { mean: meanOut, sd: sdOut, centroids: seeded };
  }
  const res = kmeans(sample, kk, { initialization: warm ?? 'kmeans++', seed: opts.seed, maxIterations });
  return { mean: meanOut, sd: sdOut, centroids: res.centroids };
}

/** Sum of each column of n flat rows, in row order. */
function sumColumns(vectors: Float32Array, n: number, dims: number, sum: Float64Array): void {
  sum.fill(0, 0, dims);
  for (let i = 0; i < n; i++) for (let d = 0; d < dims; d++) sum[d]! += vectors[i * dims + d]!;
}

/** Sum of each column's squared deviations from its mean, in row order. */
function sumSquaredDeviations(vectors: Float32Array, n: number, dims: number, mean: Float64Array, sum: Float64Array): void {
  sum.fill(0, 0, dims);
  // x * x is x ** 2 to the bit (pow special-cases y = 2), without the call.
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dims; d++) {
      const x = vectors[i * dims + d]! - mean[d]!;
      sum[d]! += x * x;
    }
  }
}

/** Every stride-th row, standardised, into `rows` rows of flat. */
function standardiseSample(vectors: Float32Array, rows: number, stride: number, dims: number, mean: Float64Array, sd: Float64Array, flat: Float64Array): void {
  for (let r = 0, i = 0; r < rows; r++, i += stride) {
    for (let d = 0; d < dims; d++) flat[r * dims + d] = (vectors[i * dims + d]! - mean[d]!) / sd[d]!;
  }
}

/** The previous model's centroids in the standardisation given by mean and sd. */
function warmCentres(previous: BehaviourModel, dims: number, mean: Float64Array, sd: Float64Array): number[][] {
  const out: number[][] = [];
  for (const c of previous.centroids) {
    const row: number[] = [];
    for (let d = 0; d < dims; d++) row.push((c[d]! * previous.sd[d]! + previous.mean[d]! - mean[d]!) / sd[d]!);
    out.push(row);
  }
  return out;
}

/** The current cluster of every stride-th account. */
function sampleHints(cluster: Int32Array, rows: number, stride: number, hint: Int32Array): void {
  for (let r = 0, i = 0; r < rows; r++, i += stride) hint[r] = cluster[i]!;
}
