import { scoreGroup, tightnessSignal } from './evidence';
import { GroupScorer } from './group-scorer';
import { S, type PackedPopulation } from './population';
import { Rng } from '@lockstep/sim';

const K = 4294967296;

/** A deterministic pseudo-random generator (mulberry32), so the spec is the same every run. */
function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.float();
}

/**
 * A population mixing everything the signals branch on: shared and unshared templates, /24s held by
 * many or few, cards, orgs, nets of 0, accounts with no tokens, churn of -1, unclustered accounts.
 */
function population(seed: number, n: number): { pop: PackedPopulation; kindIx: Uint8Array; cluster: Int32Array } {
  const r = rng(seed);
  const pick = (k: number) => Math.floor(r() * k);
  const scalars = new Float64Array(n * S.width);
  const tokOff = new Uint32Array(n + 1);
  const tokIds: number[] = [];
  const keys: number[] = [];
  const ids = new Map<number, number>();
  const idOf = (key: number) => {
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = keys.push(key) - 1));
    return id;
  };
  for (let i = 0; i < n; i++) {
    tokOff[i] = tokIds.length;
    const toks = new Set<number>();
    const count = pick(7);
    for (let t = 0; t < count; t++) {
      const kind = [0, 0, 1, 2, 3, 4, 4, 7][pick(8)]!;
      toks.add(kind * K + 1 + pick(kind === 4 ? 6 : 12));
    }
    for (const k of toks) tokIds.push(idOf(k));
    tokOff[i + 1] = tokIds.length;
    const o = i * S.width;
    scalars[o + S.ageFirstDays] = pick(40);
    // Whole days mostly; every fourth population has fractional ones (the scorer's sorting path).
    scalars[o + S.createdDay] = seed % 4 === 0 ? 20000 + pick(10) * 0.75 : 20000 + pick(10);
    scalars[o + S.nonHuman] = r();
    scalars[o + S.churn] = r() < 0.2 ? -1 : r();
    scalars[o + S.harvest] = r();
    scalars[o + S.primaryNet] = r() < 0.2 ? 0 : 1000 + pick(8);
    scalars[o + S.card] = r() < 0.3 ? 0 : 50 + pick(6);
    scalars[o + S.institutional] = r() * 1.5;
    scalars[o + S.sharedHarvest] = r();
    scalars[o + S.sharedHours] = r();
    scalars[o + S.sharedReworded] = r();
    scalars[o + S.sharedIdentical] = r() < 0.3 ? 0 : r();
  }
  const kindIx = Uint8Array.from(keys, (k) => Math.floor(k / K));
  const cluster = Int32Array.from({ length: n }, () => pick(5) - 1);
  const pop: PackedPopulation = {
    n, dims: 0, vectors: new Float32Array(0), scalars, tokOff, tokIds: Int32Array.from(tokIds), tokKeys: Float64Array.from(keys),
    org: Int32Array.from({ length: n }, () => pick(4) - 2), orgs: ['a', 'b'], cluster, dirty: new Uint8Array(n),
    idHash: new Uint32Array(n), prevCampaign: new Int32Array(n).fill(-1), prevCampaigns: [],
  };
  return { pop, kindIx, cluster };
}

