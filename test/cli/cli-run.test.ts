/**
 * `lockstep run --input`: the single-box deployment fed from a file, then queried with the
 * client commands over its gRPC port, then stopped with SIGTERM. Fed from a file it needs no broker
 * (its brokers point at a closed port); with `stateStore: kafka` it persists to its own topic.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deleteTestTopics, testBrokers, testKafka, uniqueName } from '../support/kafka';
import { freePort } from '../support/processes';
import { writeScenario } from '../support/scenario';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'services/cli/bin/lockstep.js');
const TOPIC = uniqueName('cli-run-enforcement');

function env(brokers = testBrokers().join(',')): Record<string, string> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LOCKSTEP_'))) as Record<string, string>;
  return { ...base, LOCKSTEP_KAFKA_BROKERS: brokers, LOCKSTEP_KAFKA_TOPICS_ENFORCEMENT: TOPIC, LOCKSTEP_OPS_PORT: '0', LOCKSTEP_LOG_LEVEL: 'warn' };
}

function lockstep(args: string[]) {
  const res = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: env(), encoding: 'utf8', timeout: 60_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

let tmp: string;
let box: ChildProcess;
let stderr = '';
let address: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-cli-run-'));
  // 30,000 simulated events (several hours): enough for the farms to be found.
  const input = writeScenario(tmp, { maxEvents: 30_000, hours: 24 }).events;
  const port = await freePort();
  address = `127.0.0.1:${port}`;
  // Nothing listens on this port: a file-fed box must not need Kafka.
  const noBroker = `127.0.0.1:${await freePort()}`;
  box = spawn(process.execPath, [BIN, 'run', '--input', input, '--port', String(port)], { cwd: ROOT, env: env(noBroker), stdio: ['ignore', 'ignore', 'pipe'] });
  box.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      if (stderr.includes('still serving')) {
        clearInterval(poll);
        resolve();
      } else if (box.exitCode !== null) {
        clearInterval(poll);
        reject(new Error(`run exited early: ${stderr}`));
      }
    }, 200);
  });
});

afterAll(async () => {
  if (box && box.exitCode === null) {
    box.kill('SIGKILL');
    await new Promise((r) => box.once('exit', r));
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  const admin = testKafka('cli-test').admin();
  await admin.connect();
  await deleteTestTopics(admin, [TOPIC]);
  await admin.disconnect();
});

describe('lockstep run --input', () => {
  it('reports what it processed', () => {
    expect(stderr).toMatch(/run: input done: 30000 events, 0 malformed lines, \d+ decisions \(\d+ delivered\)/);
    const [, decisions, delivered] = /(\d+) decisions \((\d+) delivered\)/.exec(stderr)!;
    expect(Number(delivered)).toBe(Number(decisions));
    expect(Number(decisions)).toBeGreaterThan(0);
  });

  it('serves what the pipeline decided to the client commands', () => {
    const campaigns = JSON.parse(lockstep(['campaigns', '--server', address, '--json']).stdout) as { campaigns: { campaign_id: string; members: string[] }[] };
    expect(campaigns.campaigns.length).toBeGreaterThan(0);
    const biggest = campaigns.campaigns.sort((a, b) => b.members.length - a.members.length)[0]!;
    const account = lockstep(['account', biggest.members[0]!, '--server', address]);
    expect(account.code).toBe(0);
    expect(account.stdout).toMatch(new RegExp(`^campaign:\\s+${biggest.campaign_id}$`, 'm'));
    const status = JSON.parse(lockstep(['status', '--server', address, '--json']).stdout) as { accounts: number };
    expect(status.accounts).toBeGreaterThanOrEqual(biggest.members.length);
  });

  it('stops gracefully on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => box.once('exit', (code) => resolve(code)));
    box.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
  it('with stateStore kafka, writes enforcement state to the topic', async () => {
    fs.mkdirSync(path.join(tmp, 'persisted'));
    const input = writeScenario(path.join(tmp, 'persisted'), { maxEvents: 30_000, hours: 24 }).events;
    const cfg = path.join(tmp, 'persisted.json');
    fs.writeFileSync(cfg, JSON.stringify({ stateStore: 'kafka' }));
    const port = await freePort();
    const res = spawnSync(process.execPath, [BIN, 'run', '--input', input, '--port', String(port), '--config', cfg, '--exit-when-done'], { cwd: ROOT, env: env(), encoding: 'utf8', timeout: 120_000 });
    expect([res.status, res.stderr]).toEqual([0, expect.stringMatching(/input done: 30000 events/)]);
    const admin = testKafka('cli-run-persisted').admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(TOPIC);
      expect(offsets.reduce((n, o) => n + Number(o.high), 0)).toBeGreaterThan(0);
    } finally {
      await admin.disconnect();
    }
  }, 150_000);
});
