import { CLUSTERING_DEFAULTS, runClustering } from './clustering';
import type { PackedPopulation } from './population';
import { packAccounts, tokenKey } from './population.fixture';

const key = tokenKey;
const SIM = 2;
const PAY = 3;
const IP24 = 4;
const TMPL = 0;

/**
 * 20 farm accounts (one near-duplicate prompt pool, cards shared in fours, young, churning proxies),
 * one honest developer whose prompt collided with the pool's LSH token by chance and whose ISP block
 * six of the farm's residential proxies exit through, and 400 ordinary accounts.
 */
function population(): PackedPopulation {
  const DEV = 20;
  return packAccounts(
    Array.from({ length: 421 }, (_, i) => {
      const farm = i < 20;
      return {
        tokens: farm
          ? [key(SIM, 77), key(PAY, 900 + (i >> 2)), ...(i < 6 ? [key(IP24, 555)] : [key(IP24, 600 + i)])]
          : i === DEV
            ? [key(SIM, 77), key(IP24, 555), key(TMPL, 4242)]
            : [key(TMPL, 1000 + i)],
        scalars: {
          n: 40, ageFirstDays: farm ? 1 : 400, createdDay: farm ? 20000 : 19000 + i * 9, nonHuman: farm ? 0.9 : 0.1, churn: farm ? 0.8 : 0.05,
          harvest: farm ? 0.7 : 0.1, primaryNet: 5000 + i, card: farm ? 900 + (i >> 2) : 3000 + i,
        },
      };
    }),
  );
}

describe('core membership', () => {
  it('stands on shared prompts and cards: one chance prompt collision plus a shared ISP block is not enough', () => {
    const r = runClustering(population(), CLUSTERING_DEFAULTS);
    expect(r.campaigns).toHaveLength(1);
    for (let i = 0; i < 20; i++) expect(r.accountCampaign[i]).toBe(0);
    // The developer does hold campaign tokens worth a core member's mass, but most of it is the /24.
    expect(r.membership[20]).toBeGreaterThanOrEqual(CLUSTERING_DEFAULTS.memberThreshold);
    expect(r.accountCampaign[20]).toBe(-1);
  });
});
