import { S, type PackedPopulation } from './population';

/** One machine-readable piece of evidence: `value` in 0..1, `weight` its signed contribution to the logit. */
export interface Evidence {
  signal: string;
  value: number;
  weight: number;
  detail: string;
}

/** How a candidate group was formed: what kind of token links its members. */
export interface GroupContext {
  /** Members share what they ask (template, system prompt or near-duplicate prompt). */
  intentLinked: boolean;
  /** Members share near-duplicate prompts (simhash bands). */
  simLinked: boolean;
  /** Behavioural cluster of each account (k-means), or null when clustering did not run. */
  clusterOf: Int32Array | null;
}

export interface GroupScore {
  score: number;
  logit: number;
  evidence: Evidence[];
}

/**
 * Weights of the campaign model (logit = bias + sum of weight x value). The bias is set so that
 * behaviour alone (harvest-like economics, scripted timing, shared public prompts) cannot make a
 * campaign: some coordination evidence (new accounts, card reuse, proxy churn) must be present.
 */
export const SIGNAL_WEIGHTS = {
  bias: -6,
  size: 1.0,
  tightness: 0.5,
  young_accounts: 2.5,
  creation_burst: 1.0,
  card_reuse: 2.0,
  proxy_churn: 2.0,
  non_human_timing: 1.5,
  harvest_economics: 1.5,
  intent_across_infra: 1.0,
  reworded_intent: 3.0,
  harvested_pool: 6.5,
  same_org: -4.0,
  shared_site_human: -4.0,
} as const;
export type SignalName = Exclude<keyof typeof SIGNAL_WEIGHTS, 'bias'>;

/** Accounts whose first event came this soon after creation count as new. */
export const YOUNG_DAYS = 14;

const sc = (p: PackedPopulation, i: number, col: number) => p.scalars[i * S.width + col]!;
// Scratch maps reused across calls: token scoring calls these signals for every shared token.
const scratchA = new Map<number, number>();
const scratchB = new Map<number, number>();
const scratchSet = new Set<number>();
/** Template tokens have kind index 0: keys below 2^32. */
const TMPL_KEY_END = 4294967296;
/** ip24 tokens have kind index 4. */
const IP24_KEY_START = 4 * 4294967296;
const IP24_KEY_END = 5 * 4294967296;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

export function sizeSignal(n: number): number {
  return n < 3 ? 0 : Math.min(1, Math.log(n / 2) / Math.log(50));
}

/** Share of members in the group's most common behavioural cluster. */
export function tightnessSignal(members: ArrayLike<number>, clusterOf: Int32Array | null): number {
  if (!clusterOf || members.length === 0) return 0;
  const counts = scratchA;
  counts.clear();
  let best = 0;
  for (let j = 0; j < members.length; j++) {
    const c = clusterOf[members[j]!]!;
    if (c < 0) continue;
    const v = (counts.get(c) ?? 0) + 1;
    counts.set(c, v);
    if (v > best) best = v;
  }
  return best / members.length;
}

export function youngSignal(p: PackedPopulation, members: ArrayLike<number>): number {
  let y = 0;
  for (let j = 0; j < members.length; j++) if (sc(p, members[j]!, S.ageFirstDays) < YOUNG_DAYS) y++;
  return members.length ? y / members.length : 0;
}

/** Largest share of members created within one 3-day window. */
export function creationBurstSignal(p: PackedPopulation, members: ArrayLike<number>): number {
  if (members.length < 3) return 0;
  const days = Array.from(members, (i) => sc(p, i, S.createdDay)).sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < days.length; hi++) {
    while (days[hi]! - days[lo]! > 2) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best / days.length;
}

/**
 * Cards used by several members, weighted by how many different networks those members use: a team
 * sharing a card in one office is ordinary, one card paying for accounts across many networks is not.
 */