describe('GroupScorer', () => {
  it('scores every group bit-identically to scoreGroup, whatever the group and context', () => {
    let reused: GroupScorer | null = null;
    for (let seed = 1; seed <= 20; seed++) {
      // Populations of changing size through one scorer: reset() must leave nothing of the last one behind.
      const { pop, kindIx, cluster } = population(seed, 40 + ((seed * 37) % 50));
      const fresh = new GroupScorer(pop, kindIx, cluster);
      if (reused) reused.reset(pop, kindIx, cluster);
      else reused = fresh;
      const scorer = seed % 2 === 0 ? reused : fresh;
      const r = rng(seed * 7);
      for (let g = 0; g < 60; g++) {
        const size = 1 + Math.floor(r() * 40);
        const members = new Set<number>();
        while (members.size < size) members.add(Math.floor(r() * pop.n));
        const list = Int32Array.from(members);
        // (Sim-linked without intent-linked does not occur in runs, but the reworded signal must not read a stale diversity.)
        for (const [intentLinked, simLinked] of [[false, false], [true, false], [true, true], [false, true]] as const) {
          // Twice: scratch state must not leak from one call into the next.
          for (let rep = 0; rep < 2; rep++) {
            expect(scorer.score(list, intentLinked, simLinked)).toBe(scoreGroup(pop, list, { intentLinked, simLinked, clusterOf: cluster }).score);
          }
          // The whole report (values, weights, details, logit) as well, not only the score.
          expect(scorer.evidence(list, intentLinked, simLinked)).toEqual(scoreGroup(pop, list, { intentLinked, simLinked, clusterOf: cluster }));
        }
        expect(scorer.tightness(list)).toBe(tightnessSignal(list, cluster));
        scorer.score(list, false, false);
        expect(scorer.lastTightness).toBe(tightnessSignal(list, cluster));
        // A group given as a range of a larger array (the carriers of one token) scores the same.
        const padded = new Int32Array(list.length + 5);
        padded.set(list, 3);
        expect(scorer.score(padded, true, true, 3, 3 + list.length)).toBe(scorer.score(list, true, true));
        expect(scorer.tightness(padded, 3, 3 + list.length)).toBe(scorer.tightness(list));
      }
    }
  });

  it('scores the carriers of a token, told which token they share, bit-identically to scoreGroup', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const { pop, kindIx, cluster } = population(seed, 30 + seed * 5);
      const scorer = new GroupScorer(pop, kindIx, cluster);
      const carriers = Array.from({ length: pop.tokKeys.length }, () => [] as number[]);
      for (let i = 0; i < pop.n; i++) for (let t = pop.tokOff[i]!; t < pop.tokOff[i + 1]!; t++) carriers[pop.tokIds[t]!]!.push(i);
      for (let j = 0; j < carriers.length; j++) {
        // Also the carriers' subgroups of two and three (which often share other /24s than j too).
        for (const size of [carriers[j]!.length, 2, 3]) {
          if (size > carriers[j]!.length) continue;
          const list = Int32Array.from(carriers[j]!.slice(0, size));
          const padded = new Int32Array(list.length + 2);
          padded.set(list, 1);
          for (const [intentLinked, simLinked] of [[false, false], [true, true]] as const) {
            const expected = scoreGroup(pop, list, { intentLinked, simLinked, clusterOf: cluster }).score;
            expect(scorer.score(padded, intentLinked, simLinked, 1, 1 + list.length, j)).toBe(expected);
          }
        }
      }
    }
  });

  it('scores the same across the restart of its pass stamps', () => {
    const { pop, kindIx, cluster } = population(5, 80);
    const r = rng(11);
    for (let x = 0; x < 60; x++) {
      // Small groups, so that counts left over from an earlier call would show.
      const g = Int32Array.from(new Set(Array.from({ length: 2 + Math.floor(r() * 3) }, () => Math.floor(r() * pop.n))));
      const expected = scoreGroup(pop, g, { intentLinked: true, simLinked: true, clusterOf: cluster }).score;
      const scorer = new GroupScorer(pop, kindIx, cluster);
      expect(scorer.score(g, true, true)).toBe(expected);
      // Stamps are compared, never cleared, until they near 2^30: then every stamped array starts
      // over, and this call's passes get the numbers the first call's had.
      const stamps = scorer as unknown as { mark: number };
      stamps.mark = 0x3fffffff + 1;
      expect(scorer.score(g, true, true)).toBe(expected);
      expect(stamps.mark).toBeLessThan(10);
    }
  });

  it('ranks a coordinated group far above an ordinary one', () => {
    const { pop, kindIx, cluster } = population(3, 60);
    for (let i = 0; i < 10; i++) {
      const o = i * S.width;
      Object.assign(pop.scalars, { [o + S.ageFirstDays]: 0, [o + S.churn]: 0.9, [o + S.nonHuman]: 1, [o + S.harvest]: 1, [o + S.card]: 77, [o + S.primaryNet]: 5000 + i, [o + S.institutional]: 0 });
      pop.org[i] = -1;
    }
    const scorer = new GroupScorer(pop, kindIx, cluster);
    const farm = Int32Array.from({ length: 10 }, (_, i) => i);
    expect(scorer.score(farm, true, false)).toBeGreaterThan(0.9);
    expect(scorer.score(farm, true, false)).toBe(scoreGroup(pop, farm, { intentLinked: true, simLinked: false, clusterOf: cluster }).score);
  });
});
