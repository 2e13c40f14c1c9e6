/**
 * `lockstep serve policy` and the client commands (status, override, account, campaigns) over a
 * real socket, through the built binary, against the local broker. Uses its own enforcement
 * topic so it cannot see or disturb other tests' state.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { deleteTestTopics, testBrokers, testKafka, uniqueName } from '../support/kafka';
import { exitedAndDrained } from '../support/processes';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'services/cli/bin/lockstep.js');
const ADMIN = 'cli-test-admin-token';
const TOPIC = uniqueName('cli-policy-enforcement');

function baseEnv(): Record<string, string> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LOCKSTEP_'))) as Record<string, string>;
  return { ...env, LOCKSTEP_KAFKA_BROKERS: testBrokers().join(','), LOCKSTEP_KAFKA_TOPICS_ENFORCEMENT: TOPIC, LOCKSTEP_OPS_PORT: '0', LOCKSTEP_LOG_LEVEL: 'warn' };
}

function lockstep(args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...baseEnv(), ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

let server: ChildProcess;
let address: string;
let serverStderr = '';

beforeAll(async () => {
  const port = await freePort();
  address = `127.0.0.1:${port}`;
  server = spawn(process.execPath, [BIN, 'serve', 'policy', '--port', String(port)], { cwd: ROOT, env: { ...baseEnv(), LOCKSTEP_ADMIN_TOKEN: ADMIN }, stdio: ['ignore', 'ignore', 'pipe'] });
  server.stderr!.on('data', (d: Buffer) => (serverStderr += d.toString()));
  // Ready when status answers (the service rebuilds from its topic before it serves).
  for (let i = 0; i < 60; i++) {
    if (lockstep(['status', '--server', address, '--timeout', '1000']).code === 0) return;
    if (server.exitCode !== null) throw new Error(`serve policy exited early: ${serverStderr}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`serve policy did not become ready: ${serverStderr}`);
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGKILL');
    await new Promise((r) => server.once('exit', r));
  }
  // The test's own enforcement topic is of no use to anyone afterwards.
  const admin = testKafka('cli-test').admin();
  await admin.connect();
  await deleteTestTopics(admin, [TOPIC]);
  await admin.disconnect();
});

describe('client commands against lockstep serve policy', () => {
  it('status prints tables, or JSON with --json', () => {
    const table = lockstep(['status', '--server', address]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^server:\s+127\.0\.0\.1:\d+$/m);
    expect(table.stdout).toMatch(/^ACTION\s+ACCOUNTS$/m);
    const json = JSON.parse(lockstep(['status', '--server', address, '--json']).stdout) as { accounts: number; shadow_mode: boolean };
    expect(typeof json.accounts).toBe('number');
  });

  it('refuses an override without the admin token, in one line', () => {
    const run = lockstep(['override', 'set', '--server', address, '--account', 'acct_cli_1', '--action', 'suspend', '--reason', 'test']);
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^lockstep: error: PolicyService refused the call \((UNAUTHENTICATED|PERMISSION_DENIED)\)/);
  });

  it('sets an override with the token from the environment, shows it on the account, and clears it', () => {
    const env = { LOCKSTEP_ADMIN_TOKEN: ADMIN };
    const set = lockstep(['override', 'set', '--server', address, '--account', 'acct_cli_1', '--action', 'suspend', '--reason', 'cli test', '--ttl', '1h', '--actor', 'jest', '--json'], env);
    expect(set.code).toBe(0);
    const created = (JSON.parse(set.stdout) as { override: { action: string; actor: string; account_id: string } }).override;
    expect(created).toMatchObject({ action: 'SUSPEND', actor: 'jest', account_id: 'acct_cli_1' });

    const account = lockstep(['account', 'acct_cli_1', '--server', address]);
    expect(account.code).toBe(0);
    expect(account.stdout).toMatch(/^action:\s+suspend$/m);
    expect(account.stdout).toMatch(/^Overrides$/m);
    expect(account.stdout).toMatch(/cli test/);

    const cleared = lockstep(['override', 'clear', '--server', address, '--account', 'acct_cli_1', '--reason', 'done', '--json'], env);
    expect(JSON.parse(cleared.stdout)).toEqual({ cleared: true });
    const after = JSON.parse(lockstep(['account', 'acct_cli_1', '--server', address, '--json']).stdout) as { current: { action: string } };
    expect(after.current.action).toBe('ALLOW');
  });

  it('follows enforcement changes with watch, and stops after --limit', () => {
    const run = lockstep(['watch', '--server', address, '--from', '0', '--limit', '2', '--json']);
    expect(run.code).toBe(0);
    const changes = run.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { sequence: number; account_id: string });
    expect(changes).toHaveLength(2);
    expect(changes[1]!.sequence).toBeGreaterThan(changes[0]!.sequence);
    expect(changes.map((c) => c.account_id)).toContain('acct_cli_1');
  });

  it('lists campaigns and reports an unknown campaign in one line', () => {
    const list = lockstep(['campaigns', '--server', address]);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n')[0]).toMatch(/^CAMPAIGN\s+MEMBERS\s+SCORE/);
    const missing = lockstep(['campaign', 'cmp_does_not_exist', '--server', address]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^lockstep: error: PolicyService refused the call \(NOT_FOUND\)/);
  });

  it('stops gracefully on SIGTERM with exit code 0', async () => {
    const exited = exitedAndDrained(server);
    server.kill('SIGTERM');
    expect((await exited).code).toBe(0);
    expect(serverStderr).toMatch(/SIGTERM received, draining/);
  });
});
