import {
  cardReuseSignal, creationBurstSignal, harvestSignal, infraDiversity, nonHumanSignal, proxyChurnSignal, rewordedSignal,
  sameOrgSignal, scoreGroup, sharedSiteHumanSignal, sizeSignal, tightnessSignal, youngSignal, SIGNAL_WEIGHTS,
} from './evidence';
import { S, type PackedPopulation } from './population';

interface Row {
  ageFirstDays: number; createdDay: number; nonHuman: number; churn: number; harvest: number;
  net: number; card: number; org: number; templateReuse: number; humanness: number; tmpl: number[]; identical: number;
}
const DEF: Row = { ageFirstDays: 400, createdDay: 19000, nonHuman: 0.1, churn: 0.05, harvest: 0.1, net: 0, card: 0, org: -1, templateReuse: 0.7, humanness: 1, tmpl: [], identical: 0 };

function popOf(rows: Partial<Row>[]): PackedPopulation {
  const n = rows.length;
  const scalars = new Float64Array(n * S.width);
  const org = new Int32Array(n);
  const tokOff = new Uint32Array(n + 1);
  const tokIds: number[] = [];
  const keys: number[] = [];
  rows.forEach((r0, i) => {
    tokOff[i] = tokIds.length;
    for (const h of r0.tmpl ?? []) {
      let id = keys.indexOf(h);
      if (id < 0) id = keys.push(h) - 1;
      tokIds.push(id);
    }
    tokOff[i + 1] = tokIds.length;
    const r = { ...DEF, net: 1000 + i, ...r0 };
    const o = i * S.width;
    scalars[o + S.n] = 30;
    scalars[o + S.ageFirstDays] = r.ageFirstDays;
    scalars[o + S.createdDay] = r.createdDay;
    scalars[o + S.humanness] = r.humanness;
    scalars[o + S.nonHuman] = r.nonHuman;
    scalars[o + S.churn] = r.churn;
    scalars[o + S.harvest] = r.harvest;
    scalars[o + S.primaryNet] = r.net;
    scalars[o + S.card] = r.card;
    scalars[o + S.templateReuse] = r.templateReuse;
    scalars[o + S.sharedIdentical] = r.identical;
    org[i] = r.org;
  });
  return {
    n, dims: 0, vectors: new Float32Array(0), scalars, tokOff, tokIds: Int32Array.from(tokIds), tokKeys: Float64Array.from(keys),
    org, orgs: [], cluster: new Int32Array(n).fill(-1), dirty: new Uint8Array(n), idHash: new Uint32Array(n), prevCampaign: new Int32Array(n).fill(-1), prevCampaigns: [],
  };
}
const all = (n: number) => Array.from({ length: n }, (_, i) => i);
const many = (n: number, r: Partial<Row>) => Array.from({ length: n }, () => ({ ...r }));

