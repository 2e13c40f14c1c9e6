import * as fs from 'node:fs';
import type { z } from 'zod';
import { loadConfig } from '@lockstep/config';
import { CliError, EXIT } from '../program/errors';

/** Drops undefined leaves so that an option the user did not pass never masks env or file values. */
export function definedOnly(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const inner = definedOnly(v as Record<string, unknown>);
      // An object of unset options disappears; a deliberately empty one (e.g. --tls) stays.
      if (Object.keys(inner).length > 0 || Object.keys(v).length === 0) out[k] = inner;
    } else {
      out[k] = v;
    }
  }
  return out;
}

export interface ResolveOptions {
  /** Values from command-line flags (highest precedence); undefined entries are ignored. */
  flags?: Record<string, unknown>;
  /** --config FILE (JSON). */
  configFile?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * The one place the CLI turns flags, LOCKSTEP_* env and --config FILE into a validated config
 * (precedence in that order, via @lockstep/config). A bad key surfaces as the ConfigError that
 * names it; main prints it on one line.
 */
export function resolveConfig<T extends z.ZodTypeAny>(schema: T, opts: ResolveOptions = {}): z.infer<T> {
  if (opts.configFile !== undefined) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(opts.configFile);
    } catch {
      throw new CliError(`config file not found: ${opts.configFile}`, EXIT.usage);
    }
    if (!stat.isFile()) throw new CliError(`config file is not a file: ${opts.configFile}`, EXIT.usage);
  }
  return loadConfig(schema, {
    flags: definedOnly(opts.flags ?? {}),
    env: opts.env ?? process.env,
    file: opts.configFile,
  });
}