export function cardReuseSignal(p: PackedPopulation, members: ArrayLike<number>): number {
  const byCard = scratchA;
  byCard.clear();
  let withCard = 0;
  for (let j = 0; j < members.length; j++) {
    const c = sc(p, members[j]!, S.card);
    if (c === 0) continue;
    withCard++;
    byCard.set(c, (byCard.get(c) ?? 0) + 1);
  }
  if (withCard < 2) return 0;
  let sharing = 0;
  const nets = scratchSet;
  nets.clear();
  for (let j = 0; j < members.length; j++) {
    const i = members[j]!;
    const c = sc(p, i, S.card);
    if (c !== 0 && byCard.get(c)! > 1) {
      sharing++;
      nets.add(sc(p, i, S.primaryNet));
    }
  }
  if (sharing === 0) return 0;
  return (sharing / withCard) * (nets.size / sharing);
}

/** Mean share of events arriving from a /24 the account had not used recently (residential proxy rotation). */
export function proxyChurnSignal(p: PackedPopulation, members: ArrayLike<number>): number {
  let sum = 0;
  let k = 0;
  for (let j = 0; j < members.length; j++) {
    const c = sc(p, members[j]!, S.churn);
    if (c < 0) continue;
    sum += c;
    k++;
  }
  return k ? sum / k : 0;
}

export function nonHumanSignal(p: PackedPopulation, members: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < members.length; j++) sum += sc(p, members[j]!, S.nonHuman);
  return members.length ? sum / members.length : 0;
}

export function harvestSignal(p: PackedPopulation, members: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < members.length; j++) sum += sc(p, members[j]!, S.harvest);
  return members.length ? sum / members.length : 0;
}

/**
 * The shared stream of each member (its events carrying a prompt other accounts also sent), judged
 * apart from the rest of its traffic: harvesting economics (CoT/rubric asks, long outputs, high
 * max_tokens) AND either round-the-clock pacing or rewording. A harvesting pool is worked
 * continuously or disguised; researchers running a public suite send the identical items in bursts
 * in working hours, and agent users send the identical tool templates, so neither holds. Mean over
 * members of sharedHarvest x max(sharedHours, sharedReworded).
 */
export function harvestedPoolSignal(p: PackedPopulation, members: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < members.length; j++) {
    const i = members[j]!;
    sum += sc(p, i, S.sharedHarvest) * Math.max(sc(p, i, S.sharedHours), sc(p, i, S.sharedReworded));
  }
  return members.length ? sum / members.length : 0;
}

/** Distinct networks per member: near 1 when every member sits on its own infrastructure. */
export function infraDiversity(p: PackedPopulation, members: ArrayLike<number>): number {
  const nets = scratchSet;
  nets.clear();
  for (let j = 0; j < members.length; j++) nets.add(sc(p, members[j]!, S.primaryNet));
  return members.length ? nets.size / members.length : 0;
}

/**
 * Near-duplicate prompts across accounts that do not share exact templates: the signature of
 * rewording to evade exact-match rules. Honest sharing (a popular agent, a public benchmark suite)
 * reuses identical templates instead, so members sharing an exact template count against it. A pool
 * that mixes exact items with rewordings (a reseller's) shows in the members' own shared streams
 * instead: the mean share of them reworded, which honest sharers of identical items keep near 0.
 */
