import { duration, isoMinute, pct } from './format';
import type { RunSummary, TruthCampaignRow } from './summary';

export function newHeadsCell(c: TruthCampaignRow): string {
  if (!c.newHeads) return '-';
  const within = c.newHeadsFlaggedWithin10 === null ? '' : `, ${c.newHeadsFlaggedWithin10} by 10th event`;
  return `${c.newHeadsFlagged}/${c.newHeads} flagged${within}`;
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

function table(header: string[], rows: string[][]): string {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(w[i]!)).join('  ').trimEnd();
  return [line(header), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n');
}

/** The end-of-run report for a terminal: campaigns, precision/recall, time to flag, false positives. */
export function renderTextReport(s: RunSummary, opts: { maxCampaigns?: number; maxFalsePositives?: number } = {}): string {
  const out: string[] = [];
  const found = s.campaigns.filter((c) => c.found).length;
  out.push(`Campaigns found by the detector (${s.detected.length}):`);
  const shown = s.detected.slice(0, opts.maxCampaigns ?? 15);
  out.push(
    table(
      ['campaign', 'size', 'score', 'first flag', 'members (true group)', 'evidence'],
      shown.map((d) => [d.campaign_id, String(d.size), d.score.toFixed(2), isoMinute(d.firstFlagTs).slice(5), d.composition.map(([g, n]) => `${g} ${n}`).join(', '), clip(d.evidence.slice(0, 4).map((e) => e.split(' (')[0]!).join('; '), 100)]),
    ),
  );
  if (s.detected.length > shown.length) out.push(`... and ${s.detected.length - shown.length} more`);
  out.push('');
  out.push(`Scenario campaigns: ${found}/${s.campaigns.length} found (>= 50% of members flagged)`);
  out.push(
    table(
      ['campaign', 'family', 'size', 'flagged', 'recall', 'median TTF', 'new heads'],
      s.campaigns.map((c) => [c.id, c.group, String(c.size), String(c.flagged), pct(c.recall), duration(c.medianTimeToFlagMs), newHeadsCell(c)]),
    ),
  );
  out.push('');
  out.push(`Precision ${s.precision.toFixed(4)}  recall ${s.recall.toFixed(4)}  benign FP rate ${pct(s.falsePositiveRate, 3)}  (TP ${s.tp}, FP ${s.fp}, FN ${s.fn}, TN ${s.tn})`);
  out.push(`Median time to flag ${duration(s.medianTimeToFlagMs)}  enterprise false positives ${s.enterpriseFalsePositives}`);
  const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
  out.push(
    `Targets: every campaign found ${mark(found === s.campaigns.length)} (${found}/${s.campaigns.length}); ` +
      `no enterprise account among the false positives ${mark(s.enterpriseFalsePositives === 0)}; ` +
      `precision >= 0.99 ${mark(s.precision >= 0.99)}; recall >= 0.95 ${mark(s.recall >= 0.95)}`,
  );
  out.push(
    table(
      ['group', 'label', 'accounts', 'flagged', 'recall/FP', 'median TTF'],
      s.groups.map((g) => [g.group, g.label, String(g.accounts), String(g.flagged), g.label === 'campaign' ? pct(g.share) : `FP ${pct(g.share, 2)}`, g.label === 'campaign' ? duration(g.medianTimeToFlagMs) : '']),
    ),
  );
  out.push('');
  const fps = s.falsePositives.slice(0, opts.maxFalsePositives ?? 5);
  if (fps.length === 0) out.push('Top false positives: none (no benign account reached throttle).');
  else {
    out.push(`Top false positives (${s.fp} in all):`);
    for (const f of fps) out.push(`  ${f.account_id} [${f.group}, ${f.tier}${f.verified ? ', verified' : ''}]: ${f.explanation}`);
  }
  return out.join('\n');
}
