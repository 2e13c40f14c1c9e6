/**
 * Benchmark runner: `npm run bench` (after a build) or `tsx test/bench/run.ts [--quick]
 * [--filter TEXT] [--out FILE] [--strict]`. Discovers test/bench/*.bench.ts, runs each in its
 * own child process (so one suite's heap and JIT state cannot skew another's), prints one
 * table and writes every row to out/bench.json.
 */
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatBenchTable, suiteName, validateRows, type SuiteResult } from './report';
import type { BenchRun } from './types';

const ROOT = path.resolve(__dirname, '../..');

interface Args {
  quick: boolean;
  strict: boolean;
  filter?: string;
  out: string;
  child?: string;
  result?: string;
}

function usage(): string {
  return 'usage: tsx test/bench/run.ts [--quick] [--filter TEXT] [--out FILE] [--strict]';
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, strict: false, out: path.join(ROOT, 'out', 'bench.json') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--quick') args.quick = true;
    else if (a === '--strict') args.strict = true;
    else if (a === '--filter') args.filter = value();
    else if (a === '--out') args.out = path.resolve(value());
    else if (a === '--child') args.child = value();
    else if (a === '--result') args.result = value();
    else if (a === '--help' || a === '-h') {
      process.stdout.write(`${usage()}\n`);
      process.exit(0);
    } else throw new Error(`unknown option '${a}'`);
  }
  return args;
}

export function discoverBenches(dir: string, filter?: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => !filter || f.includes(filter))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Child mode: run one suite and write its rows (or its error) to the result file. */
async function runChild(file: string, resultFile: string, quick: boolean): Promise<void> {
  const started = Date.now();
  let result: SuiteResult;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file) as { run?: BenchRun };
    if (typeof mod.run !== 'function') throw new Error('does not export run(opts)');
    const rows = validateRows(await mod.run({ quick }));
    result = { file, rows, elapsedMs: Date.now() - started };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    result = { file, rows: [], error: message.split('\n')[0], elapsedMs: Date.now() - started };
  }
  fs.writeFileSync(resultFile, JSON.stringify(result));
}

function runInChild(file: string, quick: boolean): Promise<SuiteResult> {
  const resultFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-bench-')), 'result.json');
  const args = ['--child', file, '--result', resultFile, ...(quick ? ['--quick'] : [])];
  const started = Date.now();
  return new Promise((resolve) => {
    // process.execArgv carries tsx's loader; --expose-gc lets memory benches settle the heap.
    const child = fork(__filename, args, { cwd: ROOT, execArgv: [...process.execArgv, '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('exit', (code, signal) => {
      try {
        resolve(JSON.parse(fs.readFileSync(resultFile, 'utf8')) as SuiteResult);
      } catch {
        resolve({ file, rows: [], error: `child exited with ${signal ?? `code ${code}`} before reporting`, elapsedMs: Date.now() - started });
      }
      fs.rmSync(path.dirname(resultFile), { recursive: true, force: true });
    });
  });
}

async function runAll(args: Args): Promise<number> {
  const files = discoverBenches(__dirname, args.filter);
  if (files.length === 0) {
    process.stderr.write(`bench: no test/bench/*.bench.ts${args.filter ? ` matching '${args.filter}'` : ''}\n`);
    return 1;
  }
  const results: SuiteResult[] = [];
  for (const file of files) {
    process.stderr.write(`bench: ${suiteName(file)}${args.quick ? ' (quick)' : ''} ...\n`);
    const res = await runInChild(file, args.quick);
    process.stderr.write(`bench: ${suiteName(file)} ${res.error ? `FAILED: ${res.error}` : `done in ${(res.elapsedMs / 1000).toFixed(1)}s`}\n`);
    results.push(res);
  }
  process.stdout.write(`\n${formatBenchTable(results)}\n`);
  const report = {
    generatedAt: new Date().toISOString(),
    quick: args.quick,
    host: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.arch()}` },
    suites: results.map((r) => ({ suite: suiteName(r.file), elapsedMs: r.elapsedMs, error: r.error ?? null })),
    rows: results.flatMap((r) => r.rows),
  };
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
  const shown = path.relative(process.cwd(), args.out);
  process.stdout.write(`\nwrote ${shown.startsWith('..') ? args.out : shown}\n`);
  const crashed = results.some((r) => r.error);
  const missed = results.some((r) => r.rows.some((row) => row.pass === false));
  return crashed || (args.strict && missed) ? 1 : 0;
}

async function cli(): Promise<void> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message}; ${usage()}\n`);
    process.exit(2);
  }
  if (args.child) {
    await runChild(args.child, args.result!, args.quick);
    process.exit(0);
  }
  process.exit(await runAll(args));
}

if (require.main === module) {
  cli().catch((err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
