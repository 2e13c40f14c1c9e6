import { S, type PackedPopulation } from './population';
import { SIGNAL_WEIGHTS, sizeSignal, YOUNG_DAYS } from './evidence';

/** ip24 tokens have kind index 4; templates kind 0. */
const IP24_KIND = 4;
const TMPL_KIND = 0;
const r3 = (x: number) => Math.round(x * 1000) / 1000;
const W = SIGNAL_WEIGHTS;

/**
 * scoreGroup().score for every shared token of one run, with what the signals read of each account laid
 * out once per run in typed arrays (dense ids for cards, networks and orgs, each account's template
 * and /24 tokens apart), and counting done in reusable typed arrays instead of Maps.
 *
 * It computes exactly what evidence.ts computes, in the same order of floating-point operations, so
 * scores are bit-identical to scoreGroup().score (the spec checks this); evidence.ts stays the readable
 * definition and the source of explanations.
 */
export class GroupScorer {
  private readonly p: PackedPopulation;
  private readonly cluster: Int32Array | null;
  private readonly young: Uint8Array;
  private readonly createdDay: Float64Array;
  private readonly card: Int32Array;
  private readonly net: Int32Array;
  private readonly netIsZero: Uint8Array;
  private readonly churn: Float64Array;
  private readonly nonHuman: Float64Array;
  private readonly harvest: Float64Array;
  private readonly pool: Float64Array;
  private readonly rew: Float64Array;
  private readonly inst: Float64Array;
  private readonly human: Float64Array;
  private readonly tmplOff: Uint32Array;
  private readonly tmplIds: Int32Array;
  private readonly ipOff: Uint32Array;
  private readonly ipIds: Int32Array;
  // Scratch counters, all zero between calls.
  private readonly clusterCount: Int32Array;
  private readonly cardCount: Int32Array;
  private readonly netCount: Int32Array;
  private readonly netMark: Int32Array;
  private readonly orgCount: Int32Array;
  private readonly tokCount: Int32Array;
  private readonly days: Float64Array;
  private mark = 0;

  constructor(p: PackedPopulation, kindIx: Uint8Array, cluster: Int32Array | null) {
    this.p = p;
    this.cluster = cluster;
    const n = p.n;
    const sc = p.scalars;
    const w = S.width;
    this.young = new Uint8Array(n);
    this.createdDay = new Float64Array(n);
    this.card = new Int32Array(n);
    this.net = new Int32Array(n);
    this.churn = new Float64Array(n);
    this.nonHuman = new Float64Array(n);
    this.harvest = new Float64Array(n);
    this.pool = new Float64Array(n);
    this.rew = new Float64Array(n);
    this.inst = new Float64Array(n);
    this.human = new Float64Array(n);
    const cardIds = new Map<number, number>();
    const netIds = new Map<number, number>();
    const netZero: number[] = [];
    for (let i = 0; i < n; i++) {
      const o = i * w;
      this.young[i] = sc[o + S.ageFirstDays]! < YOUNG_DAYS ? 1 : 0;
      this.createdDay[i] = sc[o + S.createdDay]!;
      const c = sc[o + S.card]!;
      if (c === 0) this.card[i] = -1;
      else {
        let id = cardIds.get(c);
        if (id === undefined) cardIds.set(c, (id = cardIds.size));
        this.card[i] = id;
      }
      const net = sc[o + S.primaryNet]!;
      let nid = netIds.get(net);
      if (nid === undefined) {
        netIds.set(net, (nid = netIds.size));
        netZero.push(net === 0 ? 1 : 0);
      }
      this.net[i] = nid;
      const churn = sc[o + S.churn]!;
      const nh = sc[o + S.nonHuman]!;
      this.churn[i] = churn;
      this.nonHuman[i] = nh;
      this.harvest[i] = sc[o + S.harvest]!;
      // The per-member terms of harvestedPoolSignal, institutionalHumanShare and the site signals,
      // written exactly as evidence.ts writes them.
      this.pool[i] = sc[o + S.sharedHarvest]! * Math.max(sc[o + S.sharedHours]!, sc[o + S.sharedReworded]!);
      this.rew[i] = sc[o + S.sharedReworded]!;
      this.inst[i] = Math.min(1, sc[o + S.institutional]!) * (1 - nh) * (1 - Math.max(0, churn));
      this.human[i] = (1 - nh) * (1 - Math.max(0, churn));
    }
    this.netIsZero = Uint8Array.from(netZero);
    // Each account's template and /24 tokens, in token order (CSR).
    this.tmplOff = new Uint32Array(n + 1);
    this.ipOff = new Uint32Array(n + 1);
    let nt = 0;
    let ni = 0;
    for (let t = 0; t < p.tokIds.length; t++) {
      const k = kindIx[p.tokIds[t]!]!;
      if (k === TMPL_KIND) nt++;
      else if (k === IP24_KIND) ni++;
    }
    this.tmplIds = new Int32Array(nt);
    this.ipIds = new Int32Array(ni);
    nt = 0;
    ni = 0;
    for (let i = 0; i < n; i++) {
      this.tmplOff[i] = nt;
      this.ipOff[i] = ni;
      for (let t = p.tokOff[i]!; t < p.tokOff[i + 1]!; t++) {
        const id = p.tokIds[t]!;
        const k = kindIx[id]!;
        if (k === TMPL_KIND) this.tmplIds[nt++] = id;
        else if (k === IP24_KIND) this.ipIds[ni++] = id;
      }
    }
    this.tmplOff[n] = nt;
    this.ipOff[n] = ni;
    let maxCluster = -1;
    if (cluster) for (let i = 0; i < cluster.length; i++) if (cluster[i]! > maxCluster) maxCluster = cluster[i]!;
    let maxOrg = -1;
    for (let i = 0; i < n; i++) if (p.org[i]! > maxOrg) maxOrg = p.org[i]!;
    this.clusterCount = new Int32Array(maxCluster + 1);
    this.cardCount = new Int32Array(cardIds.size);
    this.netCount = new Int32Array(netIds.size);
    this.netMark = new Int32Array(netIds.size);
    this.orgCount = new Int32Array(maxOrg + 1);
    this.tokCount = new Int32Array(p.tokKeys.length);
    this.days = new Float64Array(n);
  }

