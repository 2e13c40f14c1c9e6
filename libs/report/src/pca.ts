/** 2-D projection of account feature vectors by principal component analysis (pure, deterministic). */

export interface Projection {
  points: Array<{ x: number; y: number }>;
  /** Share of the (standardised) variance each axis explains. */
  explained: [number, number];
}

/**
 * Standardises each column (zero mean, unit variance; constant columns dropped), then finds
 * the top two eigenvectors of the covariance by power iteration with deflation.
 */
export function pca2(vectors: readonly (readonly number[])[]): Projection {
  const n = vectors.length;
  if (n === 0) return { points: [], explained: [0, 0] };
  const d = vectors[0]!.length;
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (const v of vectors) for (let j = 0; j < d; j++) mean[j]! += finite(v[j]);
  for (let j = 0; j < d; j++) mean[j]! /= n;
  for (const v of vectors) for (let j = 0; j < d; j++) sd[j]! += (finite(v[j]) - mean[j]!) ** 2;
  const cols: number[] = [];
  for (let j = 0; j < d; j++) {
    sd[j] = Math.sqrt(sd[j]! / n);
    if (sd[j]! > 1e-12) cols.push(j);
  }
  const k = cols.length;
  if (k === 0) return { points: vectors.map(() => ({ x: 0, y: 0 })), explained: [0, 0] };
  const z = vectors.map((v) => cols.map((j) => (finite(v[j]) - mean[j]!) / sd[j]!));
  const cov: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const row of z) for (let a = 0; a < k; a++) for (let b = a; b < k; b++) cov[a]![b]! += row[a]! * row[b]!;
  for (let a = 0; a < k; a++) for (let b = a; b < k; b++) cov[b]![a] = cov[a]![b]! /= n;
  const total = cols.length; // trace of a correlation matrix
  const e1 = topEigen(cov, null);
  const e2 = topEigen(cov, e1.vector);
  const points = z.map((row) => ({ x: dot(row, e1.vector), y: dot(row, e2.vector) }));
  return { points, explained: [e1.value / total, e2.value / total] };
}

function finite(x: number | undefined): number {
  return x !== undefined && Number.isFinite(x) ? x : 0;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function topEigen(m: number[][], orthogonalTo: number[] | null): { vector: number[]; value: number } {
  const k = m.length;
  // A fixed, non-symmetric start vector keeps the result deterministic and rarely orthogonal to the answer.
  let v = Array.from({ length: k }, (_, i) => 1 + ((i * 7919) % 13) / 13);
  let value = 0;
  for (let it = 0; it < 200; it++) {
    if (orthogonalTo) {
      const p = dot(v, orthogonalTo);
      v = v.map((x, i) => x - p * orthogonalTo[i]!);
    }
    const w = m.map((row) => dot(row, v));
    const norm = Math.sqrt(dot(w, w));
    if (norm < 1e-12) break;
    const next = w.map((x) => x / norm);
    const delta = next.reduce((s, x, i) => s + Math.abs(x - v[i]!), 0);
    v = next;
    value = norm;
    if (delta < 1e-9) break;
  }
  if (orthogonalTo) {
    const p = dot(v, orthogonalTo);
    v = v.map((x, i) => x - p * orthogonalTo[i]!);
  }
  // A stable sign: the largest component is positive.
  let big = 0;
  for (let i = 1; i < k; i++) if (Math.abs(v[i]!) > Math.abs(v[big]!)) big = i;
  if (v[big]! < 0) v = v.map((x) => -x);
  return { vector: v, value };
}
