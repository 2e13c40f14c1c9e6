import { CLUSTERING_DEFAULTS, runClustering } from './clustering';
import { packAccounts, tokenKey as key, type FixtureAccount } from './population.fixture';

const SIM = 2;
const PAY = 3;
const TMPL = 0;

const FARM = { n: 30, ageFirstDays: 1, createdDay: 20000, nonHuman: 0.9, churn: 0.8, harvest: 0.7 };
const RING = { n: 20, ageFirstDays: 200, createdDay: 19800, nonHuman: 0.2, churn: 0.1, harvest: 0.7, sharedReworded: 0.5 };
const HONEST = { n: 40, ageFirstDays: 400, createdDay: 19000, nonHuman: 0.1, churn: 0.05, harvest: 0.1 };

interface Extra {
  /** Accounts (campaign members 0-11 by index, or other extras by name) it shares one pair token with each. */
  pairs: (number | string)[];
  /** Its other tokens. */
  tokens?: number[];
  /** Its behavioural cluster (the campaigns' core are in cluster 0). */
  cluster?: number;
  /** Its org index (none by default). */
  org?: number;
  /** Its shared stream harvests a pool round the clock, reworded (else it looks like an ordinary user's). */
  harvesting?: boolean;
  /** Its shared stream's `sharedReworded` (0.5 unless harvesting). */
  reworded?: number;
}

/**
 * Two six-account campaigns (0-5 share prompts 77 and 78 and cards in twos, 6-11 share 88 and 89),
 * the named extra accounts, and 40 unrelated ones. Each entry of an extra's `pairs` is a prompt
 * token only it and that account hold.
 */
function run(extra: Record<string, Extra>, campaignsExpected = 2) {
  const accounts: FixtureAccount[] = [];
  const cluster: number[] = [];
  for (let i = 0; i < 12; i++) {
    const a = i < 6;
    const card = (a ? 900 : 950) + (i >> 1);
    accounts.push({ tokens: [key(SIM, a ? 77 : 88), key(SIM, a ? 78 : 89), key(PAY, card)], scalars: { ...FARM, primaryNet: 5000 + i, card } });
    cluster.push(0);
  }
  const at = new Map<string, number>();
  for (const [name, e] of Object.entries(extra)) {
    at.set(name, accounts.length);
    const harvest = e.harvesting ? { sharedHarvest: 0.8, sharedHours: 0.9, sharedReworded: 0.9 } : e.reworded !== undefined ? { sharedReworded: e.reworded } : {};
    accounts.push({ tokens: [...(e.tokens ?? [])], scalars: { ...RING, ...harvest, primaryNet: 7000 + accounts.length, card: 7000 + accounts.length } });
    cluster.push(e.cluster ?? 0);
  }
  let next = 10_000;
  for (const [name, e] of Object.entries(extra)) {
    for (const p of e.pairs) {
      const t = key(SIM, next++);
      accounts[at.get(name)!]!.tokens.push(t);
      accounts[typeof p === 'number' ? p : at.get(p)!]!.tokens.push(t);
    }
  }
  for (let i = 0; i < 40; i++) {
    accounts.push({ tokens: [key(TMPL, 1000 + i)], scalars: { ...HONEST, primaryNet: 9000 + i, card: 9000 + i } });
    cluster.push(1);
  }
  const pop = packAccounts(accounts);
  for (const [name, e] of Object.entries(extra)) if (e.org !== undefined) pop.org[at.get(name)!] = e.org;
  pop.orgs = ['acme'];
  const r = runClustering(pop, CLUSTERING_DEFAULTS, Int32Array.from(cluster));
  expect(r.campaigns).toHaveLength(campaignsExpected);
  for (let i = 0; i < 12; i++) expect(r.accountCampaign[i]).toBe(i < 6 ? 0 : 1);
  const of = (name: string) => at.get(name)!;
  return { campaign: (name: string) => r.accountCampaign[of(name)], partners: (name: string) => r.pairPartners[of(name)], r, of };
}

