import { TokenHits } from './token-hits';

/** The table against the Map of { base, campaign, weight } it replaces, filled the way apply() fills it. */
describe('TokenHits', () => {
  type Hit = { base: number; campaign: string | null; weight: number };
  const check = (hits: TokenHits, ref: Map<number, Hit>, upTo: number) => {
    expect(hits.size).toBe(ref.size);
    for (let id = 0; id < upTo; id++) {
      const r = ref.get(id);
      expect(hits.has(id)).toBe(r !== undefined);
      expect(hits.campaignOf(id)).toBe(r ? r.campaign : null);
      if (!r) continue;
      expect(hits.base[id]).toBe(r.base);
      if (r.campaign) expect(hits.weight[id]).toBe(r.weight);
      else expect(hits.camp[id]).toBe(-1);
    }
  };

  it('holds what the Map of hits held, run after run, and after a renumbering', () => {
    let seed = 7;
    const rnd = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % k);
    const hits = new TokenHits();
    let ref = new Map<number, Hit>();
    for (let run = 0; run < 6; run++) {
      // Equal ids on two campaigns share a campaign index; the table answers with the id either way.
      const campaigns = [{ id: `cmp_${run}` }, { id: `cmp_${run + 1}` }, { id: `cmp_${run}` }];
      hits.reset(campaigns);
      ref = new Map();
      for (let t = 0; t < 300; t++) {
        const id = rnd(3000);
        const base = rnd(1000) / 997;
        hits.setShared(id, base);
        ref.set(id, { base, campaign: null, weight: 0 });
      }
      for (let t = 0; t < 80; t++) {
        const id = rnd(3000);
        const c = rnd(3);
        const weight = rnd(1000) / 991;
        hits.setCampaign(id, c, weight);
        const hit = ref.get(id) ?? { base: 0, campaign: null, weight: 0 };
        hit.campaign = campaigns[c]!.id;
        hit.weight = weight;
        ref.set(id, hit);
      }
      check(hits, ref, 3100);
    }
    const newId = (id: number) => (id * 7 + 11) % 3001;
    hits.renumber(newId);
    const moved = new Map<number, Hit>();
    for (const [id, hit] of ref) moved.set(newId(id), hit);
    check(hits, moved, 3100);
    hits.reset([]);
    check(hits, new Map(), 3100);
  });
});
