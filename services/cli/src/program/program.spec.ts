import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CommanderError } from 'commander';
import { buildProgram } from '../main';
import { discoverCommands } from './discover';

/** A commands folder with two good modules, one without register() and one that throws on load. */
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function fixtureDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-cli-cmds-'));
  dirs.push(dir);
  fs.writeFileSync(
    path.join(dir, 'replay.js'),
    `exports.register = (p) => p.command('replay').requiredOption('--input <file>').option('--port <n>', 'port', (v) => { if (!/^\\d+$/.test(v)) { const { InvalidArgumentError } = require(${JSON.stringify(require.resolve('commander'))}); throw new InvalidArgumentError('expected an integer.'); } return Number(v); }).action(() => {});`,
  );
  fs.writeFileSync(
    path.join(dir, 'override.js'),
    `exports.register = (p) => { const o = p.command('override'); o.command('set').action(() => {}); o.command('clear').action(() => {}); };`,
  );
  fs.writeFileSync(path.join(dir, 'demo.js'), `exports.register = (p) => p.command('demo').action(() => {});`);
  fs.writeFileSync(path.join(dir, 'helper.js'), `exports.notRegister = 1;`);
  fs.writeFileSync(path.join(dir, 'broken.js'), `throw new Error('cannot find module @lockstep/nothing');`);
  fs.writeFileSync(path.join(dir, 'types.d.ts'), `export {};`);
  fs.writeFileSync(path.join(dir, 'replay.spec.js'), `throw new Error('specs are not commands');`);
  return dir;
}

function build(dir: string) {
  const err: string[] = [];
  const out: string[] = [];
  const program = buildProgram({ commandsDir: dir, streams: { writeOut: (t) => out.push(t), writeErr: (t) => err.push(t) } });
  return { program, err, out };
}

async function parseError(dir: string, args: string[]): Promise<{ error: unknown; stderr: string[] }> {
  const { program, err } = build(dir);
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    return { error, stderr: err };
  }
  throw new Error(`expected '${args.join(' ')}' to fail`);
}

describe('discoverCommands', () => {
  it('orders known commands first, skips specs and .d.ts, and reports modules that cannot be used', () => {
    const mods = discoverCommands(fixtureDir());
    expect(mods.map((m) => m.name)).toEqual(['demo', 'replay', 'override', 'broken', 'helper']);
    expect(mods.find((m) => m.name === 'broken')!.loadError!.message).toContain('@lockstep/nothing');
    expect(mods.find((m) => m.name === 'helper')!.loadError!.message).toContain('does not export register(program)');
  });

  it('loads only the named command when it exists, and every command otherwise', () => {
    expect(discoverCommands(fixtureDir(), 'replay').map((m) => m.name)).toEqual(['replay']);
    // A broken module is not loaded, so it cannot fail, when another command is run.
    expect(discoverCommands(fixtureDir(), 'demo').map((m) => m.name)).toEqual(['demo']);
    expect(discoverCommands(fixtureDir(), 'frobnicate').map((m) => m.name)).toEqual(['demo', 'replay', 'override', 'broken', 'helper']);
  });
});

describe('buildProgram conventions', () => {
  const dir = fixtureDir();

  it('prints an unknown option as one line naming the command, and throws instead of exiting', async () => {
    const { error, stderr } = await parseError(dir, ['replay', '--input', 'x', '--bogus']);
    expect(error).toBeInstanceOf(CommanderError);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(/^lockstep: error: unknown option '--bogus' .*\(see 'lockstep replay --help'\)\n$/);
    expect(stderr[0]!.trimEnd()).not.toContain('\n');
  });

  it('reports a missing required option and an invalid option value on one line', async () => {
    const missing = await parseError(dir, ['replay']);
    expect(missing.stderr.join('')).toMatch(/^lockstep: error: required option '--input <file>' not specified/);
    const invalid = await parseError(dir, ['replay', '--input', 'x', '--port', 'abc']);
    expect(invalid.stderr.join('')).toContain("argument 'abc' is invalid. expected an integer.");
    expect(invalid.stderr.join('').trimEnd().split('\n')).toHaveLength(1);
  });

  it('reports an unknown top-level command on one line', async () => {
    const { stderr } = await parseError(dir, ['frobnicate']);
    expect(stderr.join('')).toMatch(/^lockstep: error: unknown command 'frobnicate'/);
  });

  it('makes a command group without its subcommand fail with one clear line', async () => {
    const none = await parseError(dir, ['override']);
    expect((none.error as Error).message).toBe("'lockstep override' needs a subcommand: set, clear (see 'lockstep override --help')");
    const unknown = await parseError(dir, ['override', 'toggle']);
    expect((unknown.error as Error).message).toBe("unknown command 'toggle' for 'lockstep override' (expected one of: set, clear)");
  });

  it('keeps the other commands usable when one module fails to load, and explains the failure on use', async () => {
    const { error } = await parseError(dir, ['broken', '--anything']);
    expect((error as Error).message).toBe("the 'broken' command failed to load: cannot find module @lockstep/nothing");
    const { program } = build(dir);
    await expect(program.parseAsync(['demo'], { from: 'user' })).resolves.toBeDefined();
  });
});
