import { ConfigError, loadConfig } from '@lockstep/config';
import { configSchema, validateAccountFeatures } from './index';

describe('detector config', () => {
  it('reads the policy address and report token from the environment', () => {
    const cfg = loadConfig(configSchema, { env: { LOCKSTEP_POLICY_SERVER: '10.1.2.3:6000', LOCKSTEP_REPORT_TOKEN: 'tok-12345678', LOCKSTEP_KAFKA_TOPICS_FEATURES: 'f.x' }, flags: { port: 0 } });
    expect(cfg).toMatchObject({ policyServer: '10.1.2.3:6000', reportToken: 'tok-12345678', port: 0, groupId: 'lockstep-detector', clusterInWorker: true });
    expect(cfg.kafka.topics.features).toBe('f.x');
  });

  it('names a bad policy address', () => {
    expect(() => loadConfig(configSchema, { env: { LOCKSTEP_POLICY_SERVER: 'nohostport' } })).toThrow(ConfigError);
    expect(() => loadConfig(configSchema, { env: { LOCKSTEP_POLICY_SERVER: 'nohostport' } })).toThrow("config key 'policyServer' (from LOCKSTEP_POLICY_SERVER)");
  });
});

describe('validateAccountFeatures', () => {
  const good = { schema: 'account.features.v1', account_id: 'a', event_ts: 1, features: {}, tokens: [] };
  it('accepts account.features.v1 values and names the bad field otherwise', () => {
    expect(validateAccountFeatures(good).ok).toBe(true);
    expect(validateAccountFeatures({ ...good, schema: 'x' })).toMatchObject({ ok: false, field: 'schema' });
    expect(validateAccountFeatures({ ...good, account_id: '' })).toMatchObject({ ok: false, code: 'missing_field', field: 'account_id' });
    expect(validateAccountFeatures({ ...good, tokens: 'a' })).toMatchObject({ ok: false, field: 'tokens' });
  });
});
