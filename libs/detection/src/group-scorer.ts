import { S, type PackedPopulation } from './population';
import { groupScoreFrom, SIGNAL_WEIGHTS, sizeSignal, YOUNG_DAYS, type GroupScore } from './evidence';
import { IntIds } from './int-ids';

/** ip24 tokens have kind index 4; templates kind 0. */
const IP24_KIND = 4;
const TMPL_KIND = 0;
const r3 = (x: number) => Math.round(x * 1000) / 1000;
/** Width of an account's record in GroupScorer.rec / irec. */
const REC = 9;
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
  private netIsZero = new Uint8Array(0);
  private tmplOff = new Uint32Array(0);
  /**
   * Template and /24 tokens as ranks among the tokens of their kind (in local id order, so ranks
   * compare as the ids do): the counters they index are a fraction of the size of all tokens'.
   */
  private tmplIds = new Int32Array(0);
  private ipIds = new Int32Array(0);
  private kindRank = new Int32Array(0);
  /** The run's kind index of each local token id. */
  private kindOf: Uint8Array = new Uint8Array(0);
  private readonly rankedCounts = new Int32Array(2);
  // Scratch counters, all zero between calls.
  private clusterCount = new Int32Array(0);
  private cardCount = new Int32Array(0);
  private netCount = new Int32Array(0);
  /** Stamped with `mark` (never reset: marks only grow, across runs too). */
  private netMark = new Int32Array(0);
  private orgCount = new Int32Array(0);
  /**
   * Per template / per /24 rank, a [stamp, count] pair: a count is valid while its stamp is the
   * current pass (`mark`), so counts need no clearing pass (a group's members hold ~6 /24s each).
   */
  private tmplTally = new Int32Array(0);
  private ipTally = new Int32Array(0);
  private days = new Float64Array(0);
  /**
   * Whether every creation day is a whole number: then each account's day has a dense id (in its
   * record), with the ids of the two days before each day (-1 = no account created then), and per-id
   * counts (zero between calls).
   */
  private wholeDays = false;
  private dayBefore = new Int32Array(0);
  private dayBefore2 = new Int32Array(0);
  private dayCount = new Int32Array(0);
  /** The distinct day and card ids of the group being scored (any group fits: sized to the population). */
  private dayList = new Int32Array(0);
  private cardList = new Int32Array(0);
  private mark = 0;
  /**
   * What signals() reads of each account, in one record per account (a group's members are scattered
   * over the population: one or two cache lines per member instead of one per field).
   * rec: churn, nonHuman, harvest, pool, inst, human, young, reworded, identical; irec: net, card, org, day id,
   * cluster, ip tokens from, to. (Each value is read from here only: no per-field copies to keep apart.)
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
    // Each pass is its own method: V8 optimizes (and, when a pass first meets a new case,
    // deoptimizes and recompiles) them one by one instead of all of reset each time.
    this.p = p;
    this.cluster = cluster;
    this.kindOf = kindIx;
    const n = p.n;
    if (this.rec.length < n * REC) this.grow(n);
    this.cardIds.clear();
    this.netIds.clear();
    this.dayIds.clear();
    this.dayOf.length = 0;
    this.netZero.length = 0;
    const wholeDays = this.layoutAccounts(p, cluster);
    const netZero = this.netZero;
    if (this.netIsZero.length < netZero.length) this.netIsZero = new Uint8Array(Math.max(netZero.length, this.netIsZero.length * 2));
    for (let q = 0; q < netZero.length; q++) this.netIsZero[q] = netZero[q]!;
    // Each account's template and /24 tokens, in token order (CSR); room for every token occurrence
    // saves counting them first.
    const occ = p.tokIds.length;
    if (this.tmplIds.length < occ) {
      this.tmplIds = new Int32Array(Math.max(occ, Math.ceil(this.tmplIds.length * 1.5)));
      this.ipIds = new Int32Array(this.tmplIds.length);
    }
    const m = p.tokKeys.length;
    if (this.kindRank.length < m) this.kindRank = new Int32Array(Math.max(m, Math.ceil(this.kindRank.length * 1.5)));
    const ranked = rankKinds(kindIx, m, this.kindRank, this.rankedCounts);
    splitTokens(n, p.tokOff, p.tokIds, kindIx, this.kindRank, this.tmplOff, this.tmplIds, this.ipIds, this.irec);
    const maxCluster = cluster ? maxOf(cluster, cluster.length) : -1;
    const maxOrg = maxOf(p.org, n);
    // Counters are zero between calls, so a big-enough one carries over; a grown one starts zeroed.
    if (this.clusterCount.length < maxCluster + 1) this.clusterCount = new Int32Array(Math.max(maxCluster + 1, 32));
    const cardIds = this.cardIds;
    const netIds = this.netIds;
    if (this.cardCount.length < cardIds.size) this.cardCount = new Int32Array(Math.max(cardIds.size, this.cardCount.length * 2));
    if (this.netCount.length < netIds.size) {
      const cap = Math.max(netIds.size, this.netCount.length * 2);
      this.netCount = new Int32Array(cap);
      const mark = new Int32Array(cap);
      mark.set(this.netMark);
      this.netMark = mark;
    }
    if (this.orgCount.length < maxOrg + 1) this.orgCount = new Int32Array(Math.max(maxOrg + 1, this.orgCount.length * 2));
    const tmplTokens = ranked[0]!;
    const ipTokens = ranked[1]!;
    if (this.tmplTally.length < 2 * tmplTokens) this.tmplTally = new Int32Array(2 * Math.max(tmplTokens, this.tmplTally.length));
    if (this.ipTally.length < 2 * ipTokens) this.ipTally = new Int32Array(2 * Math.max(ipTokens, this.ipTally.length));
    this.wholeDays = wholeDays;
    const nd = this.dayOf.length;
    if (this.dayCount.length < nd) {
      const cap = Math.max(nd, this.dayCount.length * 2, 64);
      this.dayBefore = new Int32Array(cap);
      this.dayBefore2 = new Int32Array(cap);
      this.dayCount = new Int32Array(cap);
    }
    if (wholeDays) linkDays(this.dayIds, this.dayOf, this.dayBefore, this.dayBefore2);
  }

  /** Makes room for n accounts in the per-account arrays. */
  private grow(n: number): void {
    const cap = Math.max(n, Math.ceil((this.rec.length / REC) * 1.5));
    this.rec = new Float64Array(cap * REC);
    this.irec = new Int32Array(cap * REC);
    this.dayList = new Int32Array(cap);
    this.cardList = new Int32Array(cap);
    this.days = new Float64Array(cap);
    this.tmplOff = new Uint32Array(cap + 1);
  }

  /**
   * Each account's record (rec, irec but its token ranges), dense card, network and day ids; returns
   * whether every creation day is a whole number (else day ids are not used).
   */
  private layoutAccounts(p: PackedPopulation, cluster: Int32Array | null): boolean {
    const n = p.n;
    const sc = p.scalars;
    const w = S.width;
    const rec = this.rec;
    const irec = this.irec;
    const org = p.org;
    const cardIds = this.cardIds;
    const netIds = this.netIds;
    const dayIds = this.dayIds;
    const dayOf = this.dayOf;
    const netZero = this.netZero;
    let wholeDays = true;
    for (let i = 0; i < n; i++) {
      const o = i * w;
      const r = i * REC;
      const day = sc[o + S.createdDay]!;
      let q = 0;
      if (wholeDays) {
        if (Number.isInteger(day) && Math.abs(day) < 2 ** 52) {
          const before = dayIds.size;
          q = dayIds.idOf(day);
          if (q === before) dayOf.push(day);
        } else wholeDays = false;
      }
      const c = sc[o + S.card]!;
      const cid = c === 0 ? -1 : cardIds.idOf(c);
      const net = sc[o + S.primaryNet]!;
      const before = netIds.size;
      const nid = netIds.idOf(net);
      if (nid === before) netZero.push(net === 0 ? 1 : 0);
      const churn = sc[o + S.churn]!;
      const nh = sc[o + S.nonHuman]!;
      // The per-member terms of harvestedPoolSignal, institutionalHumanShare and the site signals,
      // written exactly as evidence.ts writes them.
      const human = (1 - nh) * (1 - Math.max(0, churn));
      rec[r] = churn;
      rec[r + 1] = nh;
      rec[r + 2] = sc[o + S.harvest]!;
      rec[r + 3] = sc[o + S.sharedHarvest]! * Math.max(sc[o + S.sharedHours]!, sc[o + S.sharedReworded]!);
      rec[r + 4] = Math.min(1, sc[o + S.institutional]!) * (1 - nh) * (1 - Math.max(0, churn));
      rec[r + 5] = human;
      rec[r + 6] = sc[o + S.ageFirstDays]! < YOUNG_DAYS ? 1 : 0;
      rec[r + 7] = sc[o + S.sharedReworded]!;
      rec[r + 8] = sc[o + S.sharedIdentical]!;
      irec[r] = nid;
      irec[r + 1] = cid;
      irec[r + 2] = org[i]!;
      irec[r + 3] = q;
      irec[r + 4] = cluster ? cluster[i]! : -1;
    }
    return wholeDays;
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
   * signals are gathered in two passes over the members (counts, then what reads complete counts
   * and resetting them), and over the group's distinct days and cards; every mean is summed in member
   * order as evidence.ts sums it.
   * `heldByAll`: a token (local id) every member holds, when known (-1 = none).
   */
  score(members: Int32Array, intentLinked: boolean, simLinked: boolean, from = 0, to = members.length, heldByAll = -1): number {
    // Only the intent and reworded-intent signals read the network diversity.
    this.signals(members, from, to, intentLinked, heldByAll, intentLinked || simLinked);
    if (simLinked) this.rewordedSignal(members, from, to);
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
    this.signals(members, 0, members.length, intentLinked, -1, true);
    if (simLinked) this.rewordedSignal(members, 0, members.length);
    return groupScoreFrom(this.sig, members.length, this.div);
  }

  /**
   * Fills `sig` (but the reworded-intent signal, left 0) and `div` with the group's signal values;
   * without `countNets`, div (the distinct networks' share) is left 0: nearly half the members scored
   * are in groups nothing reads it of (not intent-linked, no explanation asked).
   */
  private signals(members: Int32Array, from: number, to: number, intentLinked: boolean, heldByAll: number, countNets: boolean): void {
    const len = to - from;
    const cl = this.cluster;
    const rec = this.rec;
    const irec = this.irec;
    const netMark = this.netMark;
    const cardCount = this.cardCount;
    const clusterCount = this.clusterCount;
    const orgCount = this.orgCount;
    const wholeDays = this.wholeDays;
    const dayCount = this.dayCount;
    const ipIds = this.ipIds;
    const ipTally = this.ipTally;
    const dayList = this.dayList;
    let days = 0;
    const cardList = this.cardList;
    let cards = 0;
    const site = len >= 2;
    // A /24 every member holds is held the most: no need to count them all.
    const commonIp = site && heldByAll >= 0 && this.kindOf[heldByAll] === IP24_KIND ? this.kindRank[heldByAll]! : -1;
    const tallyIps = site && commonIp < 0;
    // Marks only grow (netMark and the tallies are stamped, never cleared): start over long before they overflow.
    if (this.mark > 0x3fffffff) {
      this.netMark.fill(0);
      this.ipTally.fill(0);
      this.tmplTally.fill(0);
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
      if (countNets && netMark[nid] !== netPass) {
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
      if (wholeDays) {
        const q = irec[o + 3]!;
        if (dayCount[q]!++ === 0) dayList[days++] = q;
      }
      const cd = irec[o + 1]!;
      if (cd >= 0) {
        withCard++;
        cardList[cards] = cd;
        cards += cardCount[cd]!++ === 0 ? 1 : 0;
      }
      const g = irec[o + 2]!;
      if (g >= 0) {
        const v = ++orgCount[g]!;
        if (v > orgBest) orgBest = v;
      }
      if (tallyIps) {
        const to = irec[o + 6]!;
        for (let t = irec[o + 5]!; t < to; t++) {
          const id = ipIds[t]!;
          const x = id * 2;
          let v = 1;
          if (ipTally[x] !== netPass) {
            ipTally[x] = netPass;
            ipTally[x + 1] = 1;
          } else v = ++ipTally[x + 1]!;
          if (v > ipBest || (v === ipBest && id < bestNet)) {
            ipBest = v;
            bestNet = id;
          }
        }
      }
    }
    if (commonIp >= 0) {
      // Which of the /24s every member holds is the lowest does not matter: all the members hold it.
      ipBest = len;
      bestNet = commonIp;
    }
    const diversity = len ? distinct / len : 0;
    const burst = len >= 3 && wholeDays;
    const cardsShared = withCard >= 2;
    const share = ipBest / len;
    const onSite = bestNet >= 0 && share >= 0.5;
    const cardPass = ++this.mark;
    let sharing = 0;
    let nets = 0;
    let instSum = 0;
    let human = 0;
    let humanK = 0;
    for (let j = from; j < to; j++) {
      const o = members[j]! * REC;
      if (cardsShared) {
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
        instSum += rec[o + 4]!;
        if (onSite && (commonIp >= 0 || holds(ipIds, irec[o + 5]!, irec[o + 6]!, bestNet))) {
          human += rec[o + 5]!;
          humanK++;
        }
      }
    }
    // Members share days and cards: the burst window and the clearing go over the group's distinct ones.
    const burstBest = burst ? busiestWindow(dayList, days, dayCount, this.dayBefore, this.dayBefore2) : 0;
    if (wholeDays) clearAt(dayCount, dayList, days);
    clearAt(cardCount, cardList, cards);
    const tightness = !cl || len === 0 ? 0 : clusterBest / len;
    const creation = len < 3 ? 0 : wholeDays ? burstBest / len : this.creationBurstSorted(members, from, to);
    const cardReuse = cardsShared && sharing > 0 ? (sharing / withCard) * (nets / sharing) : 0;
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
    v[9] = 0;
    v[10] = len ? pool / len : 0;
    v[11] = len ? orgBest / len : 0;
    v[12] = siteHuman;
    this.div = diversity;
  }

  /** creationBurstSignal by sorting, for populations with fractional creation days. */
  private creationBurstSorted(members: Int32Array, from: number, to: number): number {
    const len = to - from;
    const days = this.days.subarray(0, len);
    const sc = this.p.scalars;
    for (let j = 0; j < len; j++) days[j] = sc[members[from + j]! * S.width + S.createdDay]!;
    days.sort();
    let best = 0;
    let lo = 0;
    for (let hi = 0; hi < len; hi++) {
      while (days[hi]! - days[lo]! > 2) lo++;
      best = Math.max(best, hi - lo + 1);
    }
    return best / len;
  }

  /**
   * The reworded-intent signal of a sim-linked group (0 for the others, as signals() leaves it), apart
   * from signals(): scored first, the tokens of a run may all be of other kinds, and code that has not
   * run yet when signals() is optimized would deoptimize it (and recompile all of it) when it first runs.
   */
  private rewordedSignal(members: Int32Array, from: number, to: number): void {
    this.sig[9] = this.reworded(members, from, to) * this.div;
  }

  private reworded(members: Int32Array, from: number, to: number): number {
    const len = to - from;
    if (len < 2) return 0;
    const tally = this.tmplTally;
    const off = this.tmplOff;
    const ids = this.tmplIds;
    const rec = this.rec;
    const pass = ++this.mark;
    // The members' reworded shares are summed on the way, in member order (as evidence.ts sums them).
    let rew = 0;
    for (let j = from; j < to; j++) {
      const i = members[j]!;
      rew += rec[i * REC + 7]!;
      for (let t = off[i]!; t < off[i + 1]!; t++) {
        const x = ids[t]! * 2;
        if (tally[x] !== pass) {
          tally[x] = pass;
          tally[x + 1] = 1;
        } else tally[x + 1]!++;
      }
    }
    let exact = 0;
    for (let j = from; j < to; j++) {
      const i = members[j]!;
      const from = off[i]!;
      const to = off[i + 1]!;
      let shares = false;
      // Every template of a member was counted in this pass.
      for (let t = from; t < to; t++) {
        if (tally[ids[t]! * 2 + 1]! > 1) {
          shares = true;
          break;
        }
      }
      // Tested for every member: a test run only for some has no type feedback when this is first
      // optimized, and deoptimizes it when it first runs.
      const hasTemplate = to > from;
      exact += shares || !hasTemplate ? 1 : rec[i * REC + 8]!;
    }
    return Math.max(1 - exact / len, rew / len);
  }

  private sharedPrimarySite(members: Int32Array, from: number, to: number): number {
    const len = to - from;
    const counts = this.netCount;
    let bestNet = -1;
    let best = 0;
    const irec = this.irec;
    const rec = this.rec;
    for (let j = from; j < to; j++) {
      const nid = irec[members[j]! * REC]!;
      const v = ++counts[nid]!;
      if (v > best) {
        best = v;
        bestNet = nid;
      }
    }
    for (let j = from; j < to; j++) counts[irec[members[j]! * REC]!] = 0;
    const share = best / len;
    if (share < 0.5 || bestNet < 0 || this.netIsZero[bestNet] === 1) return 0;
    let human = 0;
    let k = 0;
    for (let j = from; j < to; j++) {
      const o = members[j]! * REC;
      if (irec[o] !== bestNet) continue;
      human += rec[o + 5]!;
      k++;
    }
    return share * (k ? human / k : 0);
  }
}

/** The most members created within one three-day window ending on one of the group's `nd` distinct days. */
function busiestWindow(dayList: Int32Array, nd: number, dayCount: Int32Array, before: Int32Array, before2: Int32Array): number {
  let best = 0;
  for (let x = 0; x < nd; x++) {
    const q = dayList[x]!;
    const p1 = before[q]!;
    const p2 = before2[q]!;
    const v = dayCount[q]! + (p1 >= 0 ? dayCount[p1]! : 0) + (p2 >= 0 ? dayCount[p2]! : 0);
    if (v > best) best = v;
  }
  return best;
}

/** Zeroes counts at the first `len` indexes listed in `at`. */
function clearAt(counts: Int32Array, at: Int32Array, len: number): void {
  for (let x = 0; x < len; x++) counts[at[x]!] = 0;
}

/** Whether ids[from .. to) holds id. */
function holds(ids: Int32Array, from: number, to: number, id: number): boolean {
  // Every entry is compared, no early return: inlined where the first entry always matched so far,
  // the loop's step would have no type feedback, and deoptimize signals() the first time it ran.
  let hits = 0;
  for (let t = from; t < to; t++) hits += ids[t] === id ? 1 : 0;
  return hits > 0;
}

/**
 * Each account's template tokens (tmplOff/tmplIds, CSR) and /24 tokens (ipIds, from and to in the
 * account's irec record), in token order, as their ranks among the tokens of their kind.
 */
function splitTokens(n: number, tokOff: Uint32Array, tokIds: Int32Array, kindIx: Uint8Array, rank: Int32Array, tmplOff: Uint32Array, tmplIds: Int32Array, ipIds: Int32Array, irec: Int32Array): void {
  let nt = 0;
  let ni = 0;
  for (let i = 0; i < n; i++) {
    tmplOff[i] = nt;
    irec[i * REC + 5] = ni;
    for (let t = tokOff[i]!, end = tokOff[i + 1]!; t < end; t++) {
      const id = tokIds[t]!;
      const k = kindIx[id]!;
      if (k === TMPL_KIND) tmplIds[nt++] = rank[id]!;
      else if (k === IP24_KIND) ipIds[ni++] = rank[id]!;
    }
    irec[i * REC + 6] = ni;
  }
  tmplOff[n] = nt;
}

/**
 * Each template and /24 token's rank among the m tokens of its kind, in id order; returns `counts`
 * holding how many templates and /24s there are.
 */
function rankKinds(kindIx: Uint8Array, m: number, rank: Int32Array, counts: Int32Array): Int32Array {
  let nt = 0;
  let ni = 0;
  for (let j = 0; j < m; j++) {
    const k = kindIx[j]!;
    if (k === TMPL_KIND) rank[j] = nt++;
    else if (k === IP24_KIND) rank[j] = ni++;
  }
  counts[0] = nt;
  counts[1] = ni;
  return counts;
}

/** Largest of the first len entries (-1 when none is larger). */
function maxOf(a: Int32Array, len: number): number {
  let max = -1;
  for (let i = 0; i < len; i++) if (a[i]! > max) max = a[i]!;
  return max;
}

/** The ids of the two days before each day (-1 when no account was created then). */
function linkDays(dayIds: IntIds, dayOf: number[], before: Int32Array, before2: Int32Array): void {
  for (let q = 0; q < dayOf.length; q++) {
    before[q] = dayIds.find(dayOf[q]! - 1);
    before2[q] = dayIds.find(dayOf[q]! - 2);
  }
}
