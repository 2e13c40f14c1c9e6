import { createScenario, labelsToCsv } from '@lockstep/sim';
import { evaluate } from './evaluate';
import { replayEvents } from './replay';

const HOUR = 3_600_000;

// A reseller hides a farm's task pool among genuine end users on its own servers, cards and
// established accounts: only its shared stream (harvest economics, reworded or round the clock)
// gives it away. It must be caught within hours, not after the day it takes to fill the clock.
describe('simulated families over 24 h of event time', () => {
  const sc = createScenario({ seed: 1, accounts: 2000, hours: 24 });
  const lines = [...sc.events()].map((e) => JSON.stringify(e));
  let groups: Record<string, { rate: number; medianTimeToFlagMs: number | null }>;
  let reasons: string[];
  beforeAll(async () => {
    const r = await replayEvents(lines, { maxFutureSkewMs: 7 * 86_400_000 });
    reasons = r.changes.flatMap((c) => c.reasons);
    const e = evaluate(r.changes, labelsToCsv(sc.labels()));
    groups = Object.fromEntries(e.groups.map((g) => [g.group, g]));
  }, 60_000);

  it('flags resellers within 4 h (median) and leaves every benign group alone', () => {
    expect(groups.reseller!.rate).toBeGreaterThanOrEqual(0.9);
    expect(groups.reseller!.medianTimeToFlagMs!).toBeLessThanOrEqual(4 * HOUR);
    for (const [name, g] of Object.entries(groups)) if (!['hydra', 'careful_ring', 'reseller', 'burst'].includes(name)) expect({ name, rate: g.rate }).toEqual({ name, rate: 0 });
  });

  // Careful rings share only reworded prompts, many of them with one other member only: the
  // detector's pair links (clustering.ts, linkPairs) must bring them in, and say so.
  it('flags careful rings (>= 90%, within 12 h median), some of their members through pairwise prompts', () => {
    expect(groups.careful_ring!.rate).toBeGreaterThanOrEqual(0.9);
    expect(groups.careful_ring!.medianTimeToFlagMs!).toBeLessThanOrEqual(12 * HOUR);
    expect(reasons).toContain('linked_by_pairwise_prompts');
  });
});
