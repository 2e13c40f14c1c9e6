import { computeFeatureValues, FI, sleepGapHours } from './account-features';
import { AccountState, F } from './account-state';
import { rng } from './xorshift.fixture';

/** The hour-of-day features as computed before they shared one pass: a sum, a count, then sleepGapHours. */
function reference(hod: number[]): { active: number; sleep: number } {
  let total = 0;
  for (const x of hod) total += x;
  let active = 0;
  for (const x of hod) if (x > total * 0.02) active++;
  return { active: Math.round((active / 24) * 1e4) / 1e4, sleep: sleepGapHours(hod) };
}


describe('computeFeatureValues: hour-of-day profile', () => {
  it('active_hours_share and sleep_gap_hours match the two-pass definition on any profile', () => {
    const next = rng(7);
    const profiles: number[][] = [
      new Array(24).fill(0),
      new Array(24).fill(1),
      Array.from({ length: 24 }, (_, h) => (h === 5 ? 3 : 0)),
      Array.from({ length: 24 }, (_, h) => (h === 0 || h === 23 ? 2 : 0)),
      Array.from({ length: 24 }, (_, h) => (h >= 1 && h <= 22 ? 1 : 0)),
      Array.from({ length: 24 }, (_, h) => (h < 8 ? 0 : 1)),
      Array.from({ length: 24 }, (_, h) => (h >= 16 ? 0 : 1)),
    ];
    for (let i = 0; i < 500; i++) {
      // Sparse profiles with quiet stretches in every position, including across midnight.
      const density = next();
      profiles.push(Array.from({ length: 24 }, () => (next() < density ? next() * (next() < 0.2 ? 0.01 : 5) : 0)));
    }
    for (const hod of profiles) {
      const s = new AccountState();
      s.n = 5;
      s.f[F.w24] = 5;
      for (let h = 0; h < 24; h++) s.f[F.hod + h] = hod[h]!;
      // The state keeps float32: the reference reads the same rounded values.
      const stored = Array.from(s.f.subarray(F.hod, F.hod + 24));
      const out = computeFeatureValues(s);
      const want = reference(stored);
      expect([out[FI.active_hours_share], out[FI.sleep_gap_hours]]).toEqual([want.active, want.sleep]);
    }
  });
});
