/**
 * The built `lockstep` binary, run as a child process: every error path ends with exactly one
 * line on stderr and a non-zero exit code, never a stack trace; every subcommand's --help has
 * examples. Needs a build first (npx nx run cli:build).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'services/cli/bin/lockstep.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function lockstep(args: string[], env: Record<string, string> = {}): Run {
  // A clean LOCKSTEP_* environment so the developer's own settings cannot change the outcome.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LOCKSTEP_')));
  const res = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...base, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

function expectOneLineError(run: Run, pattern: RegExp): void {
  expect(run.code).not.toBe(0);
  expect(run.code).not.toBeNull();
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^lockstep: error: /);
  expect(lines[0]).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

let tmp: string;
beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'services/cli/dist/main.js'))) throw new Error('build the CLI first: npx nx run cli:build');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-cli-errors-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('lockstep error paths', () => {
  it('missing input file', () => {
    const missing = path.join(tmp, 'no-such-events.jsonl');
    const run = lockstep(['replay', '--input', missing, '--output', path.join(tmp, 'out.jsonl')]);
    expectOneLineError(run, new RegExp(`input file not found: ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    expect(run.code).toBe(1);
  });

  it('missing labels file', () => {
    const events = path.join(tmp, 'events.jsonl');
    fs.writeFileSync(events, '');
    const run = lockstep(['replay', '--input', events, '--output', path.join(tmp, 'out.jsonl'), '--labels', path.join(tmp, 'nope.csv')]);
    expectOneLineError(run, /labels file not found: /);
  });

  it('bad flag', () => {
    const run = lockstep(['replay', '--input', 'x', '--output', 'y', '--bogus-flag']);
    expectOneLineError(run, /unknown option '--bogus-flag'.*lockstep replay --help/);
    expect(run.code).toBe(2);
  });

  it('bad flag value', () => {
    expectOneLineError(lockstep(['status', '--server', 'not an address']), /option '-s, --server <host:port>' argument 'not an address' is invalid/);
    expectOneLineError(lockstep(['serve', 'policy', '--port', '99999']), /--port <n>' argument '99999' is invalid/);
  });

  it('unknown command and unknown serve target', () => {
    expectOneLineError(lockstep(['frobnicate']), /unknown command 'frobnicate'/);
    expectOneLineError(lockstep(['serve', 'nonsense']), /value 'nonsense' is invalid for argument 'service'. expected one of featurizer, detector, policy/);
  });

  it('unreachable server', () => {
    const run = lockstep(['status', '--server', '127.0.0.1:1', '--timeout', '3000']);
    expectOneLineError(run, /cannot reach the PolicyService \((UNAVAILABLE|DEADLINE_EXCEEDED)\)/);
    expect(run.code).toBe(1);
  });

  it('unreachable server for an override', () => {
    const run = lockstep(['override', 'set', '--server', '127.0.0.1:1', '--account', 'a1', '--action', 'allow', '--reason', 'test', '--token', 't']);
    expectOneLineError(run, /cannot reach the PolicyService/);
  });

  it('unreachable server for watch', () => {
    expectOneLineError(lockstep(['watch', '--server', '127.0.0.1:1']), /cannot reach the PolicyService/);
  });

  it('invalid config key in a file', () => {
    const file = path.join(tmp, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ server: '127.0.0.1:1', timeoutMs: -5 }));
    const run = lockstep(['status', '--config', file]);
    expectOneLineError(run, new RegExp(`config key 'timeoutMs' \\(from file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`));
    expect(run.code).toBe(2);
  });

  it('invalid config key in the environment', () => {
    const run = lockstep(['status'], { LOCKSTEP_SERVER: 'nowhere' });
    expectOneLineError(run, /config key 'server' \(from LOCKSTEP_SERVER\)/);
    expect(run.code).toBe(2);
  });

  it('invalid config key of a service, from the environment', () => {
    const run = lockstep(['serve', 'featurizer'], { LOCKSTEP_KAFKA_BROKERS: 'no-port-here' });
    expectOneLineError(run, /config key 'kafka\.brokers(\.0)?' \(from LOCKSTEP_KAFKA_BROKERS\)/);
  });

  it('missing or malformed config file', () => {
    expectOneLineError(lockstep(['status', '--config', path.join(tmp, 'absent.json')]), /config file not found: /);
    const notJson = path.join(tmp, 'not.json');
    fs.writeFileSync(notJson, '{ server: ');
    expectOneLineError(lockstep(['status', '--config', notJson]), /is not valid JSON/);
  });

  it('flags beat the environment, which beats the file', () => {
    // Each time the losing layer holds an invalid server: a connection error (not a config
    // error) proves the winning layer's valid address was used.
    const file = path.join(tmp, 'layers.json');
    fs.writeFileSync(file, JSON.stringify({ server: 'bad address' }));
    const envWins = lockstep(['status', '--config', file, '--timeout', '3000'], { LOCKSTEP_SERVER: '127.0.0.1:1' });
    expectOneLineError(envWins, /cannot reach the PolicyService/);
    const flagWins = lockstep(['status', '--server', '127.0.0.1:1', '--timeout', '3000'], { LOCKSTEP_SERVER: 'bad' });
    expectOneLineError(flagWins, /cannot reach the PolicyService/);
  });
});

describe('lockstep --help', () => {
  const top = lockstep(['--help']);

  /** Subcommand paths listed under "Commands:" (nested groups expanded). */
  function commandsOf(help: string): string[] {
    const section = help.split(/^Commands:$/m)[1] ?? '';
    return section
      .split('\n')
      .map((l) => /^ {2}([a-z][\w-]*)/.exec(l)?.[1])
      .filter((c): c is string => !!c && c !== 'help');
  }

  it('lists the core subcommands', () => {
    expect(top.code).toBe(0);
    const cmds = commandsOf(top.stdout);
    for (const c of ['replay', 'run', 'serve', 'status', 'account', 'campaigns', 'campaign', 'override', 'watch', 'bench']) expect(cmds).toContain(c);
  });

  it('gives examples for every subcommand', () => {
    const paths: string[][] = [];
    for (const c of commandsOf(top.stdout)) {
      paths.push([c]);
      const sub = lockstep([c, '--help']);
      for (const s of commandsOf(sub.stdout)) paths.push([c, s]);
    }
    expect(paths.length).toBeGreaterThanOrEqual(9);
    for (const p of paths) {
      const run = lockstep([...p, '--help']);
      expect({ cmd: p.join(' '), code: run.code }).toEqual({ cmd: p.join(' '), code: 0 });
      expect({ cmd: p.join(' '), hasExamples: /\nExamples:\n {2}/.test(run.stdout) }).toEqual({ cmd: p.join(' '), hasExamples: true });
    }
  });
});
