import { CLUSTERING_DEFAULTS, runClustering } from './clustering';
import type { PackedPopulation } from './population';
import { packAccounts, tokenKey } from './population.fixture';

const SIM = 2;
const PAY = 3;
const TMPL = 0;

/** Two farms of 12 (accounts 0-11 and 12-23: one prompt pool, cards shared in fours each) and 300 ordinary accounts. */
function population(): PackedPopulation {
  return packAccounts(
    Array.from({ length: 324 }, (_, i) => {
      const farm = i < 24 ? (i < 12 ? 0 : 1) : -1;
      return {
        tokens: farm >= 0 ? [tokenKey(SIM, 70 + farm), tokenKey(PAY, 900 + (i >> 2))] : [tokenKey(TMPL, 1000 + i)],
        scalars: {
          n: 40, ageFirstDays: farm >= 0 ? 1 : 400, createdDay: farm >= 0 ? 20000 : 19000 + i * 9, nonHuman: farm >= 0 ? 0.9 : 0.1,
          churn: farm >= 0 ? 0.8 : 0.05, harvest: farm >= 0 ? 0.7 : 0.1, primaryNet: 5000 + i, card: farm >= 0 ? 900 + (i >> 2) : 3000 + i,
        },
      };
    }),
  );
}

/** Campaign id of each farm's first account. */
const idsOf = (pop: PackedPopulation): [string | undefined, string | undefined] => {
  const r = runClustering(pop, CLUSTERING_DEFAULTS);
  const id = (i: number) => (r.accountCampaign[i]! >= 0 ? r.campaigns[r.accountCampaign[i]!]!.id : undefined);
  return [id(0), id(12)];
};

describe('campaign ids', () => {
  it('are new, from the most shared token, when no member was in a campaign', () => {
    const [a, b] = idsOf(population());
    expect(a).toMatch(/^cmp_[0-9a-f]{8}$/);
    expect(b).toMatch(/^cmp_[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
  });

  it('carry over from the previous campaign most members were in, the lowest id on equal votes, each id once', () => {
    const pop = population();
    pop.prevCampaigns = ['cmp_b', 'cmp_a', 'cmp_c'];
    // Farm 0: 5 votes for cmp_b, 5 for cmp_a (tie: the lower id), 2 for cmp_c.
    for (let i = 0; i < 12; i++) pop.prevCampaign[i] = i < 5 ? 0 : i < 10 ? 1 : 2;
    // Farm 1: most votes for cmp_a too, but farm 0 (as large, first by its first member) claimed it.
    for (let i = 12; i < 24; i++) pop.prevCampaign[i] = i < 20 ? 1 : 2;
    expect(idsOf(pop)).toEqual(['cmp_a', 'cmp_c']);
    // Without the tie, the most votes win whatever the id.
    pop.prevCampaign[9] = 0;
    expect(idsOf(pop)).toEqual(['cmp_b', 'cmp_a']);
  });
});
