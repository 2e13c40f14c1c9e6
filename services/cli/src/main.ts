import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError } from 'commander';
import { discoverCommands } from './program/discover';
import { applyConventions, processStreams, type OutputStreams } from './program/conventions';
import { CliError, EXIT, describeError } from './program/errors';

export interface BuildOptions {
  /** Folder of subcommand modules; defaults to ./commands next to this file. */
  commandsDir?: string;
  streams?: OutputStreams;
  /** Register only this subcommand when it exists (the one the command line runs); default all. */
  only?: string;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** A stand-in for a subcommand whose module failed to load: using it explains why. */
function registerBroken(program: Command, name: string, error: Error): void {
  program
    .command(name)
    .description(`(unavailable: failed to load)`)
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .helpOption(false)
    .action(() => {
      throw new CliError(`the '${name}' command failed to load: ${error.message}`);
    });
}

/** Builds the `lockstep` commander program with every subcommand registered. */
export function buildProgram(opts: BuildOptions = {}): Command {
  const program = new Command('lockstep')
    .description('Lockstep: streaming detection of distillation account farms.')
    .version(packageVersion(), '-V, --version')
    .addHelpText(
      'after',
      `
Configuration: flags override LOCKSTEP_* environment variables, which override --config FILE (JSON).
Run 'lockstep <command> --help' for a command's options and examples.`,
    );
  for (const mod of discoverCommands(opts.commandsDir ?? path.join(__dirname, 'commands'), opts.only)) {
    if (mod.register) mod.register(program);
    else registerBroken(program, mod.name, mod.loadError!);
  }
  applyConventions(program, opts.streams ?? processStreams);
  return program;
}

function reportAndExit(err: unknown): never {
  const { message, exitCode } = describeError(err);
  process.stderr.write(`lockstep: error: ${message}\n`);
  if (process.env.LOCKSTEP_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exit(exitCode);
}

/**
 * Runs the CLI. Every failure ends as one line on stderr and a non-zero exit code; set
 * LOCKSTEP_DEBUG=1 to also see the stack.
 */
export async function main(argv: string[] = process.argv): Promise<void> {
  // grpc-js prints its own errors to stderr by default, which would break the one-line rule;
  // the error reaches us anyway. GRPC_VERBOSITY=ERROR brings its logs back for debugging.
  process.env.GRPC_VERBOSITY ??= 'NONE';
  process.on('uncaughtException', reportAndExit);
  process.on('unhandledRejection', reportAndExit);
  // `lockstep campaigns | head` closes our stdout early: that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(EXIT.ok);
    reportAndExit(err);
  });
  let program: Command;
  try {
    const first = argv[2];
    program = buildProgram({ only: first !== undefined && !first.startsWith('-') ? first : undefined });
  } catch (err) {
    reportAndExit(err);
  }
  if (argv.length <= 2) {
    program.outputHelp();
    process.exit(EXIT.ok);
  }
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander already printed help, the version, or the one-line usage error.
      process.exit(err.exitCode === 0 ? EXIT.ok : EXIT.usage);
    }
    reportAndExit(err);
  }
  // Commands resolve when their work is done; lingering client handles must not keep us alive.
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok);
}