  /** tightnessSignal(members, cluster). */
  tightness(members: Int32Array): number {
    const cl = this.cluster;
    const len = members.length;
    if (!cl || len === 0) return 0;
    const counts = this.clusterCount;
    let best = 0;
    for (let j = 0; j < len; j++) {
      const c = cl[members[j]!]!;
      if (c < 0) continue;
      const v = ++counts[c]!;
      if (v > best) best = v;
    }
    for (let j = 0; j < len; j++) {
      const c = cl[members[j]!]!;
      if (c >= 0) counts[c] = 0;
    }
    return best / len;
  }

  /** scoreGroup(p, members, { intentLinked, simLinked, clusterOf: cluster }).score, bit for bit. */
  score(members: Int32Array, intentLinked: boolean, simLinked: boolean): number {
    const len = members.length;
    const diversity = this.diversity(members);
    let young = 0;
    let churnSum = 0;
    let churnK = 0;
    let nh = 0;
    let hv = 0;
    let pool = 0;
    for (let j = 0; j < len; j++) {
      const i = members[j]!;
      young += this.young[i]!;
      const c = this.churn[i]!;
      if (c >= 0) {
        churnSum += c;
        churnK++;
      }
      nh += this.nonHuman[i]!;
      hv += this.harvest[i]!;
      pool += this.pool[i]!;
    }
    let logit = W.bias;
    logit += W.size * r3(sizeSignal(len));
    logit += W.tightness * r3(this.tightness(members));
    logit += W.young_accounts * r3(len ? young / len : 0);
    logit += W.creation_burst * r3(this.creationBurst(members));
    logit += W.card_reuse * r3(this.cardReuse(members));
    logit += W.proxy_churn * r3(churnK ? churnSum / churnK : 0);
    logit += W.non_human_timing * r3(len ? nh / len : 0);
    logit += W.harvest_economics * r3(len ? hv / len : 0);
    logit += W.intent_across_infra * r3(intentLinked ? diversity : 0);
    logit += W.reworded_intent * r3(this.reworded(members, simLinked) * diversity);
    logit += W.harvested_pool * r3(len ? pool / len : 0);
    logit += W.same_org * r3(this.sameOrg(members));
    logit += W.shared_site_human * r3(this.sharedSiteHuman(members));
    return 1 / (1 + Math.exp(-logit));
  }

  private diversity(members: Int32Array): number {
    const len = members.length;
    const mark = ++this.mark;
    let distinct = 0;
    for (let j = 0; j < len; j++) {
      const nid = this.net[members[j]!]!;
      if (this.netMark[nid] !== mark) {
        this.netMark[nid] = mark;
        distinct++;
      }
    }
    return len ? distinct / len : 0;
  }

  private creationBurst(members: Int32Array): number {
    const len = members.length;
    if (len < 3) return 0;
    const days = this.days.subarray(0, len);
    for (let j = 0; j < len; j++) days[j] = this.createdDay[members[j]!]!;
    days.sort();
    let best = 0;
    let lo = 0;
    for (let hi = 0; hi < len; hi++) {
      while (days[hi]! - days[lo]! > 2) lo++;
      best = Math.max(best, hi - lo + 1);
    }
    return best / len;
  }

