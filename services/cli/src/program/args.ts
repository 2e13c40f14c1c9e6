import { InvalidArgumentError } from 'commander';
import { ACTIONS, isActionName, type ActionName } from '@lockstep/contracts';

/** Commander option parsers: each throws InvalidArgumentError, which commander prints on one line. */

export function parseIntInRange(min: number, max: number): (value: string) => number {
  return (value: string) => {
    if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    }
    return n;
  };
}

export const parsePort = parseIntInRange(0, 65535);
export const parsePositiveInt = parseIntInRange(1, Number.MAX_SAFE_INTEGER);

/** host:port, [v6]:port, or a grpc-js target such as unix:/path or dns:host:port. */
export function parseServerAddress(value: string): string {
  const v = value.trim();
  if (/^(unix|unix-abstract|dns|ipv4|ipv6):/.test(v)) return v;
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(v);
  if (!m || Number(m[2]) > 65535) throw new InvalidArgumentError('expected host:port, e.g. 127.0.0.1:50051');
  return v;
}

export function parseAction(value: string): ActionName {
  const v = value.trim().toLowerCase();
  if (!isActionName(v)) throw new InvalidArgumentError(`expected one of ${ACTIONS.join(', ')}`);
  return v;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "90s", "15m", "2h", "7d", or plain milliseconds. */
export function parseDurationMs(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError('expected a duration such as 90s, 15m, 2h or 7d');
  const ms = Math.round(Number(m[1]) * UNIT_MS[m[2] ?? 'ms']!);
  if (!Number.isSafeInteger(ms) || ms <= 0) throw new InvalidArgumentError('expected a positive duration');
  return ms;
}

/** Builds the "Examples:" block appended to every subcommand's --help. */
export function examples(lines: ReadonlyArray<readonly [command: string, what: string]>): string {
  return `\nExamples:\n${lines.map(([cmd, what]) => `  # ${what}\n  $ ${cmd}`).join('\n')}\n`;
}
