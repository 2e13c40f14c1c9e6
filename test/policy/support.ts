// Helpers for the policy service integration tests.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { policyv1 } from '@lockstep/contracts';
import type { Admin } from 'kafkajs';
import { deleteTestTopics, testBrokers, testKafka, uniqueName } from '../support/kafka';

export const ROOT = path.resolve(__dirname, '../..');
export const REPORT_TOKEN = 'report-token-for-tests';
export const ADMIN_TOKEN = 'admin-token-for-tests';

export function serviceConfig(topic: string, extra: Record<string, unknown> = {}) {
  return {
    port: 0,
    host: '127.0.0.1',
    ops: { port: 0 },
    logLevel: 'silent' as const,
    reportToken: REPORT_TOKEN,
    adminToken: ADMIN_TOKEN,
    drainMs: 2000,
    expirySweepMs: 200,
    kafka: { brokers: testBrokers(), clientId: 'policy-test', topics: { enforcement: topic } },
    // LOCKSTEP_TEST_POLICY_PROCESSES=2 runs the same suites against writer + read replicas.
    ...(process.env.LOCKSTEP_TEST_POLICY_PROCESSES ? { processes: Number(process.env.LOCKSTEP_TEST_POLICY_PROCESSES) } : {}),
    ...extra,
  };
}

export function enforcementTopic(): string {
  return uniqueName('enforcement');
}

let n = 0;
export function decision(over: Partial<policyv1.Decision> = {}): policyv1.Decision {
  n++;
  return {
    decision_id: `dec-${Date.now().toString(36)}-${n}`,
    account_id: 'acct-1',
    action: 'SUSPEND',
    score: 0.95,
    campaign_id: 'camp-1',
    event_ts_ms: Date.now(),
    evidence: [
      { signal: 'shared_template', value: 14, weight: 0.4, detail: '14 accounts share template 3f2a' },
      { signal: 'card_reuse', value: 9, weight: 0.3, detail: '9 accounts share payment_fp' },
      { signal: 'creation_burst', value: 30, weight: 0.3, detail: '30 accounts created in 10 min' },
    ],
    summary: 'distillation farm',
    tier: 'free',
    verified: false,
    ...over,
  };
}

/** The policy service in a child process (tsx over the TypeScript sources). */
export interface ServerProcess {
  child: ChildProcess;
  port: number;
  opsPort: number;
  address: string;
  exited: Promise<number | null>;
}

export function spawnServer(config: Record<string, unknown>): Promise<ServerProcess> {
  // tsx as a loader inside this very process (not the tsx CLI, which forks a grandchild): the pid
  // we kill -9 is the server itself.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures/serve-policy.ts')], {
    cwd: ROOT,
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(ROOT, 'tsconfig.base.json'), LOCKSTEP_TEST_POLICY_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`policy child did not start: ${err}`)), 90_000);
    child.stderr!.on('data', (b) => (err += b.toString()));
    child.stdout!.on('data', (b) => {
      out += b.toString();
      const m = /READY (\d+) (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        const port = Number(m[1]);
        resolve({ child, port, opsPort: Number(m[2]), address: `127.0.0.1:${port}`, exited });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`policy child exited (${code}) before READY: ${err}`));
    });
    // Keep reading so the child never blocks on a full pipe, without holding the test process open.
    for (const pipe of [child.stdout, child.stderr]) (pipe as unknown as { unref(): void }).unref();
    child.unref();
  });
}

/**
 * Jest lifecycle for a suite that runs policy services as child processes on enforcement topics it
 * creates: `spawn(topic)` starts one (with `extra` config), and after the suite every child still
 * running is killed and every topic in `topics` deleted.
 */
export function policyProcesses(clientId: string, extra: Record<string, unknown> = {}): { topics: string[]; spawn(topic: string): Promise<ServerProcess> } {
  let admin: Admin;
  const topics: string[] = [];
  const children: ServerProcess[] = [];
  beforeAll(async () => {
    admin = testKafka(clientId).admin();
    await admin.connect();
  });
  afterAll(async () => {
    for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
    await deleteTestTopics(admin, topics);
    await admin.disconnect();
  });
  return {
    topics,
    async spawn(topic: string) {
      const p = await spawnServer(serviceConfig(topic, { logLevel: 'warn', ...extra }));
      children.push(p);
      return p;
    },
  };
}
