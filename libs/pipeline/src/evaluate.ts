import { isFlagged } from '@lockstep/contracts';
import type { ActionChange } from './pipeline';

export interface LabelRow {
  account_id: string;
  label: 'benign' | 'campaign';
  group: string;
  tier: string;
  first_ts: number;
}

export interface GroupMetrics {
  group: string;
  label: 'benign' | 'campaign';
  accounts: number;
  flagged: number;
  /** Recall for campaign groups, false-positive rate for benign ones. */
  rate: number;
  medianTimeToFlagMs: number | null;
}

export interface Evaluation {
  accounts: number;
  campaignAccounts: number;
  benignAccounts: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  benignFpr: number;
  medianTimeToFlagMs: number | null;
  groups: GroupMetrics[];
  enterpriseVerifiedSuspended: number;
  enterpriseSuspended: number;
  /** Flagged accounts absent from the labels (ignored by the metrics). */
  unlabeledFlagged: number;
}

export interface EvaluateOptions {
  /** Verified flag per account when known (replay knows it from the events). */
  verifiedOf?: (accountId: string) => boolean | undefined;
}

/** Parses the labels CSV of the shared datasets: account_id,label,group,tier,first_ts. */
export function parseLabels(csv: string): LabelRow[] {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim().length > 0);
  if (lines.length === 0) return [];
  const head = lines[0]!.split(',').map((h) => h.trim());
  const col = (name: string) => {
    const i = head.indexOf(name);
    if (i < 0) throw new Error(`labels CSV has no '${name}' column`);
    return i;
  };
  const [ia, il, ig, it, if_] = [col('account_id'), col('label'), col('group'), col('tier'), col('first_ts')];
  return lines.slice(1).map((l) => {
    const c = l.split(',');
    const label = c[il]!.trim();
    if (label !== 'benign' && label !== 'campaign') throw new Error(`labels CSV: bad label '${label}'`);
    return { account_id: c[ia]!.trim(), label, group: c[ig]!.trim(), tier: c[it]!.trim(), first_ts: Number(c[if_]) };
  });
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Scores replay output against labels. An account counts as flagged when any of its changes reached
 * throttle or stronger; precision and recall are over accounts.
 */
export function evaluate(changes: readonly ActionChange[], labelsCsv: string, opts: EvaluateOptions = {}): Evaluation {
  const labels = parseLabels(labelsCsv);
  const firstFlag = new Map<string, number>();
  const suspended = new Set<string>();
  for (const c of changes) {
    if (isFlagged(c.action) && !firstFlag.has(c.account_id)) firstFlag.set(c.account_id, c.event_ts);
    if (c.action === 'suspend') suspended.add(c.account_id);
  }
  const known = new Set(labels.map((l) => l.account_id));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let entSusp = 0;
  let entVerSusp = 0;
  const ttf: number[] = [];
  const byGroup = new Map<string, { label: 'benign' | 'campaign'; n: number; flagged: number; ttf: number[] }>();
  for (const l of labels) {
    let g = byGroup.get(l.group);
    if (!g) byGroup.set(l.group, (g = { label: l.label, n: 0, flagged: 0, ttf: [] }));
    g.n++;
    const at = firstFlag.get(l.account_id);
    if (at !== undefined) {
      g.flagged++;
      if (l.label === 'campaign') {
        tp++;
        const d = Math.max(0, at - l.first_ts);
        ttf.push(d);
        g.ttf.push(d);
      } else fp++;
    } else if (l.label === 'campaign') fn++;
    if (l.tier === 'enterprise' && suspended.has(l.account_id)) {
      entSusp++;
      if (opts.verifiedOf?.(l.account_id) !== false) entVerSusp++;
    }
  }
  const campaignAccounts = labels.filter((l) => l.label === 'campaign').length;
  const benignAccounts = labels.length - campaignAccounts;
  const groups: GroupMetrics[] = [...byGroup.entries()]
    .map(([group, g]) => ({ group, label: g.label, accounts: g.n, flagged: g.flagged, rate: g.n ? g.flagged / g.n : 0, medianTimeToFlagMs: median(g.ttf) }))
    .sort((a, b) => (a.label === b.label ? b.accounts - a.accounts : a.label === 'campaign' ? -1 : 1));
  return {
    accounts: labels.length,
    campaignAccounts,
    benignAccounts,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision: tp + fp ? tp / (tp + fp) : 1,
    recall: campaignAccounts ? tp / campaignAccounts : 1,
    benignFpr: benignAccounts ? fp / benignAccounts : 0,
    medianTimeToFlagMs: median(ttf),
    groups,
    enterpriseVerifiedSuspended: entVerSusp,
    enterpriseSuspended: entSusp,
    unlabeledFlagged: [...firstFlag.keys()].filter((a) => !known.has(a)).length,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const dur = (ms: number | null) => (ms === null ? 'n/a' : ms < 60_000 ? `${(ms / 1000).toFixed(0)} s` : ms < 7_200_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 3_600_000).toFixed(2)} h`);

/** The evaluation as a plain-text report (what `lockstep replay --labels` prints). */
export function formatEvaluation(e: Evaluation): string {
  const lines = [
    `accounts labelled: ${e.accounts} (campaign ${e.campaignAccounts}, benign ${e.benignAccounts})`,
    `precision:         ${e.precision.toFixed(4)}  (TP ${e.truePositives}, FP ${e.falsePositives})`,
    `recall:            ${e.recall.toFixed(4)}  (FN ${e.falseNegatives})`,
    `benign FPR:        ${pct(e.benignFpr)}`,
    `median time-to-flag: ${dur(e.medianTimeToFlagMs)}`,
    `enterprise verified suspended: ${e.enterpriseVerifiedSuspended} (enterprise suspended: ${e.enterpriseSuspended})`,
    '',
    'group                 label     accounts  flagged  recall/FPR  median time-to-flag',
  ];
  for (const g of e.groups) {
    lines.push(
      `${g.group.padEnd(22)}${g.label.padEnd(10)}${String(g.accounts).padStart(8)} ${String(g.flagged).padStart(8)}  ${pct(g.rate).padStart(10)}  ${g.label === 'campaign' ? dur(g.medianTimeToFlagMs) : ''}`,
    );
  }
  if (e.unlabeledFlagged) lines.push('', `flagged but unlabelled: ${e.unlabeledFlagged}`);
  return lines.join('\n');
}
