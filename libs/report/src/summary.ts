import { isFlagged, severity, type ActionName } from '@lockstep/contracts';

/** What the scenario knows about an account (ground truth). */
export interface TruthAccount {
  account_id: string;
  label: 'benign' | 'campaign';
  group: string;
  tier: string;
  verified?: boolean;
  /** Campaign instance id for campaign accounts (e.g. "hydra-1"). */
  campaign?: string;
  /** Benign unit (org, cohort, team), if any. */
  unit?: string;
  newHead?: boolean;
  /** First event time (ms). */
  first_ts: number;
  /** The account's events up to and including the one that first flagged it (if the caller counted). */
  eventsToFlag?: number;
}

/** One change of an account's action, as replay emits it. */
export interface ActionChange {
  account_id: string;
  action: ActionName;
  event_ts: number;
  score: number;
  campaign_id: string | null;
  reasons: string[];
}

export interface GroupRow {
  group: string;
  label: 'benign' | 'campaign';
  accounts: number;
  flagged: number;
  /** Recall for campaign groups, false-positive rate for benign groups. */
  share: number;
  medianTimeToFlagMs: number | null;
}

export interface TruthCampaignRow {
  id: string;
  group: string;
  size: number;
  flagged: number;
  recall: number;
  found: boolean;
  medianTimeToFlagMs: number | null;
  /** Detector campaign ids that hold its flagged members. */
  detectedAs: string[];
  newHeads: number;
  newHeadsFlagged: number;
  /** New heads flagged by their 10th event (known only when the caller counted events). */
  newHeadsFlaggedWithin10: number | null;
}

export interface DetectedCampaign {
  campaign_id: string;
  size: number;
  score: number;
  firstFlagTs: number;
  /** Truth groups of its members, largest first: [group, count]. */
  composition: Array<[string, number]>;
  /** The most frequent reasons among its members, most common first. */
  evidence: string[];
}

export interface FalsePositive {
  account_id: string;
  group: string;
  unit?: string;
  tier: string;
  verified: boolean;
  action: ActionName;
  score: number;
  campaign_id: string | null;
  flaggedTs: number;
  reasons: string[];
  explanation: string;
}

export interface RunSummary {
  accounts: number;
  campaignAccounts: number;
  benignAccounts: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  falsePositiveRate: number;
  medianTimeToFlagMs: number | null;
  enterpriseFalsePositives: number;
  groups: GroupRow[];
  campaigns: TruthCampaignRow[];
  detected: DetectedCampaign[];
  falsePositives: FalsePositive[];
}

/** Why each benign population can look coordinated, for explaining false positives. */
export const LOOK_ALIKE_WHY: Record<string, string> = {
  casual: 'consumer on a carrier CGNAT pool or VPN: IP churn and the official client prompt are shared by millions',
  developer: 'developer reusing their own templates from home, office and CI networks',
  power_user: 'independent heavy user: CoT-heavy, long outputs, but own card, own prompts, human sessions',
  agent_tool_user: 'uses a popular open-source agent whose system prompt and tool templates everyone shares',
  enterprise_seat: 'verified enterprise seat: org card, office NAT and internal templates are shared by design',
  enterprise_batch: 'verified enterprise batch job: machine timing and one template are expected of a service account',
  small_team: 'small business: colleagues share one card and one office line',
  student: 'student cohort: created together on the campus network, pasting the same homework',
  researcher: 'researcher running a public benchmark: identical prompts and machine pace, same as every other lab',
  wrapper_app: 'app serving many end users from cloud servers: high volume, datacenter IPs',
};

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

interface AccountOutcome {
  firstFlag?: ActionChange;
  strongest?: ActionChange;
  campaigns: Set<string>;
}

/**
 * Scores a run against ground truth. An account counts as flagged when any of its actions
 * reached throttle or stronger; precision and recall are over accounts; time to flag runs
 * from the account's first event to the event that caused its first flagging action.
 */
export interface SummarizeOptions {
  topFalsePositives?: number;
  /** Evidence lines for a detected campaign (e.g. from the detector's campaign table). */
  evidenceOf?: (campaignId: string) => string[] | undefined;
}

