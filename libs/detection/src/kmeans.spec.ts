import { kmeans } from 'ml-kmeans';
import { assignAll, assignCluster, fitBehaviourModel, lloydFromCentres, type BehaviourModel, type KMeansOptions } from './kmeans';
import type { PackedPopulation } from './population';
import { Rng } from '@lockstep/sim';

function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.float();
}

/** Points around a few blobs, plus exact duplicates (ties between centres). */
function data(seed: number, rows: number, dims: number): number[][] {
  const r = rng(seed);
  const blobs = Array.from({ length: 5 }, () => Array.from({ length: dims }, () => r() * 10 - 5));
  return Array.from({ length: rows }, (_, i) => (i % 17 === 0 ? blobs[0]!.slice() : blobs[i % 5]!.map((v) => v + (r() - 0.5) * 3)));
}

describe('lloydFromCentres', () => {
  it('gives exactly the centroids ml-kmeans gives from the same starting centres', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const dims = 7;
      const rows = 300;
      const sample = data(seed, rows, dims);
      const r = rng(seed + 100);
      const k = 3 + (seed % 4);
      // Some starting centres far from every point, so an empty cluster keeps its centre.
      const start = Array.from({ length: k }, (_, c) => (c === k - 1 ? new Array<number>(dims).fill(1e3) : sample[Math.floor(r() * rows)]!.slice()));
      for (const maxIterations of [1, 3, 20]) {
        const expected = kmeans(sample, k, { initialization: start.map((c) => c.slice()), maxIterations, seed: 42 }).centroids;
        const got = lloydFromCentres(Float64Array.from(sample.flat()), rows, dims, start, maxIterations);
        expect(got).toEqual(expected);
        // Where each point's first search starts changes nothing, in range or not.
        const hint = Int32Array.from({ length: rows }, () => Math.floor(r() * (k + 2)) - 1);
        expect(lloydFromCentres(Float64Array.from(sample.flat()), rows, dims, start, maxIterations, hint)).toEqual(expected);
      }
    }
  });
});

describe('lloydFromCentres on coarse data', () => {
  it('breaks exact ties between centres as ml-kmeans does (twin centres, points equidistant)', () => {
    const r = rng(77);
    const dims = 3;
    const rows = 200;
    const sample = Array.from({ length: rows }, () => Array.from({ length: dims }, () => Math.round(r() * 4)));
    const start = [[0, 0, 0], [2, 2, 2], [2, 2, 2], [4, 0, 4], [1, 1, 1]];
    for (const maxIterations of [1, 2, 10]) {
      const expected = kmeans(sample, start.length, { initialization: start.map((c) => c.slice()), maxIterations, seed: 42 }).centroids;
      expect(lloydFromCentres(Float64Array.from(sample.flat()), rows, dims, start, maxIterations)).toEqual(expected);
    }
  });
});

describe('assignCluster', () => {
  it('picks the nearest centroid in standardised space, the first one on ties', () => {
    const model: BehaviourModel = { mean: [1, 2], sd: [2, 4], centroids: [[0, 0], [1, 1], [1, 1], [-1, 0]] };
    expect(assignCluster(model, [1, 2])).toBe(0);
    expect(assignCluster(model, [3, 6])).toBe(1);
    expect(assignCluster(model, [-1, 2])).toBe(3);
    expect(assignCluster(model, Float32Array.from([9, 9, 3, 6]), 2)).toBe(1);
    expect(assignCluster(null, [1, 2])).toBe(-1);
  });

  it('gives the answer of a plain scan whatever the hint (ties, out-of-range hints, NaN)', () => {
    const r = rng(21);
    const dims = 5;
    // Coarse values so that exact ties between centroids occur; centroid 6 repeats centroid 1.
    const model: BehaviourModel = {
      mean: Array.from({ length: dims }, () => Math.round(r() * 4)),
      sd: Array.from({ length: dims }, () => 1 + Math.round(r() * 2)),
      centroids: Array.from({ length: 6 }, () => Array.from({ length: dims }, () => Math.round(r() * 4) - 2)),
    };
    model.centroids.push(model.centroids[1]!.slice());
    const scan = (v: number[]): number => {
      let best = 0;
      let bestD = Infinity;
      model.centroids.forEach((c, i) => {
        const d = c.reduce((acc, x, j) => acc + ((v[j]! - model.mean[j]!) / model.sd[j]! - x) ** 2, 0);
        if (d < bestD) [best, bestD] = [i, d];
      });
      return best;
    };
    let ties = 0;
    for (let n = 0; n < 500; n++) {
      const v = Array.from({ length: dims }, () => Math.round(r() * 8));
      if (n % 50 === 0) v[2] = NaN;
      const expected = scan(v);
      if (expected === 1) ties++;
      for (let hint = -2; hint <= 8; hint++) expect(assignCluster(model, v, 0, hint)).toBe(expected);
    }
    // Centroid 1 has a twin (6) that must never win: the case must actually occur.
    expect(ties).toBeGreaterThan(0);
  });
});

