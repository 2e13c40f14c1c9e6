/**
 * `lockstep simulate` as a user runs it (the built binary): to a gzip file with labels, to the
 * local Kafka broker at a given rate, and its error paths (one line on stderr, non-zero exit).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { EventValidator } from '@lockstep/contracts';
import { parseLabelsCsv } from '@lockstep/sim';
import { deleteTestTopics, readTopic, testBrokers, testKafka, uniqueName } from '../support/kafka';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'services/cli/bin/lockstep.js');
const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LOCKSTEP_')));

function lockstep(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...cleanEnv(), ...env }, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectOneLineError(r: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(r.code).not.toBe(0);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('lockstep simulate', () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-sim-'))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes valid, ordered, reproducible events (gzip) and matching labels', () => {
    const out = path.join(dir, 'a.jsonl.gz');
    const labels = path.join(dir, 'a.csv');
    const r = lockstep(['simulate', '--seed', '5', '--accounts', '300', '--hours', '4', '--out', out, '--labels', labels]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/wrote \d+ events for \d+ accounts/);
    const lines = zlib.gunzipSync(fs.readFileSync(out)).toString('utf8').trimEnd().split('\n');
    const v = new EventValidator();
    let last = 0;
    const accounts = new Set<string>();
    for (const line of lines) {
      const res = v.validateRaw(line);
      if (!res.ok) throw new Error(res.message);
      expect(res.event.ts).toBeGreaterThanOrEqual(last);
      last = res.event.ts;
      accounts.add(res.event.account_id);
    }
    const rows = parseLabelsCsv(fs.readFileSync(labels, 'utf8'));
    expect(new Set(rows.map((l) => l.account_id))).toEqual(accounts);
    expect(rows.some((l) => l.label === 'campaign')).toBe(true);

    const again = path.join(dir, 'b.jsonl');
    expect(lockstep(['simulate', '--seed', '5', '--accounts', '300', '--hours', '4', '--out', again, '--quiet']).code).toBe(0);
    expect(fs.readFileSync(again, 'utf8')).toBe(lines.join('\n') + '\n');
  });

  it('fails in one line on a missing destination, a bad flag or a missing folder', () => {
    expectOneLineError(lockstep(['simulate']), /missing destination/);
    expectOneLineError(lockstep(['simulate', '--out', path.join(dir, 'x.jsonl'), '--accounts', 'many']), /accounts/);
    expectOneLineError(lockstep(['simulate', '--out', path.join(dir, 'x.jsonl'), '--without', 'hydra,nope']), /unknown family 'nope'/);
    expectOneLineError(lockstep(['simulate', '--out', path.join(dir, 'no', 'such', 'x.jsonl')]), /folder does not exist/);
  });

  it('fails in one line when Kafka is unreachable', () => {
    const r = lockstep(['simulate', '--kafka', '--accounts', '50', '--hours', '1'], { LOCKSTEP_KAFKA_BROKERS: '127.0.0.1:1' });
    expectOneLineError(r, /cannot reach Kafka at 127\.0\.0\.1:1/);
  });

  it('creates the missing topic and produces the scenario to it, keyed by account, at the requested rate', async () => {
    const kafka = testKafka();
    const admin = kafka.admin();
    await admin.connect();
    const topic = uniqueName('sim');
    try {
      const file = path.join(dir, 'k.jsonl');
      expect(lockstep(['simulate', '--seed', '2', '--accounts', '60', '--hours', '1', '--out', file, '--quiet']).code).toBe(0);
      const expected = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
      const child = spawn(process.execPath, [BIN, 'simulate', '--seed', '2', '--accounts', '60', '--hours', '1', '--kafka', '--topic', topic, '--rate', '5000'], {
        cwd: ROOT,
        env: { ...cleanEnv(), LOCKSTEP_KAFKA_BROKERS: testBrokers().join(',') },
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(0);
      expect(stderr).toContain(`created topic ${topic}`);
      expect(stderr).toContain(`wrote ${expected.length} events`);
      const msgs = await readTopic(kafka, topic, expected.length);
      expect(msgs).toHaveLength(expected.length);
      const ids = new Set(expected.map((l) => (JSON.parse(l) as { event_id: string }).event_id));
      for (const m of msgs) {
        const e = JSON.parse(m.value!.toString()) as { event_id: string; account_id: string; ts: number };
        expect(ids.has(e.event_id)).toBe(true);
        expect(m.key!.toString()).toBe(e.account_id);
        expect(Number(m.timestamp)).toBe(e.ts);
      }
    } finally {
      await deleteTestTopics(admin, [topic]);
      await admin.disconnect();
    }
  }, 120_000);
});
