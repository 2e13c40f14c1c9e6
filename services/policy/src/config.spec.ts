import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { policyServiceConfigSchema, replicaCount, resolvePolicyRules } from './config';
import { SerialQueue } from './serial';

describe('policy service config', () => {
  it('has defaults', () => {
    const c = policyServiceConfigSchema.parse({});
    expect(c).toMatchObject({ port: 50051, maxBatchCheck: 1000, envoy: { accountHeader: 'x-lockstep-account' }, kafka: { topics: { enforcement: 'lockstep.enforcement.v1' } } });
    expect(c.reportToken).toBeUndefined();
  });
  it('runs one process by default; 0 means one replica per core, at most 8', () => {
    expect(policyServiceConfigSchema.parse({}).processes).toBe(1);
    expect(replicaCount({ processes: 1 }, 16)).toBe(1);
    expect(replicaCount({ processes: 3 }, 2)).toBe(3);
    expect(replicaCount({ processes: 0 }, 2)).toBe(2);
    expect(replicaCount({ processes: 0 }, 64)).toBe(8);
    expect(() => policyServiceConfigSchema.parse({ processes: -1 })).toThrow();
  });
  it('merges the policy file with inline keys, validating the result', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'policy-cfg-'));
    const file = path.join(dir, 'rules.json');
    writeFileSync(file, JSON.stringify({ shadow: { global: true }, scoreThresholds: { suspend: 0.9 } }));
    const rules = resolvePolicyRules(policyServiceConfigSchema.parse({ policyFile: file, policy: { scoreThresholds: { throttle: 0.55 } } }));
    expect(rules.shadow.global).toBe(true);
    expect(rules.scoreThresholds).toMatchObject({ throttle: 0.55, suspend: 0.9, monitor: 0.3 });
    writeFileSync(file, JSON.stringify({ protection: { maxAction: 'ban' } }));
    expect(() => resolvePolicyRules(policyServiceConfigSchema.parse({ policyFile: file }))).toThrow(/protection\.maxAction/);
    expect(() => resolvePolicyRules(policyServiceConfigSchema.parse({ policyFile: path.join(dir, 'missing.json') }))).toThrow(/policyFile/);
  });
  it('refuses a misspelt rule, from the file or inline, instead of enforcing its default', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'policy-cfg-'));
    const file = path.join(dir, 'rules.json');
    writeFileSync(file, JSON.stringify({ scoreThresholds: { supend: 0.9 } }));
    expect(() => resolvePolicyRules(policyServiceConfigSchema.parse({ policyFile: file }))).toThrow(
      `policy config key 'scoreThresholds.supend' (from policyFile ${file}) is not a known setting; did you mean 'scoreThresholds.suspend'?`,
    );
    writeFileSync(file, JSON.stringify({ scoreThresholds: { suspend: 0.9 } }));
    expect(() => resolvePolicyRules(policyServiceConfigSchema.parse({ policyFile: file, policy: { shadw: { global: true } } }))).toThrow(
      "policy config key 'shadw' (from config key 'policy') is not a known setting; did you mean 'shadow'?",
    );
  });
  it('rejects short tokens', () => {
    expect(policyServiceConfigSchema.safeParse({ adminToken: 'short' }).success).toBe(false);
  });
});

describe('SerialQueue', () => {
  it('runs tasks one at a time in order, continuing after a failure', async () => {
    const q = new SerialQueue();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = q.run(async () => {
      log.push('a-start');
      await gate;
      log.push('a-end');
    });
    const b = q.run(async () => {
      log.push('b');
      throw new Error('b failed');
    });
    const c = q.run(async () => log.push('c'));
    expect(q.size).toBe(3);
    release();
    await a;
    await expect(b).rejects.toThrow('b failed');
    await c;
    await q.idle();
    expect(log).toEqual(['a-start', 'a-end', 'b', 'c']);
    expect(q.size).toBe(0);
  });
});
