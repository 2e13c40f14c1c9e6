/**
 * `lockstep demo` end to end with its defaults (target: <= 60 s on this 2-core machine), beside a
 * baseline measured in the same run: `lockstep simulate` writing the same scenario to a file
 * (generation and serialisation only, no detection). Runs the built binary, as a user would.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BenchOptions, BenchRow } from './types';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'services/cli/bin/lockstep.js');

function timed(args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`lockstep ${args[0]} failed: ${r.stderr.trim().split('\n').pop()}`);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export async function run(_opts: BenchOptions): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-demo-bench-'));
  try {
    const simulate = timed(['simulate', '--out', path.join(dir, 'events.jsonl'), '--quiet']);
    const demo = timed(['demo', '--out-dir', path.join(dir, 'demo'), '--quiet']);
    return [
      {
        suite: 'demo',
        metric: 'default `lockstep demo` wall time (simulate + features + detector + policy + reports)',
        value: Math.round(demo * 10) / 10,
        unit: 's',
        baseline: Math.round(simulate * 10) / 10,
        baselineLabel: '`lockstep simulate --out` of the same scale, no detection',
        target: '<= 60',
        pass: demo <= 60,
      },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