describe('assignAll', () => {
  it('equals assignCluster on every vector, whatever the hint', () => {
    const r = rng(9);
    const dims = 6;
    const n = 400;
    // Coarse values so that exact ties between centroids occur.
    const model: BehaviourModel = {
      mean: Array.from({ length: dims }, () => Math.round(r() * 4)),
      sd: Array.from({ length: dims }, () => 1 + Math.round(r() * 2)),
      centroids: Array.from({ length: 8 }, (_, c) => Array.from({ length: dims }, () => (c === 7 ? 0 : Math.round(r() * 4) - 2))),
    };
    model.centroids.push(model.centroids[2]!.slice());
    const vectors = Float32Array.from({ length: n * dims }, () => Math.round(r() * 8));
    const hint = Int32Array.from({ length: n }, () => Math.floor(r() * 11) - 1);
    const expected = Array.from({ length: n }, (_, i) => assignCluster(model, vectors, i * dims));
    expect(Array.from(assignAll(model, vectors, n, dims, hint))).toEqual(expected);
    expect(Array.from(assignAll(model, vectors, n, dims, null))).toEqual(expected);
  });
});

describe('fitBehaviourModel', () => {
  /** A population of n accounts whose vectors are `data` rows (only what a fit reads). */
  const popOf = (rows: number[][], cluster: Int32Array): PackedPopulation => {
    const n = rows.length;
    const dims = rows[0]!.length;
    return {
      n, dims, vectors: Float32Array.from(rows.flat()), scalars: new Float64Array(0), tokOff: new Uint32Array(n + 1), tokIds: new Int32Array(0),
      tokKeys: new Float64Array(0), org: new Int32Array(n).fill(-1), orgs: [], cluster, dirty: new Uint8Array(n), idHash: new Uint32Array(n),
      prevCampaign: new Int32Array(n).fill(-1), prevCampaigns: [],
    };
  };
  /** What the fit is defined as: ml-kmeans on the strided, standardised sample (kmeans++ or the previous centroids). */
  const reference = (pop: PackedPopulation, opts: KMeansOptions, previous: BehaviourModel | null): BehaviourModel => {
    const { n, dims, vectors } = pop;
    const k = Math.max(1, Math.min(opts.maxK, Math.floor(Math.sqrt(n / 2))));
    const mean = new Array<number>(dims).fill(0);
    const sd = new Array<number>(dims).fill(0);
    for (let i = 0; i < n; i++) for (let d = 0; d < dims; d++) mean[d]! += vectors[i * dims + d]!;
    for (let d = 0; d < dims; d++) mean[d]! /= n;
    for (let i = 0; i < n; i++) for (let d = 0; d < dims; d++) sd[d]! += (vectors[i * dims + d]! - mean[d]!) ** 2;
    for (let d = 0; d < dims; d++) sd[d] = Math.sqrt(sd[d]! / n) || 1;
    const stride = Math.max(1, Math.floor(n / opts.sampleSize));
    const sample: number[][] = [];
    for (let i = 0; i < n && sample.length < opts.sampleSize; i += stride) sample.push(Array.from({ length: dims }, (_, d) => (vectors[i * dims + d]! - mean[d]!) / sd[d]!));
    const kk = Math.min(k, sample.length);
    const warm = previous && previous.centroids.length === kk ? previous.centroids.map((c) => c.map((v, d) => (v * previous.sd[d]! + previous.mean[d]! - mean[d]!) / sd[d]!)) : null;
    const maxIterations = warm ? Math.min(opts.maxIterations, opts.warmIterations ?? opts.maxIterations) : opts.maxIterations;
    const res = kmeans(sample, kk, { initialization: warm ?? 'kmeans++', seed: opts.seed, maxIterations });
    return { mean, sd, centroids: res.centroids };
  };

  it('gives exactly the model ml-kmeans gives, seeded by kmeans++ or warm-started', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const dims = 6;
      const rows = data(seed, 150 + 40 * seed, dims);
      const opts: KMeansOptions = { maxK: 3 + seed, sampleSize: 60 + 30 * seed, maxIterations: 4 + 3 * seed, warmIterations: 3, seed: 40 + seed };
      const pop = popOf(rows, new Int32Array(rows.length).fill(-1));
      const cold = fitBehaviourModel(pop, opts, null);
      expect(cold).toEqual(reference(pop, opts, null));
      // The next fit, on moved points, starts from the first one's centroids (hinted with its clusters).
      const moved = rows.map((v, i) => v.map((x, d) => x + ((i + d) % 3) * 0.25));
      const cluster = Int32Array.from(moved, (v) => assignCluster(cold, v));
      const pop2 = popOf(moved, cluster);
      expect(fitBehaviourModel(pop2, opts, cold)).toEqual(reference(pop2, opts, cold));
    }
  });
});
