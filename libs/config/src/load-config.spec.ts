import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, kafkaConfigSchema, loadConfig, opsConfigSchema } from './index';

const schema = z.object({
  kafka: kafkaConfigSchema,
  ops: opsConfigSchema,
  port: z.number().int().min(1).max(65535).default(50051),
  shadowMode: z.boolean().default(false),
  maxAccounts: z.number().int().positive().default(1000),
});

function tmpFile(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-config-'));
  const file = join(dir, 'config.json');
  writeFileSync(file, content);
  return file;
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('returns schema defaults when nothing is given', () => {
    const cfg = loadConfig(schema, {});
    expect(cfg.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(cfg.kafka.topics.usage).toBe('api.usage.v1');
    expect(cfg.kafka.topics.enforcement).toBe('lockstep.enforcement.v1');
    expect(cfg.port).toBe(50051);
    expect(cfg.ops.port).toBe(9464);
  });

  it('maps LOCKSTEP_ env names onto nested camelCase keys and coerces types', () => {
    const cfg = loadConfig(schema, {
      env: {
        LOCKSTEP_KAFKA_BROKERS: 'a:9092, b:9093',
        LOCKSTEP_KAFKA_CLIENT_ID: 'feat-1',
        LOCKSTEP_KAFKA_TOPICS_USAGE_DLQ: 'dlq.x',
        LOCKSTEP_OPS__PORT: '9999',
        LOCKSTEP_SHADOW_MODE: 'true',
        LOCKSTEP_MAX_ACCOUNTS: '42',
        LOCKSTEP_SOMETHING_ELSE: 'ignored',
        PATH: '/bin',
      },
    });
    expect(cfg.kafka.brokers).toEqual(['a:9092', 'b:9093']);
    expect(cfg.kafka.clientId).toBe('feat-1');
    expect(cfg.kafka.topics.usageDlq).toBe('dlq.x');
    expect(cfg.kafka.topics.usage).toBe('api.usage.v1');
    expect(cfg.ops.port).toBe(9999);
    expect(cfg.shadowMode).toBe(true);
    expect(cfg.maxAccounts).toBe(42);
  });

  it('applies flags over env over file over defaults', () => {
    const file = tmpFile(JSON.stringify({ port: 1111, maxAccounts: 7, kafka: { clientId: 'from-file', brokers: ['f:1'] } }));
    const cfg = loadConfig(schema, {
      file,
      env: { LOCKSTEP_PORT: '2222', LOCKSTEP_KAFKA_CLIENT_ID: 'from-env' },
      flags: { port: '3333', kafkaBrokers: undefined },
    });
    expect(cfg.port).toBe(3333);
    expect(cfg.kafka.clientId).toBe('from-env');
    expect(cfg.kafka.brokers).toEqual(['f:1']);
    expect(cfg.maxAccounts).toBe(7);
    expect(cfg.kafka.topics.decisions).toBe('lockstep.decisions.v1');
  });

  it('accepts camelCase, kebab and dotted flag names', () => {
    const cfg = loadConfig(schema, { flags: { kafkaBrokers: 'x:1,y:2', 'ops.port': 0, 'shadow-mode': 'false' } });
    expect(cfg.kafka.brokers).toEqual(['x:1', 'y:2']);
    expect(cfg.ops.port).toBe(0);
    expect(cfg.shadowMode).toBe(false);
  });

  it('names the bad env key and variable', () => {
    const err = errorOf(() => loadConfig(schema, { env: { LOCKSTEP_KAFKA_BROKERS: 'no-port-here' } }));
    expect(err.key).toBe('kafka.brokers.0');
    expect(err.message).toContain("config key 'kafka.brokers.0'");
    expect(err.message).toContain('(from LOCKSTEP_KAFKA_BROKERS)');
  });

  it('names the bad flag', () => {
    const err = errorOf(() => loadConfig(schema, { flags: { port: 'abc' } }));
    expect(err.message).toMatch(/^config key 'port' \(from flag --port\): /);
  });

  it('names the file for a bad file value', () => {
    const file = tmpFile(JSON.stringify({ maxAccounts: -5 }));
    const err = errorOf(() => loadConfig(schema, { file }));
    expect(err.key).toBe('maxAccounts');
    expect(err.message).toContain(`(from file ${file})`);
  });

  it('rejects a key of the file that the schema does not have, instead of silently dropping it', () => {
    const file = tmpFile(JSON.stringify({ port: 4000, kafka: { clientID: 'x' } }));
    const err = errorOf(() => loadConfig(schema, { file }));
    expect(err.key).toBe('kafka.clientID');
    expect(err.message).toBe(`config key 'kafka.clientID' (from file ${file}) is not a known setting; did you mean 'kafka.clientId'?`);
    // Known keys only: the same file without the typo loads.
    expect(loadConfig(schema, { file: tmpFile(JSON.stringify({ port: 4000, kafka: { clientId: 'x' } })) }).kafka.clientId).toBe('x');
  });

  it('reports unreadable or malformed files', () => {
    expect(errorOf(() => loadConfig(schema, { file: '/nonexistent/lockstep.json' })).message).toContain('cannot be read');
    expect(errorOf(() => loadConfig(schema, { file: tmpFile('{ nope') })).message).toContain('is not valid JSON');
    expect(errorOf(() => loadConfig(schema, { file: tmpFile('[1]') })).message).toContain('must hold a JSON object');
  });

  it('reports a required key without default as not set', () => {
    const strict = z.object({ policy: z.object({ address: z.string() }) });
    const err = errorOf(() => loadConfig(strict, { env: {} }));
    expect(err.message).toBe("config key 'policy' is required but not set");
  });

  it('honours a custom env prefix', () => {
    const cfg = loadConfig(schema, { env: { APP_PORT: '4444', LOCKSTEP_PORT: '5555' }, envPrefix: 'APP_' });
    expect(cfg.port).toBe(4444);
  });
});
