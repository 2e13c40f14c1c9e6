import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';

/** The order subcommands appear in `lockstep --help`; unknown names follow alphabetically. */
export const HELP_ORDER = ['demo', 'simulate', 'replay', 'run', 'serve', 'status', 'account', 'campaigns', 'campaign', 'override', 'watch', 'bench'];

export interface CommandModule {
  name: string;
  file: string;
  register?: (program: Command) => void;
  loadError?: Error;
}

function isCommandFile(file: string): boolean {
  return /\.(js|ts)$/.test(file) && !/\.d\.ts$/.test(file) && !/\.(spec|test)\.(js|ts)$/.test(file);
}

function rank(name: string): number {
  const i = HELP_ORDER.indexOf(name);
  return i < 0 ? HELP_ORDER.length : i;
}

/**
 * Loads every subcommand module in `dir` (one file per subcommand, each exporting
 * `register(program)`). Works on compiled .js files and, under jest, on .ts sources. A module
 * that fails to load is returned with its error instead of taking the whole CLI down, so the
 * other subcommands keep working while one project is broken or not built. With `only` naming an
 * existing subcommand, just that module is loaded.
 */
export function discoverCommands(dir: string, only?: string): CommandModule[] {
  const files = fs.readdirSync(dir).filter(isCommandFile);
  const byName = new Map<string, string>();
  for (const f of files) {
    const name = f.replace(/\.(js|ts)$/, '');
    // Prefer compiled .js when both exist (never the case in dist/, but harmless).
    if (!byName.has(name) || f.endsWith('.js')) byName.set(name, path.join(dir, f));
  }
  // Loading every command pulls in Kafka, gRPC and the whole pipeline (~0.2 s): when the command
  // line names one that exists, load just that one. Anything else (root help, typos) sees them all.
  const names = only !== undefined && byName.has(only) ? [only] : [...byName.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return names.map((name) => {
    const file = byName.get(name)!;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(file) as { register?: unknown };
      if (typeof mod.register !== 'function') {
        return { name, file, loadError: new Error(`${path.basename(file)} does not export register(program)`) };
      }
      return { name, file, register: mod.register as (program: Command) => void };
    } catch (err) {
      return { name, file, loadError: err instanceof Error ? err : new Error(String(err)) };
    }
  });
}
