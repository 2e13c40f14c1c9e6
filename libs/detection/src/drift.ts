import { S, type AccountSummary } from './population';

/**
 * How far an evidence scalar may drift from what the last clustering run saw before the account
 * counts as changed. Signals are means over members rounded to 0.001, so a member drifting less
 * than this moves no signal by more than this; cached token scores stay within a small logit of a
 * rescore, and the drift is measured from the snapshot (cumulative), so it never goes unnoticed.
 */
export const DRIFT_EPS = 0.01;

/**
 * Scalar columns no campaign signal reads (evidence.ts): the event count and the diurnal profile
 * itself (signals read it through nonHuman), and template reuse. A new signal reading one of these
 * must take it off this list, or cached token scores would not see it move.
 */
const NOT_EVIDENCE = new Set<number>([S.n, S.humanness, S.humanConfidence, S.templateReuse]);
const EVIDENCE_COLUMNS = Array.from({ length: S.width }, (_, c) => c).filter((c) => !NOT_EVIDENCE.has(c));

const TEMPLATE_KEY_END = 4294967296;

/**
 * Whether an account's update can change what token scoring reads about it: a token another
 * account also holds (`holders`, after the update) came or went, it gained or lost its only
 * template, its org, behavioural cluster or verification changed, or an evidence scalar moved by
 * more than `eps` since the last snapshot. Unshared tokens link no one and are left out of snapshots.
 */
export function evidenceChanged(cur: AccountSummary, prev: AccountSummary, holders: Int32Array, eps = DRIFT_EPS): boolean {
  if (prev.dirty || !prev.cleanScalars) return true;
  if (cur.cluster !== prev.cluster || cur.org !== prev.org || cur.verified !== prev.verified) return true;
  if (cur.tokenIds !== prev.tokenIds && sharedTokensDiffer(cur, prev, holders)) return true;
  const a = cur.scalars;
  const b = prev.cleanScalars;
  if (a.length !== b.length) return true;
  for (let x = 0; x < EVIDENCE_COLUMNS.length; x++) {
    const c = EVIDENCE_COLUMNS[x]!;
    const d = a[c]! - b[c]!;
    if (d > eps || d < -eps) return true;
  }
  return false;
}

function sharedTokensDiffer(cur: AccountSummary, prev: AccountSummary, holders: Int32Array): boolean {
  if (hasTemplate(cur) !== hasTemplate(prev)) return true;
  // Tokens still held by someone else after the update; removed ones count if anyone else holds them.
  if (missingShared(cur.tokenIds, prev.tokenIds, holders, 2)) return true;
  return missingShared(prev.tokenIds, cur.tokenIds, holders, 1);
}

/** Whether `from` holds a token with at least `min` holders that `to` lacks. */
function missingShared(from: Int32Array, to: Int32Array, holders: Int32Array, min: number): boolean {
  outer: for (let x = 0; x < from.length; x++) {
    const id = from[x]!;
    // Most tokens keep their place in an update: look there before scanning.
    if ((x < to.length && to[x] === id) || holders[id]! < min) continue;
    for (let y = 0; y < to.length; y++) if (to[y] === id) continue outer;
    return true;
  }
  return false;
}

function hasTemplate(s: AccountSummary): boolean {
  for (let x = 0; x < s.tokens.length; x++) if (s.tokens[x]! < TEMPLATE_KEY_END) return true;
  return false;
}