export function rewordedSignal(p: PackedPopulation, members: ArrayLike<number>, simLinked: boolean): number {
  if (!simLinked || members.length < 2) return 0;
  const counts = scratchA;
  counts.clear();
  for (let j = 0; j < members.length; j++) {
    const i = members[j]!;
    for (let t = p.tokOff[i]!; t < p.tokOff[i + 1]!; t++) {
      if (p.tokKeys[p.tokIds[t]!]! >= TMPL_KEY_END) continue;
      const id = p.tokIds[t]!;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  // Rewording is a fresh template around a prompt others sent: members sending no template (pasted
  // text, which a class paraphrases from one homework sheet) are not rewording, as AccountState.update
  // counts them. Nor is a member whose shared prompts are identical items (a public benchmark's),
  // whatever its templates show: the shared-value filter, which forgets values, may never have seen
  // its harness template sent by another.
  let exact = 0;
  for (let j = 0; j < members.length; j++) {
    const i = members[j]!;
    let hasTemplate = false;
    let shares = false;
    for (let t = p.tokOff[i]!; t < p.tokOff[i + 1]!; t++) {
      const id = p.tokIds[t]!;
      if (p.tokKeys[id]! >= TMPL_KEY_END) continue;
      hasTemplate = true;
      if (counts.get(id)! > 1) {
        shares = true;
        break;
      }
    }
    exact += shares || !hasTemplate ? 1 : sc(p, i, S.sharedIdentical);
  }
  return Math.max(1 - exact / members.length, meanScalar(p, members, S.sharedReworded));
}

function meanScalar(p: PackedPopulation, members: ArrayLike<number>, col: number): number {
  let sum = 0;
  for (let j = 0; j < members.length; j++) sum += sc(p, members[j]!, col);
  return members.length ? sum / members.length : 0;
}

/** Share of members in the most common org: seats of one customer legitimately share everything. */
export function sameOrgSignal(p: PackedPopulation, members: ArrayLike<number>): number {
  const counts = scratchB;
  counts.clear();
  let best = 0;
  for (let j = 0; j < members.length; j++) {
    const o = p.org[members[j]!]!;
    if (o < 0) continue;
    const v = (counts.get(o) ?? 0) + 1;
    counts.set(o, v);
    if (v > best) best = v;
  }
  return members.length ? best / members.length : 0;
}

/**
 * One office or campus: most members have used the same /24, with human daily rhythm and no proxy
 * rotation. Students and small teams look coordinated only because they sit together. (A proxy
 * pool's /24 is shared by few of a farm's members, and they do not keep human hours.)
 */
export function sharedSiteHumanSignal(p: PackedPopulation, members: ArrayLike<number>): number {
  if (members.length < 2) return 0;
  const counts = scratchB;
  counts.clear();
  let bestNet = -1;
  let best = 0;
  for (let j = 0; j < members.length; j++) {
    const i = members[j]!;
    for (let t = p.tokOff[i]!; t < p.tokOff[i + 1]!; t++) {
      const id = p.tokIds[t]!;
      const key = p.tokKeys[id]!;
      if (key < IP24_KEY_START || key >= IP24_KEY_END) continue;
      const v = (counts.get(id) ?? 0) + 1;
      counts.set(id, v);
      if (v > best || (v === best && id < bestNet)) {
        best = v;
        bestNet = id;
      }
    }
  }
  const institution = institutionalHumanShare(p, members);
  // Fall back to primary networks when the population carries no ip24 tokens.
  if (bestNet < 0) return Math.max(institution, sharedPrimarySite(p, members));
  const share = best / members.length;
  if (share < 0.5) return institution;
  let human = 0;
  let k = 0;
  for (let j = 0; j < members.length; j++) {
    const i = members[j]!;
    let on = false;
    for (let t = p.tokOff[i]!; t < p.tokOff[i + 1]!; t++) if (p.tokIds[t] === bestNet) on = true;
    if (!on) continue;
    const churn = Math.max(0, sc(p, i, S.churn));
    human += (1 - sc(p, i, S.nonHuman)) * (1 - churn);
    k++;
  }
  return Math.max(institution, share * (k ? human / k : 0));
}

/**
 * Members working from campus or office networks (ip_class education/corporate) on human time:
 * an institution's people, even when they also roam from home.
 */
function institutionalHumanShare(p: PackedPopulation, members: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < members.length; j++) {
    const i = members[j]!;
    sum += Math.min(1, sc(p, i, S.institutional)) * (1 - sc(p, i, S.nonHuman)) * (1 - Math.max(0, sc(p, i, S.churn)));
  }
  return members.length ? sum / members.length : 0;
}

function sharedPrimarySite(p: PackedPopulation, members: ArrayLike<number>): number {
  const counts = scratchB;
  counts.clear();
  let bestNet = 0;
  let best = 0;
  for (let j = 0; j < members.length; j++) {
    const net = sc(p, members[j]!, S.primaryNet);
    const v = (counts.get(net) ?? 0) + 1;
    counts.set(net, v);
    if (v > best) {
      best = v;
      bestNet = net;
    }
  }
  const share = best / members.length;
  if (share < 0.5 || bestNet === 0) return 0;
  let human = 0;
  let k = 0;
  for (let j = 0; j < members.length; j++) {
    const i = members[j]!;
    if (sc(p, i, S.primaryNet) !== bestNet) continue;
    human += (1 - sc(p, i, S.nonHuman)) * (1 - Math.max(0, sc(p, i, S.churn)));
    k++;
  }
  return share * (k ? human / k : 0);
}

function ev(signal: SignalName, value: number, detail: string): Evidence {
  return { signal, value: r3(value), weight: r3(SIGNAL_WEIGHTS[signal] * value), detail };
}

export const SIGNALS: readonly SignalName[] = [
  'size', 'tightness', 'young_accounts', 'creation_burst', 'card_reuse', 'proxy_churn', 'non_human_timing',
  'harvest_economics', 'intent_across_infra', 'reworded_intent', 'harvested_pool', 'same_org', 'shared_site_human',
];

/** Scores a candidate group as a campaign from its evidence. */
export function scoreGroup(p: PackedPopulation, members: ArrayLike<number>, ctx: GroupContext): GroupScore {
  const n = members.length;
  const young = youngSignal(p, members);
  const diversity = infraDiversity(p, members);
  const values = [
    sizeSignal(n),
    tightnessSignal(members, ctx.clusterOf),
    young,
    creationBurstSignal(p, members),
    cardReuseSignal(p, members),
    proxyChurnSignal(p, members),
    nonHumanSignal(p, members),
    harvestSignal(p, members),
    ctx.intentLinked ? diversity : 0,
    rewordedSignal(p, members, ctx.simLinked) * diversity,
    harvestedPoolSignal(p, members),
    sameOrgSignal(p, members),
    sharedSiteHumanSignal(p, members),
  ];
  return groupScoreFrom(values, n, diversity);
}

/**
 * The score and evidence of a group of `n` members from its signal values (in SIGNALS order) and
 * its infrastructure diversity: what scoreGroup() reports, for values however computed.
 */
export function groupScoreFrom(v: ArrayLike<number>, n: number, diversity: number): GroupScore {
  const evidence: Evidence[] = [
    ev('size', v[0]!, `${n} linked accounts`),
    ev('tightness', v[1]!, 'share in the dominant behavioural cluster'),
    ev('young_accounts', v[2]!, `share first seen within ${YOUNG_DAYS} days of creation`),
    ev('creation_burst', v[3]!, 'largest share created within 3 days'),
    ev('card_reuse', v[4]!, 'cards shared across networks'),
    ev('proxy_churn', v[5]!, 'mean share of events from a new /24'),
    ev('non_human_timing', v[6]!, 'no sleep gap, sustained rate or scripted gaps'),
    ev('harvest_economics', v[7]!, 'CoT/rubric asks, long outputs, high max_tokens'),
    ev('intent_across_infra', v[8]!, `${Math.round(diversity * n)} networks share one intent`),
    ev('reworded_intent', v[9]!, 'near-duplicate prompts without shared exact templates, across networks'),
    ev('harvested_pool', v[10]!, 'shared prompts asked with harvesting economics, round the clock or reworded'),
    ev('same_org', v[11]!, 'share in one org_id (explains sharing)'),
    ev('shared_site_human', v[12]!, 'one office/campus network, or institutional networks, with human timing (explains sharing)'),
  ];
  let logit = SIGNAL_WEIGHTS.bias;
  for (const e of evidence) logit += SIGNAL_WEIGHTS[e.signal as SignalName] * e.value;
  return { score: 1 / (1 + Math.exp(-logit)), logit, evidence };
}