describe('linking through prompt tokens only two accounts hold', () => {
  it('joins an account to the campaign of two members it shares such tokens with, and says so', () => {
    const { campaign, partners, r, of } = run({ a: { pairs: [0, 1] } });
    expect(campaign('a')).toBe(0);
    expect(partners('a')).toBe(2);
    expect(r.membership[of('a')]).toBe(2);
    // Its score is its campaign's, as for a member holding two campaign tokens.
    expect(r.accountScore[of('a')]).toBeCloseTo(r.campaigns[0]!.score, 10);
    // Core members report no pair partners.
    expect(r.pairPartners[0]).toBe(0);
  });

  it('needs two distinct partners: tokens with one account may be one chance near-duplicate', () => {
    const { campaign, partners } = run({ b: { pairs: [0, 0, 0] } });
    expect(campaign('b')).toBe(-1);
    expect(partners('b')).toBe(0);
  });

  it('reaches a campaign through other candidates, as ring members who paired up among themselves do', () => {
    // c and d hold no token with a campaign member at all: c pairs with d and e, d with c and e,
    // e with c, d and member 3.
    const { campaign } = run({ c: { pairs: ['d', 'e'] }, d: { pairs: ['e'] }, e: { pairs: [3] } });
    expect(campaign('c')).toBe(0);
    expect(campaign('d')).toBe(0);
    expect(campaign('e')).toBe(0);
  });

  it('scores a web reaching no campaign as a campaign of its own: a ring none of whose tokens three members hold', () => {
    // Six members each pairing with the next two: harvesting one pool round the clock, reworded.
    const names = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'];
    const ring = Object.fromEntries(names.map((nm, k) => [nm, { pairs: [names[(k + 1) % 6]!, names[(k + 2) % 6]!], harvesting: true }]));
    const { campaign, r } = run(ring, 3);
    const c = campaign('r0')!;
    expect(c).toBe(2);
    for (const nm of names) expect(campaign(nm)).toBe(c);
    expect(r.campaigns[c]!.size).toBe(6);
    expect(r.campaigns[c]!.evidence.find((e) => e.signal === 'reworded_intent')!.value).toBeGreaterThan(0.5);
    // Its explanation lists the pair tokens that tie it.
    expect(r.campaigns[c]!.topTokens.length).toBeGreaterThan(0);
    for (const t of r.campaigns[c]!.topTokens) expect(t).toMatch(/^sim:/);
  });

  it('forms no campaign from a web whose members do not look like one', () => {
    const { campaign } = run({ c: { pairs: ['d', 'e'] }, d: { pairs: ['e'] }, e: { pairs: [] } });
    expect(campaign('c')).toBe(-1);
    expect(campaign('d')).toBe(-1);
    expect(campaign('e')).toBe(-1);
  });

  it('forms no campaign from a web of two', () => {
    // c and d are candidates (two partners each); x and y, with one partner each, are not.
    const h = { harvesting: true };
    const { campaign } = run({ c: { pairs: ['d', 'x'], ...h }, d: { pairs: ['y'], ...h }, x: { pairs: [], ...h }, y: { pairs: [], ...h } });
    expect(campaign('c')).toBe(-1);
    expect(campaign('d')).toBe(-1);
  });

  it('does not pick between two campaigns the pairs reach', () => {
    const { campaign } = run({ f: { pairs: [0, 1, 6, 7] }, g: { pairs: [2, 'h'] }, h: { pairs: [8] } });
    expect(campaign('f')).toBe(-1);
    // g and h reach campaign 0 through g and campaign 1 through h: one component, two campaigns.
    expect(campaign('g')).toBe(-1);
    expect(campaign('h')).toBe(-1);
  });

  it('does not take an account whose pairs are outweighed by what it shares with an honest group', () => {
    // Four prompt tokens shared with 5 classmates (held by 6 accounts: scored, not campaign tokens).
    const group = [key(SIM, 300), key(SIM, 301), key(SIM, 302), key(SIM, 303)];
    const classmates = Object.fromEntries(Array.from({ length: 5 }, (_, k) => [`m${k}`, { pairs: [], tokens: group, cluster: 1 }]));
    const { campaign } = run({ s: { pairs: [0, 1], tokens: group }, ...classmates });
    expect(campaign('s')).toBe(-1);
  });

  it('does not count partners in the account\'s own org: a batch job shares its seats\' prompts', () => {
    const { campaign } = run({ batch: { pairs: [0, 'seat'], org: 0 }, seat: { pairs: [], org: 0 } });
    expect(campaign('batch')).toBe(-1);
    // The same two partners, the seat outside the org: a web reaching the campaign.
    expect(run({ batch: { pairs: [0, 'seat'], org: 0 }, seat: { pairs: [1] } }).campaign('batch')).toBe(0);
  });

  it('needs the account to behave like the core of a campaign found by token linking', () => {
    const { campaign } = run({ a: { pairs: [0, 1], cluster: 1 } });
    expect(campaign('a')).toBe(-1);
  });

  it('takes a web member whatever its behavioural cluster: the web is its candidates', () => {
    const names = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'];
    const ring = Object.fromEntries(names.map((nm, k) => [nm, { pairs: [names[(k + 1) % 6]!, names[(k + 2) % 6]!], harvesting: true, cluster: k === 0 ? 1 : 0 }]));
    const { campaign } = run(ring, 3);
    expect(campaign('r0')).toBe(2);
  });

  it('needs a reworded shared stream: pasted paraphrases (a class) pair up too', () => {
    const { campaign } = run({ a: { pairs: [0, 1], reworded: 0 } });
    expect(campaign('a')).toBe(-1);
    expect(run({ a: { pairs: [0, 1], reworded: 0.1 } }).campaign('a')).toBe(0);
  });

  it('needs most partners inside: a busy account\'s chance pairs spread over strangers', () => {
    // Partners 0 and 1 in the campaign, three ordinary accounts (one pair each: no candidates).
    const strangers = { s1: { pairs: [] }, s2: { pairs: [] }, s3: { pairs: [] } };
    const { campaign } = run({ busy: { pairs: [0, 1, 's1', 's2', 's3'] }, ...strangers });
    expect(campaign('busy')).toBe(-1);
    // Two of four partners inside is half: enough.
    expect(run({ busy: { pairs: [0, 1, 's1', 's2'] }, ...strangers }).campaign('busy')).toBe(0);
  });

  it('is off when pairs are scored as tokens (minTokenCarriers 2)', () => {
    const accounts: FixtureAccount[] = Array.from({ length: 8 }, (_, i) => ({
      tokens: [key(SIM, 77), key(SIM, 78), key(PAY, 900 + (i >> 1))],
      scalars: { ...FARM, primaryNet: 5000 + i, card: 900 + (i >> 1) },
    }));
    accounts.push({ tokens: [key(SIM, 500), key(SIM, 501)], scalars: { ...RING, primaryNet: 7000, card: 7000 } });
    accounts[0]!.tokens.push(key(SIM, 500));
    accounts[1]!.tokens.push(key(SIM, 501));
    const r = runClustering(packAccounts(accounts), { ...CLUSTERING_DEFAULTS, minTokenCarriers: 2 }, new Int32Array(9).fill(0));
    expect(r.pairPartners[8]).toBe(0);
  });
});
