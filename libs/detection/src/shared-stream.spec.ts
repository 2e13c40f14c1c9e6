import { FEATURE_NAMES, FI } from '@lockstep/features';
import { harvestedPoolSignal, rewordedSignal, scoreGroup } from './evidence';
import { S, sharedConfidence, sharedHarvestScore, summarize, type PackedPopulation } from './population';

interface Row { sharedHarvest: number; sharedHours: number; sharedReworded: number; nonHuman: number; harvest: number }

function popOf(rows: Row[]): PackedPopulation {
  const n = rows.length;
  const scalars = new Float64Array(n * S.width);
  rows.forEach((r, i) => {
    const o = i * S.width;
    scalars[o + S.n] = 200;
    scalars[o + S.ageFirstDays] = 300;
    scalars[o + S.createdDay] = 19000 - i * 7;
    scalars[o + S.humanness] = 1 - r.nonHuman;
    scalars[o + S.nonHuman] = r.nonHuman;
    scalars[o + S.churn] = 0.02;
    scalars[o + S.harvest] = r.harvest;
    scalars[o + S.primaryNet] = 1000 + i;
    scalars[o + S.sharedHarvest] = r.sharedHarvest;
    scalars[o + S.sharedHours] = r.sharedHours;
    scalars[o + S.sharedReworded] = r.sharedReworded;
  });
  return {
    n, dims: 0, vectors: new Float32Array(0), scalars, tokOff: new Uint32Array(n + 1), tokIds: new Int32Array(0), tokKeys: new Float64Array(0),
    org: new Int32Array(n).fill(-1), orgs: [], cluster: new Int32Array(n).fill(0), dirty: new Uint8Array(n), idHash: new Uint32Array(n), prevCampaign: new Int32Array(n).fill(-1), prevCampaigns: [],
  };
}
const many = (n: number, r: Row) => Array.from({ length: n }, () => ({ ...r }));
const all = (n: number) => Array.from({ length: n }, (_, i) => i);
// Linked by exact templates (a harness, a pool's exact items): no reworded_intent from the context.
const ctx = { intentLinked: true, simLinked: false, clusterOf: null };

function values(o: Partial<Record<(typeof FEATURE_NAMES)[number], number>>): Float64Array {
  const v = new Float64Array(FEATURE_NAMES.length);
  for (const [k, x] of Object.entries(o)) v[FI[k as (typeof FEATURE_NAMES)[number]]] = x!;
  return v;
}

describe('shared-stream scalars', () => {
  const harvesting = { shared_intent_share: 0.4, shared_cot_share: 0.35, shared_rubric_share: 0.05, shared_out_in_ratio: 1.8, shared_max_tokens_mean: 6144 };
  it('sharedHarvestScore reads the shared stream only, scaled by how many shared events back it', () => {
    expect(sharedHarvestScore(values(harvesting), 400)).toBeGreaterThan(0.7);
    // The same economics on the account as a whole (not the shared stream) say nothing here.
    expect(sharedHarvestScore(values({ cot_share: 1, out_in_ratio: 3, max_tokens_mean: 8192 }), 400)).toBe(0);
    expect(sharedConfidence(values(harvesting), 15)).toBeCloseTo(0.5, 5);
    // A few per cent of shared prompts is what chance collisions give any heavy user: no profile.
    expect(sharedConfidence(values({ ...harvesting, shared_intent_share: 0.03 }), 5000)).toBe(0);
    expect(sharedHarvestScore(values(harvesting), 15)).toBeLessThan(sharedHarvestScore(values(harvesting), 400));
  });
  it('summarize: round-the-clock pacing counts unless the shared prompts are identical items', () => {
    const view = (o: object) => ({ account_id: 'a', event_ts: 0, first_ts: 0, n_events: 400, tier: 'pro' as const, verified: true, org_id: null, account_created_ts: 0, values: values({ ...harvesting, shared_hours_share: 1, ...o }), tokenKeys: [] });
    const pool = summarize(view({ shared_reworded_share: 0.6 }));
    expect(pool.scalars[S.sharedHours]).toBe(1);
    expect(pool.scalars[S.sharedReworded]).toBeCloseTo(0.6, 5);
    const suite = summarize(view({ shared_identical_share: 1 }));
    expect(suite.scalars[S.sharedHours]).toBe(0);
  });
});

describe('harvested_pool', () => {
  const reseller: Row = { sharedHarvest: 0.7, sharedHours: 1, sharedReworded: 0.6, nonHuman: 0.6, harvest: 0.3 };
  const researcher: Row = { sharedHarvest: 0.55, sharedHours: 0, sharedReworded: 0, nonHuman: 1, harvest: 0.55 };
  it('is harvest economics of the shared stream AND round-the-clock pacing or rewording', () => {
    expect(harvestedPoolSignal(popOf(many(5, reseller)), all(5))).toBeCloseTo(0.7, 5);
    expect(harvestedPoolSignal(popOf(many(5, { ...reseller, sharedHours: 0 })), all(5))).toBeCloseTo(0.42, 5);
    expect(harvestedPoolSignal(popOf(many(5, researcher)), all(5))).toBe(0);
    expect(harvestedPoolSignal(popOf(many(5, { ...reseller, sharedHarvest: 0 })), all(5))).toBe(0);
  });
  it('a ring of resellers on unrelated clouds is a campaign; researchers sharing a public suite are not', () => {
    const r = scoreGroup(popOf(many(5, reseller)), all(5), ctx);
    expect(r.score).toBeGreaterThan(0.5);
    expect(r.evidence.find((e) => e.signal === 'harvested_pool')!.weight).toBeGreaterThan(3);
    const suite = scoreGroup(popOf(many(12, researcher)), all(12), ctx);
    expect(suite.score).toBeLessThan(0.2);
    expect(suite.evidence.find((e) => e.signal === 'harvested_pool')!.value).toBe(0);
  });
});

describe('reworded_intent from the members own shared streams', () => {
  // Every member shares some exact item of the pool (no token-level rewording evidence) ...
  const exactLinked = (rows: Row[]) => {
    const p = popOf(rows);
    p.tokKeys = Float64Array.from([7]);
    p.tokOff = Uint32Array.from({ length: rows.length + 1 }, (_, i) => i);
    p.tokIds = new Int32Array(rows.length);
    return p;
  };
  it('takes the mean share of the shared stream that is reworded when it beats the token view', () => {
    const rows = many(4, { sharedHarvest: 0.7, sharedHours: 0.2, sharedReworded: 0.6, nonHuman: 0.3, harvest: 0.3 });
    expect(rewordedSignal(exactLinked(rows), all(4), true)).toBeCloseTo(0.6, 5);
    // ... and sharers of identical items (an agent, a public suite) reword nothing: still 0.
    expect(rewordedSignal(exactLinked(rows.map((r) => ({ ...r, sharedReworded: 0 }))), all(4), true)).toBe(0);
    // Without near-duplicate linking there is no rewording claim at all.
    expect(rewordedSignal(exactLinked(rows), all(4), false)).toBe(0);
  });
});
