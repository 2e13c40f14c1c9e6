import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clientConfigSchema } from './client-config';
import { definedOnly, resolveConfig } from './config';
import { pipelineConfigSchema } from './pipeline-config';

describe('definedOnly', () => {
  it('drops undefined leaves and objects of them, keeps falsy values and deliberately empty objects', () => {
    expect(definedOnly({ a: undefined, b: 0, c: false, d: { e: undefined }, f: { g: '' }, h: {} })).toEqual({ b: 0, c: false, f: { g: '' }, h: {} });
  });
});

describe('resolveConfig (flags > env > file > defaults)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-cli-config-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'c.json');
  fs.writeFileSync(file, JSON.stringify({ server: 'file:1', timeoutMs: 1111, actor: 'from-file' }));

  it('layers the sources in order of precedence', () => {
    const env = { LOCKSTEP_SERVER: 'env:2', LOCKSTEP_TIMEOUT_MS: '2222' };
    expect(resolveConfig(clientConfigSchema, { configFile: file, env })).toMatchObject({ server: 'env:2', timeoutMs: 2222, actor: 'from-file' });
    expect(resolveConfig(clientConfigSchema, { configFile: file, env, flags: { server: 'flag:3', timeoutMs: undefined } })).toMatchObject({ server: 'flag:3', timeoutMs: 2222 });
    expect(resolveConfig(clientConfigSchema, { env: {} })).toEqual({ server: '127.0.0.1:50051', timeoutMs: 5000 });
  });

  it('switches client TLS on from --tls alone, from a CA flag, or from the env', () => {
    expect(resolveConfig(clientConfigSchema, { env: {}, flags: { clientTls: {} } }).clientTls).toEqual({});
    expect(resolveConfig(clientConfigSchema, { env: {}, flags: { clientTls: undefined, 'clientTls.caFile': 'ca.pem' } }).clientTls).toEqual({ caFile: 'ca.pem' });
    expect(resolveConfig(clientConfigSchema, { env: { LOCKSTEP_CLIENT_TLS__CA_FILE: 'env-ca.pem' } }).clientTls).toEqual({ caFile: 'env-ca.pem' });
    expect(resolveConfig(clientConfigSchema, { env: { LOCKSTEP_TLS__CERT_FILE: 'server.pem' } }).clientTls).toBeUndefined();
    expect(() => resolveConfig(clientConfigSchema, { env: {}, flags: { 'clientTls.certFile': 'c.pem' } })).toThrow(/config key 'clientTls'.*certFile and keyFile go together/);
  });

  it('reads LOCKSTEP_ADMIN_TOKEN as the admin token', () => {
    expect(resolveConfig(clientConfigSchema, { env: { LOCKSTEP_ADMIN_TOKEN: 's3cret' } }).adminToken).toBe('s3cret');
  });

  it('names the bad key and where it came from', () => {
    expect(() => resolveConfig(clientConfigSchema, { env: { LOCKSTEP_TIMEOUT_MS: 'soon' } })).toThrow(/config key 'timeoutMs' \(from LOCKSTEP_TIMEOUT_MS\)/);
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ detector: { reclusterEveryMs: -1 } }));
    expect(() => resolveConfig(pipelineConfigSchema, { configFile: bad, env: {} })).toThrow(`config key 'detector.reclusterEveryMs' (from file ${bad})`);
  });

  it('refuses a missing config file before reading anything', () => {
    expect(() => resolveConfig(clientConfigSchema, { configFile: path.join(dir, 'none.json'), env: {} })).toThrow(`config file not found: ${path.join(dir, 'none.json')}`);
  });

  it('fills pipeline defaults, including the policy rules', () => {
    const cfg = resolveConfig(pipelineConfigSchema, { env: {} });
    expect(cfg.features).toEqual({});
    expect(cfg.policy.scoreThresholds.suspend).toBeGreaterThan(0);
  });

  it('passes every detector cadence through (an unlisted key would be dropped without a word)', () => {
    const env = { LOCKSTEP_DETECTOR__RECLUSTER_EVERY_MS: '600000', LOCKSTEP_DETECTOR__REFIT_EVERY_MS: '1800000' };
    expect(resolveConfig(pipelineConfigSchema, { env }).detector).toMatchObject({ reclusterEveryMs: 600_000, refitEveryMs: 1_800_000 });
  });

  it('refuses a misspelt setting in a replay config file, naming it and what it probably meant', () => {
    const write = (name: string, value: unknown) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, JSON.stringify(value));
      return f;
    };
    const typo = write('typo.json', { detector: { reclusterEvryMs: 600_000 } });
    expect(() => resolveConfig(pipelineConfigSchema, { configFile: typo, env: {} })).toThrow(
      `config key 'detector.reclusterEvryMs' (from file ${typo}) is not a known setting; did you mean 'detector.reclusterEveryMs'?`,
    );
    // Detector thresholds and clustering tuning were free-form records: any key passed and was ignored.
    const threshold = write('threshold.json', { detector: { thresholds: { suspnd: 0.9 } } });
    expect(() => resolveConfig(pipelineConfigSchema, { configFile: threshold, env: {} })).toThrow("did you mean 'detector.thresholds.suspend'?");
    const tuning = write('tuning.json', { detector: { clustering: { minPurty: 0.6 } } });
    expect(() => resolveConfig(pipelineConfigSchema, { configFile: tuning, env: {} })).toThrow("did you mean 'detector.clustering.minPurity'?");
    const good = write('good.json', { detector: { thresholds: { suspend: 0.9 }, clustering: { minPurity: 0.6, maxK: 8 } } });
    expect(resolveConfig(pipelineConfigSchema, { configFile: good, env: {} }).detector).toMatchObject({ thresholds: { suspend: 0.9 }, clustering: { minPurity: 0.6, maxK: 8 } });
  });

  it('checks detector thresholds: shares of 1, in action order once merged with the defaults', () => {
    const f = path.join(dir, 'order.json');
    fs.writeFileSync(f, JSON.stringify({ detector: { thresholds: { challenge: 0.95 } } }));
    expect(() => resolveConfig(pipelineConfigSchema, { configFile: f, env: {} })).toThrow(/config key 'detector\.thresholds\.suspend' \(from file .*\): must be at least challenge \(0\.95\), got 0\.85/);
    fs.writeFileSync(f, JSON.stringify({ detector: { thresholds: { challenge: 0.95, suspend: 0.97 } } }));
    expect(resolveConfig(pipelineConfigSchema, { configFile: f, env: {} }).detector.thresholds).toEqual({ challenge: 0.95, suspend: 0.97 });
    fs.writeFileSync(f, JSON.stringify({ detector: { thresholds: { suspend: 1.5 } } }));
    expect(() => resolveConfig(pipelineConfigSchema, { configFile: f, env: {} })).toThrow(/config key 'detector\.thresholds\.suspend'/);
  });
});