describe('campaign signals', () => {
  it('size grows with the log of the group size', () => {
    expect(sizeSignal(2)).toBe(0);
    expect(sizeSignal(10)).toBeGreaterThan(sizeSignal(4));
    expect(sizeSignal(1000)).toBe(1);
  });
  it('tightness: share in the dominant behavioural cluster, unassigned accounts never count', () => {
    expect(tightnessSignal([0, 1, 2, 3], Int32Array.from([1, 1, 1, 2]))).toBe(0.75);
    expect(tightnessSignal([0, 1], Int32Array.from([-1, -1]))).toBe(0);
  });
  it('young_accounts: share first seen within 14 days of creation', () => {
    expect(youngSignal(popOf([{ ageFirstDays: 1 }, { ageFirstDays: 3 }, { ageFirstDays: 300 }, { ageFirstDays: 20 }]), all(4))).toBe(0.5);
  });
  it('creation_burst: largest share created within 3 days', () => {
    const p = popOf([{ createdDay: 100 }, { createdDay: 101 }, { createdDay: 102 }, { createdDay: 300 }]);
    expect(creationBurstSignal(p, all(4))).toBe(0.75);
    expect(creationBurstSignal(popOf([{ createdDay: 1 }, { createdDay: 50 }, { createdDay: 99 }]), all(3))).toBeCloseTo(1 / 3);
  });
  it('card_reuse: one card across many networks is strong, one card in one office is weak', () => {
    const farm = popOf(many(6, { card: 7 }));
    expect(cardReuseSignal(farm, all(6))).toBe(1);
    const office = popOf(many(6, { card: 7, net: 55 }));
    expect(cardReuseSignal(office, all(6))).toBeCloseTo(1 / 6);
    expect(cardReuseSignal(popOf([{ card: 1 }, { card: 2 }, { card: 3 }]), all(3))).toBe(0);
  });
  it('proxy_churn: mean churn, ignoring accounts with too few events to tell', () => {
    expect(proxyChurnSignal(popOf([{ churn: 0.9 }, { churn: 0.7 }, { churn: -1 }]), all(3))).toBeCloseTo(0.8);
  });
  it('non_human_timing and harvest_economics are member means', () => {
    const p = popOf([{ nonHuman: 1, harvest: 0.8 }, { nonHuman: 0.5, harvest: 0.4 }]);
    expect(nonHumanSignal(p, all(2))).toBe(0.75);
    expect(harvestSignal(p, all(2))).toBeCloseTo(0.6);
  });
  it('intent_across_infra uses network diversity', () => {
    expect(infraDiversity(popOf(many(4, {})), all(4))).toBe(1);
    expect(infraDiversity(popOf(many(4, { net: 9 })), all(4))).toBe(0.25);
  });
  it('reworded_intent needs simhash linking without shared exact templates', () => {
    const reworded = popOf([{ tmpl: [1, 2] }, { tmpl: [3] }, { tmpl: [4, 5] }, { tmpl: [] }]);
    // The member without any template (pasted text) is not rewording.
    expect(rewordedSignal(reworded, all(4), true)).toBe(0.75);
    expect(rewordedSignal(reworded, all(4), false)).toBe(0);
    const benchmark = popOf([{ tmpl: [1, 2] }, { tmpl: [2, 3] }, { tmpl: [1] }, { tmpl: [9] }]);
    expect(rewordedSignal(benchmark, all(4), true)).toBe(0.25);
  });
  it('reworded_intent is not raised by a class pasting paraphrases of one homework sheet (no templates)', () => {
    expect(rewordedSignal(popOf(many(4, { tmpl: [] })), all(4), true)).toBe(0);
  });
  it('reworded_intent counts members sending identical shared items as exact sharers, whatever their templates', () => {
    // Researchers running one public suite: the filter saw the harness shared for one member only.
    const suite = popOf([{ tmpl: [7], identical: 1 }, { tmpl: [], identical: 1 }, { tmpl: [8], identical: 1 }, { tmpl: [9], identical: 0.5 }]);
    expect(rewordedSignal(suite, all(4), true)).toBeCloseTo(0.125, 12);
    // The same members with reworded (not identical) shared prompts: a ring's fresh templates.
    const ring = popOf([{ tmpl: [7] }, { tmpl: [] }, { tmpl: [8] }, { tmpl: [9] }]);
    expect(rewordedSignal(ring, all(4), true)).toBe(0.75);
  });
  it('same_org explains sharing inside one customer', () => {
    expect(sameOrgSignal(popOf([{ org: 0 }, { org: 0 }, { org: 0 }, { org: 1 }]), all(4))).toBe(0.75);
    expect(sameOrgSignal(popOf(many(3, {})), all(3))).toBe(0);
  });
  it('shared_site_human explains a campus or office network with human timing, not a proxy', () => {
    expect(sharedSiteHumanSignal(popOf(many(10, { net: 5, nonHuman: 0, churn: 0 })), all(10))).toBe(1);
    expect(sharedSiteHumanSignal(popOf(many(10, { net: 5, nonHuman: 1, churn: 0 })), all(10))).toBe(0);
    expect(sharedSiteHumanSignal(popOf(many(10, {})), all(10))).toBe(0);
  });
});

describe('scoreGroup', () => {
  const ctx = { intentLinked: true, simLinked: false, clusterOf: null };
  const farm: Partial<Row> = { ageFirstDays: 1, createdDay: 20600, nonHuman: 0.7, churn: 0.9, harvest: 0.7, card: 0, templateReuse: 0.05 };

  it('an orchestrated farm scores as a campaign, with machine-readable evidence', () => {
    const rows = many(40, farm).map((r, i) => ({ ...r, card: 100 + (i >> 2) }));
    const g = scoreGroup(popOf(rows), all(40), ctx);
    expect(g.score).toBeGreaterThan(0.9);
    const young = g.evidence.find((e) => e.signal === 'young_accounts')!;
    expect(young).toMatchObject({ value: 1, weight: SIGNAL_WEIGHTS.young_accounts });
    expect(g.score).toBeCloseTo(1 / (1 + Math.exp(-g.logit)), 12);
  });
  it('behaviour alone (old independent accounts with harvest-like scripted use) is not a campaign', () => {
    const researchers = many(40, { nonHuman: 1, harvest: 1, templateReuse: 0.1, tmpl: [11, 12, 13] });
    expect(scoreGroup(popOf(researchers), all(40), { ...ctx, simLinked: true }).score).toBeLessThan(0.5);
  });
  it('a popular agent shared by established users is not a campaign', () => {
    expect(scoreGroup(popOf(many(300, { harvest: 0.35 })), all(300), ctx).score).toBeLessThan(0.1);
  });
  it('one org explains away sharing that would otherwise look coordinated', () => {
    const seats: Partial<Row> = { ageFirstDays: 3, card: 7, harvest: 0.4, nonHuman: 0.3 };
    expect(scoreGroup(popOf(many(40, seats)), all(40), ctx).score).toBeGreaterThan(0.5);
    expect(scoreGroup(popOf(many(40, { ...seats, org: 0 })), all(40), ctx).score).toBeLessThan(0.2);
  });
  it('a student cohort created together on one campus network with human timing is explained away', () => {
    const students = many(60, { ageFirstDays: 2, createdDay: 20600, net: 77, nonHuman: 0.05, churn: 0, harvest: 0.3, templateReuse: 0.2 });
    expect(scoreGroup(popOf(students), all(60), { ...ctx, simLinked: true }).score).toBeLessThan(0.5);
  });
});
