import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { examples } from '../program/args';
import { CliError } from '../program/errors';
import { workspaceRoot } from '../wiring/workspace';

interface BenchFlags {
  quick?: boolean;
  filter?: string;
  out?: string;
  strict?: boolean;
}

export function register(program: Command): void {
  program
    .command('bench')
    .description('run the benchmarks (test/bench/*.bench.ts) on the built libs; prints one table, writes out/bench.json')
    .option('--quick', 'smaller inputs, for a fast sanity run')
    .option('--filter <text>', 'only the suites whose file name contains text')
    .option('--out <file>', 'where to write the JSON results (default out/bench.json)')
    .option('--strict', 'exit non-zero when a figure misses its target')
    .addHelpText('after', examples([
      ['lockstep bench', 'every suite at full size (build first: npm run build)'],
      ['lockstep bench --quick --filter replay', 'only the replay suite, small input'],
      ['npm run bench -- --quick', 'the same runner after a full build'],
    ]))
    .action(async (flags: BenchFlags) => {
      const root = workspaceRoot();
      const runner = root && path.join(root, 'test', 'bench', 'run.ts');
      if (!root || !runner || !fs.existsSync(runner)) throw new CliError('bench needs the repository checkout: test/bench/run.ts not found');
      let tsxCli: string;
      try {
        tsxCli = require.resolve('tsx/cli', { paths: [root] });
      } catch {
        throw new CliError("bench needs tsx: run 'npm install' in the repository");
      }
      const args = [tsxCli, runner, ...(flags.quick ? ['--quick'] : []), ...(flags.strict ? ['--strict'] : []), ...(flags.filter ? ['--filter', flags.filter] : []), ...(flags.out ? ['--out', path.resolve(flags.out)] : [])];
      const code = await new Promise<number>((resolve, reject) => {
        const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
        child.on('error', reject);
        child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
      });
      if (code !== 0) throw new CliError(`benchmarks failed (exit code ${code})`);
    });
}
