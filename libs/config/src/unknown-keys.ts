import type { z } from 'zod';
import { defOf, unwrap } from './schema-walk';

/** A key of a config file that no setting of the schema has. */
export interface UnknownKey {
  path: string[];
  /** The schema's key at the same place that the typo most likely meant, if any is close. */
  suggestion?: string;
}

/**
 * The first key of `tree` (depth first, in file order) that the schema does not know. zod drops
 * unknown keys silently, so without this a typo'd setting (`reclusterEvryMs`) is ignored and the
 * default runs instead, with nothing said. Objects that declare a catchall, records with free keys,
 * unions and anything else whose keys the schema does not spell out are not looked into.
 */
export function findUnknownKey(schema: z.ZodTypeAny, tree: Record<string, unknown>, prefix: string[] = []): UnknownKey | undefined {
  const def = defOf(unwrap(schema));
  let known: string[];
  let childOf: (key: string) => z.ZodTypeAny | undefined;
  if (def.type === 'object') {
    const catchall = def.catchall ? defOf(def.catchall).type : 'never';
    if (catchall !== 'never') return undefined;
    const shape = def.shape ?? {};
    known = Object.keys(shape);
    childOf = (key) => shape[key];
  } else if (def.type === 'record' && def.keyType && defOf(unwrap(def.keyType)).type === 'enum') {
    known = Object.values(defOf(unwrap(def.keyType)).entries ?? {}).map(String);
    const value = def.valueType!;
    childOf = (key) => (known.includes(key) ? value : undefined);
  } else return undefined;
  for (const [key, value] of Object.entries(tree)) {
    const child = childOf(key);
    const path = [...prefix, key];
    if (!child) {
      const suggestion = closest(key, known);
      return suggestion === undefined ? { path } : { path, suggestion };
    }
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const inner = findUnknownKey(child, value as Record<string, unknown>, path);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** The unknown key's dotted path, and the sentence callers append after naming its source. */
export function describeUnknownKey(u: UnknownKey): { key: string; problem: string } {
  const hint = u.suggestion ? `; did you mean '${[...u.path.slice(0, -1), u.suggestion].join('.')}'?` : '';
  return { key: u.path.join('.'), problem: `is not a known setting${hint}` };
}

/** The known key nearest to `key` (case-insensitive edit distance of at most a third of its length, min 2). */
export function closest(key: string, known: string[]): string | undefined {
  const k = key.toLowerCase();
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of known) {
    const d = editDistance(k, candidate.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = candidate;
    }
  }
  return best;
}

/** Levenshtein distance (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = row;
  }
  return prev[b.length]!;
}