export function summarizeRun(truth: readonly TruthAccount[], changes: readonly ActionChange[], opts: SummarizeOptions = {}): RunSummary {
  const topFalsePositives = opts.topFalsePositives ?? 10;
  const outcome = new Map<string, AccountOutcome>();
  for (const c of changes) {
    let o = outcome.get(c.account_id);
    if (!o) outcome.set(c.account_id, (o = { campaigns: new Set() }));
    if (isFlagged(c.action)) {
      if (!o.firstFlag || c.event_ts < o.firstFlag.event_ts) o.firstFlag = c;
      if (c.campaign_id) o.campaigns.add(c.campaign_id);
    }
    if (!o.strongest || severity(c.action) > severity(o.strongest.action) || (c.action === o.strongest.action && c.score > o.strongest.score)) o.strongest = c;
  }
  const byId = new Map(truth.map((t) => [t.account_id, t]));
  const flaggedTs = (t: TruthAccount) => outcome.get(t.account_id)?.firstFlag?.event_ts;
  const ttf = (t: TruthAccount) => {
    const f = flaggedTs(t);
    return f === undefined ? undefined : Math.max(0, f - t.first_ts);
  };

  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  const ttfs: number[] = [];
  const groups = new Map<string, { label: 'benign' | 'campaign'; accounts: number; flagged: number; ttf: number[] }>();
  const camps = new Map<string, { group: string; members: TruthAccount[] }>();
  for (const t of truth) {
    const flagged = flaggedTs(t) !== undefined;
    const g = groups.get(t.group) ?? { label: t.label, accounts: 0, flagged: 0, ttf: [] };
    groups.set(t.group, g);
    g.accounts++;
    if (flagged) {
      g.flagged++;
      if (t.label === 'campaign') g.ttf.push(ttf(t)!);
    }
    if (t.label === 'campaign') {
      if (flagged) {
        tp++;
        ttfs.push(ttf(t)!);
      } else fn++;
      const id = t.campaign ?? t.group;
      const c = camps.get(id) ?? { group: t.group, members: [] };
      c.members.push(t);
      camps.set(id, c);
    } else if (flagged) fp++;
    else tn++;
  }

  const campaigns: TruthCampaignRow[] = [...camps.entries()]
    .map(([id, c]) => {
      const flagged = c.members.filter((m) => flaggedTs(m) !== undefined);
      const detectedAs = new Set<string>();
      for (const m of flagged) for (const d of outcome.get(m.account_id)!.campaigns) detectedAs.add(d);
      const heads = c.members.filter((m) => m.newHead);
      return {
        id,
        group: c.group,
        size: c.members.length,
        flagged: flagged.length,
        recall: flagged.length / c.members.length,
        found: flagged.length / c.members.length >= 0.5,
        medianTimeToFlagMs: median(flagged.map((m) => ttf(m)!)),
        detectedAs: [...detectedAs].sort(),
        newHeads: heads.length,
        newHeadsFlagged: heads.filter((m) => flaggedTs(m) !== undefined).length,
        newHeadsFlaggedWithin10: heads.some((m) => m.eventsToFlag !== undefined) ? heads.filter((m) => flaggedTs(m) !== undefined && (m.eventsToFlag ?? Infinity) <= 10).length : null,
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id, undefined, { numeric: true }));

  const detected = detectCampaigns(changes, byId, opts.evidenceOf);

  const fps: FalsePositive[] = truth
    .filter((t) => t.label === 'benign' && flaggedTs(t) !== undefined)
    .map((t) => {
      const o = outcome.get(t.account_id)!;
      const s = o.strongest!;
      return {
        account_id: t.account_id,
        group: t.group,
        ...(t.unit ? { unit: t.unit } : {}),
        tier: t.tier,
        verified: t.verified ?? false,
        action: s.action,
        score: s.score,
        campaign_id: s.campaign_id,
        flaggedTs: o.firstFlag!.event_ts,
        reasons: s.reasons,
        explanation: explain(t, s),
      };
    })
    .sort((a, b) => severity(b.action) - severity(a.action) || b.score - a.score || a.account_id.localeCompare(b.account_id));

  const groupRows: GroupRow[] = [...groups.entries()]
    .map(([group, g]) => ({ group, label: g.label, accounts: g.accounts, flagged: g.flagged, share: g.accounts ? g.flagged / g.accounts : 0, medianTimeToFlagMs: median(g.ttf) }))
    .sort((a, b) => (a.label === b.label ? a.group.localeCompare(b.group) : a.label === 'campaign' ? -1 : 1));

  return {
    accounts: truth.length,
    campaignAccounts: tp + fn,
    benignAccounts: fp + tn,
    tp,
    fp,
    fn,
    tn,
    precision: tp + fp ? tp / (tp + fp) : 1,
    recall: tp + fn ? tp / (tp + fn) : 1,
    falsePositiveRate: fp + tn ? fp / (fp + tn) : 0,
    medianTimeToFlagMs: median(ttfs),
    enterpriseFalsePositives: fps.filter((f) => f.tier === 'enterprise').length,
    groups: groupRows,
    campaigns,
    detected,
    falsePositives: fps.slice(0, topFalsePositives),
  };
}

function detectCampaigns(changes: readonly ActionChange[], truth: Map<string, TruthAccount>, evidenceOf?: (id: string) => string[] | undefined): DetectedCampaign[] {
  const by = new Map<string, { members: Set<string>; score: number; first: number; reasons: Map<string, number> }>();
  for (const c of changes) {
    if (!c.campaign_id || !isFlagged(c.action)) continue;
    let d = by.get(c.campaign_id);
    if (!d) by.set(c.campaign_id, (d = { members: new Set(), score: 0, first: c.event_ts, reasons: new Map() }));
    d.members.add(c.account_id);
    d.score = Math.max(d.score, c.score);
    d.first = Math.min(d.first, c.event_ts);
    for (const r of c.reasons) d.reasons.set(r, (d.reasons.get(r) ?? 0) + 1);
  }
  return [...by.entries()]
    .map(([campaign_id, d]) => {
      const comp = new Map<string, number>();
      for (const m of d.members) {
        const g = truth.get(m)?.group ?? 'unknown';
        comp.set(g, (comp.get(g) ?? 0) + 1);
      }
      return {
        campaign_id,
        size: d.members.size,
        score: d.score,
        firstFlagTs: d.first,
        composition: [...comp.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
        evidence: evidenceOf?.(campaign_id) ?? [...d.reasons.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 4).map(([r]) => r),
      };
    })
    .sort((a, b) => b.size - a.size || a.campaign_id.localeCompare(b.campaign_id));
}

function explain(t: TruthAccount, s: ActionChange): string {
  const why = LOOK_ALIKE_WHY[t.group] ?? `benign ${t.group} account`;
  const what = s.reasons.length ? s.reasons.slice(0, 3).join('; ') : 'no reasons given';
  const link = s.campaign_id ? ` linked into ${s.campaign_id}` : '';
  return `${s.action} (score ${s.score.toFixed(2)})${link} because ${what}; truth: ${why}${t.unit ? ` [${t.unit}]` : ''}.`;
}
