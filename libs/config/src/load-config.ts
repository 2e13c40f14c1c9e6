import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { ConfigError } from './config-error';
import { coerceRaw } from './coerce';
import { resolveWords, schemaAt } from './schema-walk';
import { describeUnknownKey, findUnknownKey } from './unknown-keys';

export interface LoadConfigOptions {
  /** Command-line flags (camelCase or dotted keys, e.g. `port`, `kafkaBrokers`, `kafka.brokers`). Undefined values are ignored. */
  flags?: Record<string, unknown>;
  /** Environment (default: none; pass process.env explicitly). */
  env?: NodeJS.ProcessEnv;
  /** Path of a JSON config file. */
  file?: string;
  /** Prefix of the environment variables read (default 'LOCKSTEP_'). */
  envPrefix?: string;
}

type Tree = Record<string, unknown>;

interface Layer {
  values: Tree;
  /** Dotted path -> human description of where the value came from. */
  sources: Map<string, string>;
}

/**
 * Loads and validates configuration. Precedence: flags > env > file > schema defaults.
 * Env names map onto schema keys: LOCKSTEP_OPS_PORT -> ops.port, LOCKSTEP_KAFKA_CLIENT_ID ->
 * kafka.clientId (matched against the schema's keys); `__` forces a nesting boundary.
 * Throws ConfigError naming the first bad key and where its value came from.
 */
export function loadConfig<T extends z.ZodTypeAny>(schema: T, opts: LoadConfigOptions = {}): z.infer<T> {
  const layers: Layer[] = [];
  if (opts.file) layers.push(fileLayer(schema, opts.file));
  if (opts.env) layers.push(envLayer(schema, opts.env, opts.envPrefix ?? 'LOCKSTEP_'));
  if (opts.flags) layers.push(flagLayer(schema, opts.flags));

  const merged: Tree = {};
  const sources = new Map<string, string>();
  for (const layer of layers) {
    deepMerge(merged, layer.values);
    for (const [k, v] of layer.sources) sources.set(k, v);
  }

  const result = schema.safeParse(merged);
  if (result.success) return result.data as z.infer<T>;
  const issue = result.error.issues[0]!;
  const key = issue.path.map(String).join('.');
  const source = sourceFor(sources, key) ?? (valueAt(merged, issue.path) === undefined ? 'missing' : 'default');
  const where = source === 'missing' ? 'is required but not set' : `(from ${source}): ${issue.message}`;
  throw new ConfigError(key ? `config key '${key}' ${where}` : `config ${where}`, key || undefined, source);
}

function sourceFor(sources: Map<string, string>, key: string): string | undefined {
  // An issue on kafka.brokers.1 was caused by whoever set kafka.brokers.
  for (let k = key; k; k = k.includes('.') ? k.slice(0, k.lastIndexOf('.')) : '') {
    const s = sources.get(k);
    if (s) return s;
  }
  return undefined;
}

function valueAt(tree: unknown, path: PropertyKey[]): unknown {
  let v = tree;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

function fileLayer(schema: z.ZodTypeAny, file: string): Layer {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`config file '${file}' cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, undefined, file);
  }
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`config file '${file}' is not valid JSON: ${(err as Error).message}`, undefined, file);
  }
  if (values === null || typeof values !== 'object' || Array.isArray(values)) {
    throw new ConfigError(`config file '${file}' must hold a JSON object`, undefined, file);
  }
  // Env and flags only ever name known keys (others are skipped when resolved); a file can hold
  // anything, and zod would drop a typo'd key without a word.
  const unknown = findUnknownKey(schema, values as Tree);
  if (unknown) {
    const { key, problem } = describeUnknownKey(unknown);
    throw new ConfigError(`config key '${key}' (from file ${file}) ${problem}`, key, `file ${file}`);
  }
  const sources = new Map<string, string>();
  collectPaths(values as Tree, [], (p) => sources.set(p.join('.'), `file ${file}`));
  return { values: values as Tree, sources };
}

function envLayer(schema: z.ZodTypeAny, env: NodeJS.ProcessEnv, prefix: string): Layer {
  const values: Tree = {};
  const sources = new Map<string, string>();
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(prefix) || raw === undefined) continue;
    const path = resolveEnvName(schema, name.slice(prefix.length));
    // Unknown LOCKSTEP_* names are left alone: other tools may share the prefix.
    if (!path) continue;
    setAt(values, path, coerceRaw(schemaAt(schema, path)!, raw));
    sources.set(path.join('.'), name);
  }
  return { values, sources };
}

function resolveEnvName(schema: z.ZodTypeAny, rest: string): string[] | undefined {
  const path: string[] = [];
  let s: z.ZodTypeAny | undefined = schema;
  for (const group of rest.split('__')) {
    const words = group.toLowerCase().split('_').filter(Boolean);
    const sub = s ? resolveWords(s, words) : undefined;
    if (!sub || sub.length === 0) return undefined;
    path.push(...sub);
    s = schemaAt(schema, path);
  }
  return path.length ? path : undefined;
}

function flagLayer(schema: z.ZodTypeAny, flags: Record<string, unknown>): Layer {
  const values: Tree = {};
  const sources = new Map<string, string>();
  for (const [name, raw] of Object.entries(flags)) {
    if (raw === undefined) continue;
    const path = resolveFlagName(schema, name);
    if (!path) continue;
    setAt(values, path, coerceRaw(schemaAt(schema, path)!, raw));
    sources.set(path.join('.'), `flag --${kebab(name)}`);
  }
  return { values, sources };
}

function resolveFlagName(schema: z.ZodTypeAny, name: string): string[] | undefined {
  if (name.includes('.')) {
    const path = name.split('.');
    return schemaAt(schema, path) ? path : undefined;
  }
  const words = kebab(name).split('-').filter(Boolean);
  return resolveWords(schema, words);
}

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/[._]/g, '-').toLowerCase();
}

function setAt(tree: Tree, path: string[], value: unknown): void {
  let node = tree;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
    node = node[key] as Tree;
  }
  node[path[path.length - 1]!] = value;
}

function isPlainObject(v: unknown): v is Tree {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function deepMerge(target: Tree, source: Tree): void {
  for (const [k, v] of Object.entries(source)) {
    if (isPlainObject(v) && isPlainObject(target[k])) deepMerge(target[k] as Tree, v);
    else target[k] = isPlainObject(v) ? structuredClone(v) : v;
  }
}

function collectPaths(tree: Tree, prefix: string[], visit: (path: string[]) => void): void {
  for (const [k, v] of Object.entries(tree)) {
    visit([...prefix, k]);
    if (isPlainObject(v)) collectPaths(v, [...prefix, k], visit);
  }
}
