import type { z } from 'zod';

/** The kinds of leaf a raw string (env var or flag) may be coerced into. */
export type LeafKind = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'unknown';

// Wrappers that do not change what the value looks like on input.
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** The parts of a zod 4 schema definition this module reads. */
export interface Def {
  type: string;
  innerType?: z.ZodTypeAny;
  in?: z.ZodTypeAny;
  shape?: Record<string, z.ZodTypeAny>;
  element?: z.ZodTypeAny;
  options?: z.ZodTypeAny[];
  /** Objects: the schema of keys not in the shape (absent = stripped, never = rejected). */
  catchall?: z.ZodTypeAny;
  /** Records. */
  keyType?: z.ZodTypeAny;
  valueType?: z.ZodTypeAny;
  /** Enums: value by name. */
  entries?: Record<string, string | number>;
}

export function defOf(schema: z.ZodTypeAny): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Strips optional/default/... wrappers and pipes down to the schema that sees the raw input. */
export function unwrap(schema: z.ZodTypeAny): z.ZodTypeAny {
  let s = schema;
  for (let i = 0; i < 32; i++) {
    const def = defOf(s);
    if (WRAPPERS.has(def.type) && def.innerType) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else break;
  }
  return s;
}

/** The fields of an object schema (after unwrapping), or undefined if it is not an object. */
export function objectShape(schema: z.ZodTypeAny): Record<string, z.ZodTypeAny> | undefined {
  const def = defOf(unwrap(schema));
  return def.type === 'object' ? def.shape : undefined;
}

export function arrayElement(schema: z.ZodTypeAny): z.ZodTypeAny | undefined {
  const def = defOf(unwrap(schema));
  return def.type === 'array' ? def.element : undefined;
}

export function leafKind(schema: z.ZodTypeAny): LeafKind {
  const def = defOf(unwrap(schema));
  switch (def.type) {
    case 'string':
    case 'enum':
    case 'literal':
    case 'template_literal':
      return 'string';
    case 'number':
    case 'int':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return 'array';
    case 'object':
    case 'record':
      return 'object';
    case 'union': {
      const kinds = new Set((def.options ?? []).map(leafKind));
      return kinds.size === 1 ? [...kinds][0]! : 'unknown';
    }
    default:
      return 'unknown';
  }
}

/**
 * Resolves a list of lowercase words (from LOCKSTEP_KAFKA_CLIENT_ID, or a camelCase flag)
 * to a path of schema keys, e.g. ['kafka','client','id'] -> ['kafka','clientId'].
 * Longest key first at each level, so `clientId` wins over a hypothetical `client`.
 */
export function resolveWords(schema: z.ZodTypeAny, words: string[]): string[] | undefined {
  if (words.length === 0) return [];
  const shape = objectShape(schema);
  if (!shape) return undefined;
  const byNormalised = new Map<string, string>();
  for (const key of Object.keys(shape)) byNormalised.set(key.toLowerCase().replace(/[_-]/g, ''), key);
  for (let n = words.length; n >= 1; n--) {
    const key = byNormalised.get(words.slice(0, n).join(''));
    if (key === undefined) continue;
    if (n === words.length) return [key];
    const rest = resolveWords(shape[key]!, words.slice(n));
    if (rest) return [key, ...rest];
  }
  return undefined;
}

/** The schema at a path of keys, or undefined. */
export function schemaAt(schema: z.ZodTypeAny, path: string[]): z.ZodTypeAny | undefined {
  let s: z.ZodTypeAny | undefined = schema;
  for (const key of path) {
    const shape: Record<string, z.ZodTypeAny> | undefined = s ? objectShape(s) : undefined;
    s = shape?.[key];
    if (!s) return undefined;
  }
  return s;
}
