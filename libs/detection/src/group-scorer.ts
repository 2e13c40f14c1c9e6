import { S, type PackedPopulation } from './population';
import { groupScoreFrom, SIGNAL_WEIGHTS, sizeSignal, YOUNG_DAYS, type GroupScore } from './evidence';
import { IntIds } from './int-ids';

/** ip24 tokens have kind index 4; templates kind 0. */
const IP24_KIND = 4;
const TMPL_KIND = 0;
const r3 = (x: number) => Math.round(x * 1000) / 1000;
/** Width of an account's record in GroupScorer.rec / irec. */
const REC = 8;
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
  private p!: PackedPopulation;
  private cluster: Int32Array | null = null;
  // Every array below is owned by the scorer and only grows: reset() refills the first n (or m)
  // entries for a new run instead of allocating fresh ones (typed arrays live off the heap, and
  // allocating dozens per run drives extra garbage collections).
  private createdDay = new Float64Array(0);
  private card = new Int32Array(0);
  private net = new Int32Array(0);
  private netIsZero = new Uint8Array(0);
  private rew = new Float64Array(0);
  private human = new Float64Array(0);
  private tmplOff = new Uint32Array(0);
  private tmplIds = new Int32Array(0);
  private ipIds = new Int32Array(0);
  // Scratch counters, all zero between calls.
  private clusterCount = new Int32Array(0);
  private cardCount = new Int32Array(0);
  private netCount = new Int32Array(0);
  /** Stamped with `mark` (never reset: marks only grow, across runs too). */
  private netMark = new Int32Array(0);
  private orgCount = new Int32Array(0);
  private tokCount = new Int32Array(0);
  private days = new Float64Array(0);
  /**
   * With every creation day a whole number: each account's day as a dense id, the ids of the two days
   * before each day (-1 = no account created then), and per-id counts (zero between calls).
   */
  private dayId: Int32Array | null = null;
  private dayIdBuf = new Int32Array(0);
  private dayBefore = new Int32Array(0);
  private dayBefore2 = new Int32Array(0);
  private dayCount = new Int32Array(0);
  private mark = 0;
  /**
   * What signals() reads of each account, in one record per account (a group's members are scattered
   * over the population: one or two cache lines per member instead of one per field).
   * rec: churn, nonHuman, harvest, pool, inst, human, young; irec: net, card, org, day id, cluster, ip tokens from, to.
   */
  private rec = new Float64Array(0);
  private irec = new Int32Array(0);
  /** The last group's signal values (SIGNALS order) and infrastructure diversity. */
  private readonly sig = new Float64Array(13);
  private div = 0;
  private readonly cardIds = new IntIds(1024);
  private readonly netIds = new IntIds(1024);
  private readonly dayIds = new IntIds(64);
  private readonly dayOf: number[] = [];
  private readonly netZero: number[] = [];

  constructor(p: PackedPopulation, kindIx: Uint8Array, cluster: Int32Array | null) {
    this.reset(p, kindIx, cluster);
  }

  /** Lays out a new run's population (what a fresh GroupScorer(p, kindIx, cluster) would hold). */
  reset(p: PackedPopulation, kindIx: Uint8Array, cluster: Int32Array | null): void {
    this.p = p;
    this.cluster = cluster;
    const n = p.n;
    const sc = p.scalars;
    const w = S.width;
    if (this.createdDay.length < n) {
      const cap = Math.max(n, Math.ceil(this.createdDay.length * 1.5));
      this.createdDay = new Float64Array(cap);
      this.card = new Int32Array(cap);
      this.net = new Int32Array(cap);
      this.rew = new Float64Array(cap);
      this.human = new Float64Array(cap);
      this.rec = new Float64Array(cap * REC);
      this.irec = new Int32Array(cap * REC);
      this.dayIdBuf = new Int32Array(cap);
      this.days = new Float64Array(cap);
      this.tmplOff = new Uint32Array(cap + 1);
    }
    const rec = this.rec;
    const irec = this.irec;
    const cardIds = this.cardIds;
    const netIds = this.netIds;
    const dayIds = this.dayIds;
    cardIds.clear();
    netIds.clear();
    dayIds.clear();
    const dayId = this.dayIdBuf;
    const dayOf = this.dayOf;
    dayOf.length = 0;
    let wholeDays = true;
    const netZero = this.netZero;
    netZero.length = 0;
    for (let i = 0; i < n; i++) {
      const o = i * w;
      const r = i * REC;
      const day = sc[o + S.createdDay]!;
      this.createdDay[i] = day;
      dayId[i] = 0;
      if (wholeDays) {
        if (Number.isInteger(day) && Math.abs(day) < 2 ** 52) {
          const before = dayIds.size;
          const q = dayIds.idOf(day);
          if (q === before) dayOf.push(day);
          dayId[i] = q;
        } else wholeDays = false;
      }
      const c = sc[o + S.card]!;
      const cid = c === 0 ? -1 : cardIds.idOf(c);
      this.card[i] = cid;
      const net = sc[o + S.primaryNet]!;
      const before = netIds.size;
      const nid = netIds.idOf(net);
      if (nid === before) netZero.push(net === 0 ? 1 : 0);
      this.net[i] = nid;
      const churn = sc[o + S.churn]!;
      const nh = sc[o + S.nonHuman]!;
      // The per-member terms of harvestedPoolSignal, institutionalHumanShare and the site signals,
      // written exactly as evidence.ts writes them.
      const human = (1 - nh) * (1 - Math.max(0, churn));
      this.rew[i] = sc[o + S.sharedReworded]!;
      this.human[i] = human;
      rec[r] = churn;
      rec[r + 1] = nh;
      rec[r + 2] = sc[o + S.harvest]!;
      rec[r + 3] = sc[o + S.sharedHarvest]! * Math.max(sc[o + S.sharedHours]!, sc[o + S.sharedReworded]!);
      rec[r + 4] = Math.min(1, sc[o + S.institutional]!) * (1 - nh) * (1 - Math.max(0, churn));
      rec[r + 5] = human;
      rec[r + 6] = sc[o + S.ageFirstDays]! < YOUNG_DAYS ? 1 : 0;
      irec[r] = nid;
      irec[r + 1] = cid;
      irec[r + 2] = p.org[i]!;
      irec[r + 3] = dayId[i]!;
      irec[r + 4] = cluster ? cluster[i]! : -1;
    }
    if (this.netIsZero.length < netZero.length) this.netIsZero = new Uint8Array(Math.max(netZero.length, this.netIsZero.length * 2));
    for (let q = 0; q < netZero.length; q++) this.netIsZero[q] = netZero[q]!;
    // Each account's template and /24 tokens, in token order (CSR); room for every token occurrence
    // saves counting them first.
    const occ = p.tokIds.length;
    if (this.tmplIds.length < occ) {
      this.tmplIds = new Int32Array(Math.max(occ, Math.ceil(this.tmplIds.length * 1.5)));
      this.ipIds = new Int32Array(this.tmplIds.length);
    }
    let nt = 0;
    let ni = 0;
    for (let i = 0; i < n; i++) {
      this.tmplOff[i] = nt;
      irec[i * REC + 5] = ni;
      for (let t = p.tokOff[i]!; t < p.tokOff[i + 1]!; t++) {
        const id = p.tokIds[t]!;
        const k = kindIx[id]!;
        if (k === TMPL_KIND) this.tmplIds[nt++] = id;
        else if (k === IP24_KIND) this.ipIds[ni++] = id;
      }
      irec[i * REC + 6] = ni;
    }
    this.tmplOff[n] = nt;
    let maxCluster = -1;
    if (cluster) for (let i = 0; i < cluster.length; i++) if (cluster[i]! > maxCluster) maxCluster = cluster[i]!;
    let maxOrg = -1;
    for (let i = 0; i < n; i++) if (p.org[i]! > maxOrg) maxOrg = p.org[i]!;
    // Counters are zero between calls, so a big-enough one carries over; a grown one starts zeroed.
    if (this.clusterCount.length < maxCluster + 1) this.clusterCount = new Int32Array(Math.max(maxCluster + 1, 32));
    if (this.cardCount.length < cardIds.size) this.cardCount = new Int32Array(Math.max(cardIds.size, this.cardCount.length * 2));
    if (this.netCount.length < netIds.size) {
      const cap = Math.max(netIds.size, this.netCount.length * 2);
      this.netCount = new Int32Array(cap);
      const mark = new Int32Array(cap);
      mark.set(this.netMark);
      this.netMark = mark;
    }
    if (this.orgCount.length < maxOrg + 1) this.orgCount = new Int32Array(Math.max(maxOrg + 1, this.orgCount.length * 2));
    if (this.tokCount.length < p.tokKeys.length) this.tokCount = new Int32Array(Math.max(p.tokKeys.length, this.tokCount.length * 2));
    this.dayId = wholeDays ? dayId : null;
    const nd = dayOf.length;
    if (this.dayCount.length < nd) {
      const cap = Math.max(nd, this.dayCount.length * 2, 64);
      this.dayBefore = new Int32Array(cap);
      this.dayBefore2 = new Int32Array(cap);
      this.dayCount = new Int32Array(cap);
    }
    if (wholeDays) {
      for (let q = 0; q < nd; q++) {
        this.dayBefore[q] = dayIds.find(dayOf[q]! - 1);
        this.dayBefore2[q] = dayIds.find(dayOf[q]! - 2);
      }
    }
  }

  /** tightnessSignal(members, cluster). */
  tightness(members: Int32Array, from = 0, to = members.length): number {
    const cl = this.cluster;
    const len = to - from;
    if (!cl || len === 0) return 0;
    const counts = this.clusterCount;
    let best = 0;
    for (let j = from; j < to; j++) {
      const c = cl[members[j]!]!;
      if (c < 0) continue;
      const v = ++counts[c]!;
      if (v > best) best = v;
    }
    for (let j = from; j < to; j++) {
      const c = cl[members[j]!]!;
      if (c >= 0) counts[c] = 0;
    }
    return best / len;
  }

  /**
   * scoreGroup(p, members, { intentLinked, simLinked, clusterOf: cluster }).score, bit for bit. The
   * signals are gathered in three passes over the members (counts, then what reads complete counts,
   * then resetting the rest); every mean is summed in member order as evidence.ts sums it.
   */
  score(members: Int32Array, intentLinked: boolean, simLinked: boolean, from = 0, to = members.length): number {
    this.signals(members, from, to, intentLinked, simLinked);
    const v = this.sig;
    let logit = W.bias;
    logit += W.size * r3(v[0]!);
    logit += W.tightness * r3(v[1]!);
    logit += W.young_accounts * r3(v[2]!);
    logit += W.creation_burst * r3(v[3]!);
    logit += W.card_reuse * r3(v[4]!);
    logit += W.proxy_churn * r3(v[5]!);
    logit += W.non_human_timing * r3(v[6]!);
    logit += W.harvest_economics * r3(v[7]!);
    logit += W.intent_across_infra * r3(v[8]!);
    logit += W.reworded_intent * r3(v[9]!);
    logit += W.harvested_pool * r3(v[10]!);
    logit += W.same_org * r3(v[11]!);
    logit += W.shared_site_human * r3(v[12]!);
    return 1 / (1 + Math.exp(-logit));
  }

  /** tightness() of the group last scored (computed by score() on the way). */
  get lastTightness(): number {
    return this.sig[1]!;
  }

  /** scoreGroup(p, members, { intentLinked, simLinked, clusterOf: cluster }), evidence and all, bit for bit. */
  evidence(members: Int32Array, intentLinked: boolean, simLinked: boolean): GroupScore {
    this.signals(members, 0, members.length, intentLinked, simLinked);
    return groupScoreFrom(this.sig, members.length, this.div);
  }

  /** Fills `sig` and `div` with the group's signal values. */
  private signals(members: Int32Array, from: number, to: number, intentLinked: boolean, simLinked: boolean): void {
    const len = to - from;
    const cl = this.cluster;
    const rec = this.rec;
    const irec = this.irec;
    const netMark = this.netMark;
    const cardCount = this.cardCount;
    const clusterCount = this.clusterCount;
    const orgCount = this.orgCount;
    const dayId = this.dayId;
    const dayCount = this.dayCount;
    const ipIds = this.ipIds;
    const tokCount = this.tokCount;
    const site = len >= 2;
    // Marks only grow (netMark is stamped, never cleared): start over long before they overflow.
    if (this.mark > 0x3fffffff) {
      this.netMark.fill(0);
      this.mark = 0;
    }
    const netPass = ++this.mark;
    let distinct = 0;
    let young = 0;
    let churnSum = 0;
    let churnK = 0;
    let nh = 0;
    let hv = 0;
    let pool = 0;
    let clusterBest = 0;
    let withCard = 0;
    let orgBest = 0;
    let ipBest = 0;
    let bestNet = -1;
    for (let j = from; j < to; j++) {
      const o = members[j]! * REC;
      const nid = irec[o]!;
      if (netMark[nid] !== netPass) {
        netMark[nid] = netPass;
        distinct++;
      }
      young += rec[o + 6]!;
      const c = rec[o]!;
      if (c >= 0) {
        churnSum += c;
        churnK++;
      }
      nh += rec[o + 1]!;
      hv += rec[o + 2]!;
      pool += rec[o + 3]!;
      if (cl) {
        const k = irec[o + 4]!;
        if (k >= 0) {
          const v = ++clusterCount[k]!;
          if (v > clusterBest) clusterBest = v;
        }
      }
      if (dayId) dayCount[irec[o + 3]!]!++;
      const cd = irec[o + 1]!;
      if (cd >= 0) {
        withCard++;
        cardCount[cd]!++;
      }
      const g = irec[o + 2]!;
      if (g >= 0) {
        const v = ++orgCount[g]!;
        if (v > orgBest) orgBest = v;
      }
      if (site) {
        const to = irec[o + 6]!;
        for (let t = irec[o + 5]!; t < to; t++) {
          const id = ipIds[t]!;
          const v = ++tokCount[id]!;
          if (v > ipBest || (v === ipBest && id < bestNet)) {
            ipBest = v;
            bestNet = id;
          }
        }
      }
    }
    const diversity = len ? distinct / len : 0;
    const burst = len >= 3 && dayId;
    const cards = withCard >= 2;
    const share = ipBest / len;
    const onSite = bestNet >= 0 && share >= 0.5;
    const cardPass = ++this.mark;
    let burstBest = 0;
    let sharing = 0;
    let nets = 0;
    let instSum = 0;
    let human = 0;
    let humanK = 0;
    for (let j = from; j < to; j++) {
      const o = members[j]! * REC;
      if (burst) {
        const q = irec[o + 3]!;
        const p1 = this.dayBefore[q]!;
        const p2 = this.dayBefore2[q]!;
        const v = dayCount[q]! + (p1 >= 0 ? dayCount[p1]! : 0) + (p2 >= 0 ? dayCount[p2]! : 0);
        if (v > burstBest) burstBest = v;
      }
      if (cards) {
        const cd = irec[o + 1]!;
        if (cd >= 0 && cardCount[cd]! > 1) {
          sharing++;
          const nid = irec[o]!;
          if (netMark[nid] !== cardPass) {
            netMark[nid] = cardPass;
            nets++;
          }
        }
      }
      if (cl) {
        const k = irec[o + 4]!;
        if (k >= 0) clusterCount[k] = 0;
      }
      const g = irec[o + 2]!;
      if (g >= 0) orgCount[g] = 0;
      if (site) {
        let on = false;
        const to = irec[o + 6]!;
        for (let t = irec[o + 5]!; t < to; t++) {
          const id = ipIds[t]!;
          if (id === bestNet) on = true;
          tokCount[id] = 0;
        }
        instSum += rec[o + 4]!;
        if (onSite && on) {
          human += rec[o + 5]!;
          humanK++;
        }
      }
    }
    for (let j = from; j < to; j++) {
      const o = members[j]! * REC;
      if (dayId) dayCount[irec[o + 3]!] = 0;
      const cd = irec[o + 1]!;
      if (cd >= 0) cardCount[cd] = 0;
    }
    const tightness = !cl || len === 0 ? 0 : clusterBest / len;
    const creation = len < 3 ? 0 : dayId ? burstBest / len : this.creationBurstSorted(members, from, to);
    const cardReuse = cards && sharing > 0 ? (sharing / withCard) * (nets / sharing) : 0;
    let siteHuman = 0;
    if (site) {
      const institution = instSum / len;
      if (bestNet < 0) siteHuman = Math.max(institution, this.sharedPrimarySite(members, from, to));
      else if (share < 0.5) siteHuman = institution;
      else siteHuman = Math.max(institution, share * (humanK ? human / humanK : 0));
    }
    const v = this.sig;
    v[0] = sizeSignal(len);
    v[1] = tightness;
    v[2] = len ? young / len : 0;
    v[3] = creation;
    v[4] = cardReuse;
    v[5] = churnK ? churnSum / churnK : 0;
    v[6] = len ? nh / len : 0;
    v[7] = len ? hv / len : 0;
    v[8] = intentLinked ? diversity : 0;
    v[9] = this.reworded(members, from, to, simLinked) * diversity;
    v[10] = len ? pool / len : 0;
    v[11] = len ? orgBest / len : 0;
    v[12] = siteHuman;
    this.div = diversity;
  }

  /** creationBurstSignal by sorting, for populations with fractional creation days. */
  private creationBurstSorted(members: Int32Array, from: number, to: number): number {
    const len = to - from;
    const days = this.days.subarray(0, len);
    for (let j = 0; j < len; j++) days[j] = this.createdDay[members[from + j]!]!;
    days.sort();
    let best = 0;
    let lo = 0;
    for (let hi = 0; hi < len; hi++) {
      while (days[hi]! - days[lo]! > 2) lo++;
      best = Math.max(best, hi - lo + 1);
    }
    return best / len;
  }

  private reworded(members: Int32Array, from: number, to: number, simLinked: boolean): number {
    const len = to - from;
    if (!simLinked || len < 2) return 0;
    const counts = this.tokCount;
    const off = this.tmplOff;
    const ids = this.tmplIds;
    for (let j = from; j < to; j++) {
      const i = members[j]!;
      for (let t = off[i]!; t < off[i + 1]!; t++) counts[ids[t]!]!++;
    }
    let exact = 0;
    for (let j = from; j < to; j++) {
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
    for (let j = from; j < to; j++) {
      const i = members[j]!;
      for (let t = off[i]!; t < off[i + 1]!; t++) counts[ids[t]!] = 0;
    }
    let rew = 0;
    for (let j = from; j < to; j++) rew += this.rew[members[j]!]!;
    return Math.max(1 - exact / len, rew / len);
  }

  private sharedPrimarySite(members: Int32Array, from: number, to: number): number {
    const len = to - from;
    const counts = this.netCount;
    let bestNet = -1;
    let best = 0;
    for (let j = from; j < to; j++) {
      const nid = this.net[members[j]!]!;
      const v = ++counts[nid]!;
      if (v > best) {
        best = v;
        bestNet = nid;
      }
    }
    for (let j = from; j < to; j++) counts[this.net[members[j]!]!] = 0;
    const share = best / len;
    if (share < 0.5 || bestNet < 0 || this.netIsZero[bestNet] === 1) return 0;
    let human = 0;
    let k = 0;
    for (let j = from; j < to; j++) {
      const i = members[j]!;
      if (this.net[i] !== bestNet) continue;
      human += this.human[i]!;
      k++;
    }
    return share * (k ? human / k : 0);
  }
}