  private cardReuse(members: Int32Array): number {
    const len = members.length;
    const counts = this.cardCount;
    let withCard = 0;
    for (let j = 0; j < len; j++) {
      const c = this.card[members[j]!]!;
      if (c < 0) continue;
      withCard++;
      counts[c]!++;
    }
    let out = 0;
    if (withCard >= 2) {
      let sharing = 0;
      let nets = 0;
      const mark = ++this.mark;
      for (let j = 0; j < len; j++) {
        const i = members[j]!;
        const c = this.card[i]!;
        if (c >= 0 && counts[c]! > 1) {
          sharing++;
          const nid = this.net[i]!;
          if (this.netMark[nid] !== mark) {
            this.netMark[nid] = mark;
            nets++;
          }
        }
      }
      if (sharing > 0) out = (sharing / withCard) * (nets / sharing);
    }
    for (let j = 0; j < len; j++) {
      const c = this.card[members[j]!]!;
      if (c >= 0) counts[c] = 0;
    }
    return out;
  }

  private reworded(members: Int32Array, simLinked: boolean): number {
    const len = members.length;
    if (!simLinked || len < 2) return 0;
    const counts = this.tokCount;
    const off = this.tmplOff;
    const ids = this.tmplIds;
    for (let j = 0; j < len; j++) {
      const i = members[j]!;
      for (let t = off[i]!; t < off[i + 1]!; t++) counts[ids[t]!]!++;
    }
    let exact = 0;
    for (let j = 0; j < len; j++) {
      const i = members[j]!;
      const from = off[i]!;
      const to = off[i + 1]!;
      let shares = false;
      for (let t = from; t < to; t++) {
        if (counts[ids[t]!]! > 1) {
          shares = true;
          break;
        }
      }
      exact += shares ? 1 : to > from ? 0 : 0.5;
    }
    for (let j = 0; j < len; j++) {
      const i = members[j]!;
      for (let t = off[i]!; t < off[i + 1]!; t++) counts[ids[t]!] = 0;
    }
    let rew = 0;
    for (let j = 0; j < len; j++) rew += this.rew[members[j]!]!;
    return Math.max(1 - exact / len, rew / len);
  }

  private sameOrg(members: Int32Array): number {
    const len = members.length;
    const counts = this.orgCount;
    const org = this.p.org;
    let best = 0;
    for (let j = 0; j < len; j++) {
      const o = org[members[j]!]!;
      if (o < 0) continue;
      const v = ++counts[o]!;
      if (v > best) best = v;
    }
    for (let j = 0; j < len; j++) {
      const o = org[members[j]!]!;
      if (o >= 0) counts[o] = 0;
    }
    return len ? best / len : 0;
  }

  private sharedSiteHuman(members: Int32Array): number {
    const len = members.length;
    if (len < 2) return 0;
    const counts = this.tokCount;
    const off = this.ipOff;
    const ids = this.ipIds;
    let bestNet = -1;
    let best = 0;
    for (let j = 0; j < len; j++) {
      const i = members[j]!;
      for (let t = off[i]!; t < off[i + 1]!; t++) {
        const id = ids[t]!;
        const v = ++counts[id]!;
        if (v > best || (v === best && id < bestNet)) {
          best = v;
          bestNet = id;
        }
      }
    }
    for (let j = 0; j < len; j++) {
      const i = members[j]!;
      for (let t = off[i]!; t < off[i + 1]!; t++) counts[ids[t]!] = 0;
    }
    let instSum = 0;
    for (let j = 0; j < len; j++) instSum += this.inst[members[j]!]!;
    const institution = instSum / len;
    if (bestNet < 0) return Math.max(institution, this.sharedPrimarySite(members));
    const share = best / len;
    if (share < 0.5) return institution;
    let human = 0;
    let k = 0;
    for (let j = 0; j < len; j++) {
      const i = members[j]!;
      let on = false;
      for (let t = off[i]!; t < off[i + 1]!; t++) if (ids[t] === bestNet) on = true;
      if (!on) continue;
      human += this.human[i]!;
      k++;
    }
    return Math.max(institution, share * (k ? human / k : 0));
  }

  private sharedPrimarySite(members: Int32Array): number {
    const len = members.length;
    const counts = this.netCount;
    let bestNet = -1;
    let best = 0;
    for (let j = 0; j < len; j++) {
      const nid = this.net[members[j]!]!;
      const v = ++counts[nid]!;
      if (v > best) {
        best = v;
        bestNet = nid;
      }
    }
    for (let j = 0; j < len; j++) counts[this.net[members[j]!]!] = 0;
    const share = best / len;
    if (share < 0.5 || bestNet < 0 || this.netIsZero[bestNet] === 1) return 0;
    let human = 0;
    let k = 0;
    for (let j = 0; j < len; j++) {
      const i = members[j]!;
      if (this.net[i] !== bestNet) continue;
      human += this.human[i]!;
      k++;
    }
    return share * (k ? human / k : 0);
  }
}
