// Start Lockstep services as real child processes (the built `lockstep` binary) and stop them
// the way an orchestrator would (SIGTERM, then wait).
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const LOCKSTEP_BIN = path.join(REPO_ROOT, 'services/cli/bin/lockstep.js');

export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  /** Everything the process wrote so far (stdout + stderr), for failure messages. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM and wait for the exit (SIGKILL after graceMs). */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Resolves once the child has exited and its piped output has been read. 'exit' can fire while
 * stdout/stderr still hold data, so a test that reads the output right after 'exit' may see
 * nothing; 'close' comes after the pipes end. A grandchild that inherited the pipes could keep
 * them open, so the wait for 'close' is capped.
 */
export function exitedAndDrained(child: ChildProcess, capMs = 5_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    let result: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    child.once('close', (code, signal) => resolve(result ?? { code, signal }));
    child.once('exit', (code, signal) => {
      result = { code, signal };
      setTimeout(() => resolve(result!), capMs).unref();
    });
  });
}

export function startService(name: string, args: string[], env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, [LOCKSTEP_BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (chunk: Buffer) => {
    out += chunk.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = exitedAndDrained(child);
  return {
    name,
    child,
    output: () => out,
    exited,
    stop: async (graceMs = 30_000) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        const res = await exited;
        clearTimeout(timer);
        return res;
      }
      return exited;
    },
  };
}

export function httpGet(port: number, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: urlPath, timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** Fails fast (with the process output) if the service exits while we wait for it. */
export async function untilReady(svc: ServiceProcess, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void svc.exited.then(() => (dead = true));
  while (Date.now() < deadline) {
    if (dead) throw new Error(`${svc.name} exited before becoming ready:\n${svc.output().slice(-4000)}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${svc.name} not ready within ${timeoutMs} ms:\n${svc.output().slice(-4000)}`);
}
