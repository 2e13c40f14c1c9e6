import type { Tier } from '@lockstep/contracts';
import { GROUPS, type Group, type Label } from './account';

/** One row of the labels CSV: `account_id,label,group,tier,first_ts`. */
export interface LabelRow {
  account_id: string;
  label: Label;
  group: string;
  tier: Tier;
  /** The account's first event time (ms). */
  first_ts: number;
}

export const LABELS_HEADER = 'account_id,label,group,tier,first_ts';

export function labelsToCsv(rows: Iterable<LabelRow>): string {
  const lines = [LABELS_HEADER];
  for (const r of rows) lines.push(`${r.account_id},${r.label},${r.group},${r.tier},${r.first_ts}`);
  return lines.join('\n') + '\n';
}

/** Parses a labels CSV (ours or the shared sample's). Throws naming the line on a bad row. */
export function parseLabelsCsv(text: string): LabelRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) return [];
  const header = lines[0]!.split(',').map((s) => s.trim());
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`labels CSV has no '${name}' column`);
    return i;
  };
  const [ia, il, ig, it, iF] = [col('account_id'), col('label'), col('group'), col('tier'), col('first_ts')];
  return lines.slice(1).map((line, n) => {
    const f = line.split(',');
    const label = f[il];
    if (label !== 'benign' && label !== 'campaign') throw new Error(`labels CSV line ${n + 2}: label must be benign or campaign`);
    return { account_id: f[ia]!, label, group: f[ig]!, tier: f[it] as Tier, first_ts: Number(f[iF]) };
  });
}

export function isKnownGroup(g: string): g is Group {
  return (GROUPS as readonly string[]).includes(g);
}
