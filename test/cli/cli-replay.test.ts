/**
 * `lockstep replay` through the built binary: file and stdin input, output to a file or stdout,
 * malformed lines counted (never fatal), byte-identical output across runs, labels report.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { writeScenario } from '../support/scenario';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'services/cli/bin/lockstep.js');

function lockstep(args: string[], input?: string | Buffer) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LOCKSTEP_')));
  const res = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env, input, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

let tmp: string;
let events: string;
let lines: string[];
let LABELS: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-cli-replay-'));
  // 8,000 simulated events, plus two malformed lines.
  const scenario = writeScenario(tmp, { maxEvents: 8000 });
  lines = scenario.lines;
  LABELS = scenario.labels;
  lines.splice(100, 0, 'this is not json');
  lines.splice(200, 0, JSON.stringify({ event_id: 'x', ts: 1 }));
  events = path.join(tmp, 'events.jsonl');
  fs.writeFileSync(events, `${lines.join('\n')}\n`);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('lockstep replay', () => {
  it('writes action changes as JSON lines and reports malformed lines without failing', () => {
    const out = path.join(tmp, 'a.jsonl');
    const run = lockstep(['replay', '--input', events, '--output', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/8002 lines, 8000 valid, 2 malformed/);
    const changes = fs.readFileSync(out, 'utf8').trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const c of changes) expect(Object.keys(c)).toEqual(['account_id', 'action', 'event_ts', 'score', 'campaign_id', 'reasons']);
    const ts = changes.map((c) => c.event_ts as number);
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
  });

  it('gives byte-identical output for the same input, from a file or gzip on stdin', () => {
    const a = path.join(tmp, 'det-a.jsonl');
    const b = path.join(tmp, 'det-b.jsonl');
    expect(lockstep(['replay', '--input', events, '--output', a]).code).toBe(0);
    expect(lockstep(['replay', '--input', '-', '--output', b], zlib.gzipSync(fs.readFileSync(events))).code).toBe(0);
    expect(fs.readFileSync(b)).toEqual(fs.readFileSync(a));
  });

  it("keeps stdout for the decisions with --output -, and the report on stderr", () => {
    const run = lockstep(['replay', '--input', events, '--output', '-']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/2 malformed/);
    for (const l of run.stdout.trimEnd().split('\n').filter(Boolean)) expect(() => JSON.parse(l)).not.toThrow();
  });

  it('prints the evaluation with --labels', () => {
    const run = lockstep(['replay', '--input', events, '--output', path.join(tmp, 'l.jsonl'), '--labels', LABELS]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/precision:/);
    expect(run.stdout).toMatch(/recall:/);
  });
});
