import { ConfigError, loadConfig } from '@lockstep/config';
import { configSchema } from './index';

describe('featurizer config', () => {
  it('has working defaults and takes LOCKSTEP_* overrides', () => {
    const cfg = loadConfig(configSchema, { env: { LOCKSTEP_KAFKA_BROKERS: 'k1:9092,k2:9092', LOCKSTEP_MAX_ACCOUNTS: '5000', LOCKSTEP_GROUP_ID: 'g' } });
    expect(cfg).toMatchObject({ port: 9101, groupId: 'g', maxAccounts: 5000, ensureTopics: true, dedupCapacity: 200000 });
    expect(cfg.kafka.brokers).toEqual(['k1:9092', 'k2:9092']);
    expect(cfg.kafka.topics.usage).toBe('api.usage.v1');
  });

  it('names the bad key', () => {
    expect(() => loadConfig(configSchema, { flags: { port: 70000 } })).toThrow(ConfigError);
    expect(() => loadConfig(configSchema, { flags: { port: 70000 } })).toThrow("config key 'port' (from flag --port)");
  });
});
