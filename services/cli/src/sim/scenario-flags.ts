import { InvalidArgumentError, type Command } from 'commander';
import { GROUPS, type Group, type ScenarioOptions } from '@lockstep/sim';

/** Default scale of `simulate` and `demo` (the demo's is sized to finish well inside a minute on 2 cores). */
export const DEFAULT_SCALE = { seed: '1', accounts: 3000, hours: 24 } as const;

/** The scenario flags shared by `simulate` and `demo`. */
export interface ScenarioFlags {
  seed: string;
  accounts: number;
  hours: number;
  start?: number;
  without?: Group[];
  only?: Group[];
}

function positiveNumber(what: string, max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^\d+(\.\d+)?$/.test(v.trim()) || !Number.isFinite(n) || n <= 0 || n > max) throw new InvalidArgumentError(`expected ${what} greater than 0 and at most ${max}.`);
    return n;
  };
}

export const parseAccounts = (v: string): number => {
  const n = positiveNumber('a whole number of accounts', 5_000_000)(v);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected a whole number of accounts.');
  return n;
};
export const parseHours = positiveNumber('a number of hours', 24 * 366);

/** "now" or an ISO-8601 time; returns ms since epoch. */
export function parseStart(v: string): number {
  if (v.trim().toLowerCase() === 'now') return Date.now();
  const ms = Date.parse(v);
  if (!Number.isFinite(ms)) throw new InvalidArgumentError("expected an ISO time such as 2026-03-02T00:00:00Z, or 'now'.");
  return ms;
}

export function parseGroups(v: string): Group[] {
  const names = v.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (!(GROUPS as readonly string[]).includes(n)) throw new InvalidArgumentError(`unknown family '${n}'; families are ${GROUPS.join(', ')}.`);
  return names as Group[];
}

export function parseSeed(v: string): string {
  if (!/^[\w.-]{1,64}$/.test(v)) throw new InvalidArgumentError('expected a number or a short word.');
  return v;
}

/**
 * Adds the scenario flags. With `defaults`, commander fills them in; without, they stay
 * undefined so that env and config-file values can apply (the caller resolves defaults).
 */
export function addScenarioOptions(cmd: Command, defaults?: { seed: string; accounts: number; hours: number }): Command {
  return cmd
    .option('--seed <n>', `random seed (a number or a word): the same seed gives the same scenario${defaults ? '' : ' (default 1)'}`, parseSeed, defaults?.seed)
    .option('--accounts <n>', 'approximate number of accounts (the scale)', parseAccounts, defaults?.accounts)
    .option('--hours <h>', 'hours of event time to simulate', parseHours, defaults?.hours)
    .option('--start <time>', "event time of the start (ISO-8601, or 'now'); default 2026-03-02T00:00:00Z", parseStart)
    .option('--without <families>', `comma list of families to leave out (${GROUPS.join(', ')})`, parseGroups)
    .option('--only <families>', 'comma list of the only families to include', parseGroups);
}

export function scenarioOptions(f: ScenarioFlags): ScenarioOptions {
  const families: Partial<Record<Group, boolean>> = {};
  if (f.only) for (const g of GROUPS) families[g] = f.only.includes(g);
  for (const g of f.without ?? []) families[g] = false;
  const seed = /^\d+$/.test(f.seed) ? Number(f.seed) : f.seed;
  return { seed, accounts: f.accounts, hours: f.hours, ...(f.start !== undefined ? { startTs: f.start } : {}), families };
}
