/**
 * Native gRPC load generators for benches that need more load than a Node client can make: one
 * grpc-js client process costs more CPU per call than a grpc-js server, so on a 2-core machine it
 * measures itself. Both tools are optional, git-ignored and not built by CI; a bench that cannot
 * find one skips its rows and says how to build it.
 *  - grpc-load (test/bench/grpc-load, Go): pre-encoded Check requests, undecoded responses.
 *  - ghz: a general gRPC load tool (dynamic messages, request templates), so dearer per call.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';

export interface LoadResult {
  calls: number;
  errors: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
}

export interface LoadTool {
  name: 'grpc-load' | 'ghz';
  envVar: string;
  installHint: string;
}

export const GRPC_LOAD: LoadTool = {
  name: 'grpc-load',
  envVar: 'LOCKSTEP_GRPC_LOAD',
  installHint: '(cd test/bench/grpc-load && go build -o ../../../deploy/local/.tools/grpc-load .)',
};

export const GHZ: LoadTool = {
  name: 'ghz',
  envVar: 'LOCKSTEP_GHZ',
  installHint: 'GOBIN=$PWD/deploy/local/.tools go install github.com/bojand/ghz/cmd/ghz@v0.121.0',
};

/** The tool's binary ($envVar, else deploy/local/.tools/<name>), or null when none is installed. */
export function findTool(root: string, tool: LoadTool): string | null {
  const candidate = process.env[tool.envVar] ?? path.join(root, 'deploy', 'local', '.tools', tool.name);
  try {
    accessSync(candidate, constants.X_OK);
    return candidate;
  } catch {
    return null;
  }
}

export interface CheckLoad {
  address: string;
  concurrency: number;
  connections: number;
  seconds: number;
  /** Account ids are bench-0 .. bench-(accounts-1). */
  accounts: number;
  /**
   * grpc-load only: open loop at this many calls/s (due at fixed intervals, latency from when each
   * was due; `concurrency` then caps the calls in flight). Absent = closed loop.
   */
  rate?: number;
}

function execJson(bin: string, args: string[], seconds: number, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { timeout: (seconds + 60) * 1000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      // ghz exits non-zero when some calls failed but still prints its report; those count as errors.
      if (stdout.trim().startsWith('{')) resolve(stdout);
      else reject(new Error(`${what} failed: ${stderr || err?.message || 'no report'}`));
    });
  });
}

/** grpc-load prints a LoadResult itself; it warms up for 1 s before measuring. */
export async function runGrpcLoad(bin: string, load: CheckLoad): Promise<LoadResult> {
  const args = ['-address', load.address, '-seconds', String(load.seconds), '-warmup', '1', '-concurrency', String(load.concurrency), '-connections', String(load.connections), '-accounts', String(load.accounts)];
  if (load.rate) args.push('-rate', String(load.rate));
  return JSON.parse(await execJson(bin, args, load.seconds, 'grpc-load')) as LoadResult;
}

interface GhzReport {
  count: number;
  total: number;
  latencyDistribution: { percentage: number; latency: number }[] | null;
  statusCodeDistribution?: Record<string, number>;
}

/** Durations in ghz's JSON report are nanoseconds. */
export function parseGhzReport(json: string): LoadResult {
  const r = JSON.parse(json) as GhzReport;
  const at = (p: number) => {
    const hit = (r.latencyDistribution ?? []).find((d) => d.percentage === p);
    return hit ? hit.latency / 1e6 : NaN;
  };
  const ok = r.statusCodeDistribution?.OK ?? 0;
  return { calls: ok, errors: r.count - ok, seconds: r.total / 1e9, p50Ms: at(50), p99Ms: at(99) };
}

/**
 * ghz has no warm-up and, when --duration ends, fails the calls still in flight with Unavailable
 * ("use of closed network connection"); those few are counted as errors, not hidden.
 */
export async function runGhz(bin: string, protoRoot: string, load: CheckLoad): Promise<LoadResult> {
  const args = [
    '--insecure',
    '--import-paths', protoRoot,
    '--proto', path.join(protoRoot, 'lockstep/policy/v1/policy.proto'),
    '--call', 'lockstep.policy.v1.PolicyService.Check',
    '--data', `{"account_id":"bench-{{randomInt 0 ${load.accounts}}}"}`,
    '--concurrency', String(load.concurrency),
    '--connections', String(load.connections),
    '--duration', `${load.seconds}s`,
    '--timeout', '5s',
    '--format', 'json',
    load.address,
  ];
  return parseGhzReport(await execJson(bin, args, load.seconds, 'ghz'));
}
