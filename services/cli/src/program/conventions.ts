import type { Command } from 'commander';
import { CliError, EXIT, oneLine } from './errors';

export interface OutputStreams {
  writeOut: (text: string) => void;
  writeErr: (text: string) => void;
}

export const processStreams: OutputStreams = {
  writeOut: (t) => process.stdout.write(t),
  writeErr: (t) => process.stderr.write(t),
};

/**
 * Applies the CLI-wide conventions to a command and all its descendants, whoever registered
 * them: parse errors throw (so main decides the exit code) and print as ONE line on stderr.
 */
export function applyConventions(cmd: Command, streams: OutputStreams = processStreams): void {
  cmd.exitOverride();
  cmd.showSuggestionAfterError(true);
  cmd.configureOutput({
    writeOut: streams.writeOut,
    writeErr: streams.writeErr,
    outputError: (text, write) => write(`lockstep: ${oneLine(text)} (see '${commandPath(cmd)} --help')\n`),
  });
  if (cmd.parent && cmd.commands.length > 0 && !(cmd as unknown as { _actionHandler?: unknown })._actionHandler) {
    requireSubcommand(cmd);
  }
  for (const sub of cmd.commands) applyConventions(sub, streams);
}

/**
 * A command group such as `override` run without (or with an unknown) subcommand: commander
 * would dump the whole help on stderr; we say what is missing on one line instead.
 */
function requireSubcommand(cmd: Command): void {
  const names = cmd.commands.map((c) => c.name()).join(', ');
  cmd.allowExcessArguments(true).action(() => {
    const given = cmd.args[0];
    throw new CliError(
      given
        ? `unknown command '${given}' for '${commandPath(cmd)}' (expected one of: ${names})`
        : `'${commandPath(cmd)}' needs a subcommand: ${names} (see '${commandPath(cmd)} --help')`,
      EXIT.usage,
    );
  });
}

/** "lockstep override set" for a nested command. */
export function commandPath(cmd: Command): string {
  const parts: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) parts.unshift(c.name());
  return parts.join(' ');
}
