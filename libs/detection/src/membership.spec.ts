import { CLUSTERING_DEFAULTS, runClustering } from './clustering';
import { S, type PackedPopulation } from './population';

const K = 4294967296;
const key = (kind: number, h: number) => kind * K + h;
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
  const n = 421;
  const DEV = 20;
  const scalars = new Float64Array(n * S.width);
  const tokOff = new Uint32Array(n + 1);
  const tokIds: number[] = [];
  const keys: number[] = [];
  const idOf = (k: number) => {
    let id = keys.indexOf(k);
    if (id < 0) id = keys.push(k) - 1;
    return id;
  };
  for (let i = 0; i < n; i++) {
    const farm = i < 20;
    tokOff[i] = tokIds.length;
    const toks = farm
      ? [key(SIM, 77), key(PAY, 900 + (i >> 2)), ...(i < 6 ? [key(IP24, 555)] : [key(IP24, 600 + i)])]
      : i === DEV
        ? [key(SIM, 77), key(IP24, 555), key(TMPL, 4242)]
        : [key(TMPL, 1000 + i)];
    for (const k of toks) tokIds.push(idOf(k));
    tokOff[i + 1] = tokIds.length;
    const o = i * S.width;
    scalars[o + S.n] = 40;
    scalars[o + S.ageFirstDays] = farm ? 1 : 400;
    scalars[o + S.createdDay] = farm ? 20000 : 19000 + i * 9;
    scalars[o + S.nonHuman] = farm ? 0.9 : 0.1;
    scalars[o + S.churn] = farm ? 0.8 : 0.05;
    scalars[o + S.harvest] = farm ? 0.7 : 0.1;
    scalars[o + S.primaryNet] = 5000 + i;
    scalars[o + S.card] = farm ? 900 + (i >> 2) : 3000 + i;
  }
  return {
    n, dims: 0, vectors: new Float32Array(0), scalars, tokOff, tokIds: Int32Array.from(tokIds), tokKeys: Float64Array.from(keys),
    org: new Int32Array(n).fill(-1), orgs: [], cluster: new Int32Array(n).fill(-1), dirty: new Uint8Array(n).fill(1),
    idHash: Uint32Array.from({ length: n }, (_, i) => (i + 1) * 2654435761), prevCampaign: new Int32Array(n).fill(-1), prevCampaigns: [],
  };
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
