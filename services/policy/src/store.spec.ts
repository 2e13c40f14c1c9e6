import type { StateValue } from '@lockstep/policy';
import { createLogger } from '@lockstep/observability';
import { policyServiceConfigSchema } from './config';
import { startPolicyService } from './service';
import { EnforcementStore, EphemeralStore, enforcementStoreFor } from './store';

const logger = createLogger('policy-store-spec', { level: 'silent' });

describe('state store choice', () => {
  it('is the enforcement topic by default, and keeps nothing with stateStore memory', async () => {
    expect(enforcementStoreFor(policyServiceConfigSchema.parse({}), logger)).toBeInstanceOf(EnforcementStore);
    const mem = enforcementStoreFor(policyServiceConfigSchema.parse({ stateStore: 'memory' }), logger);
    expect(mem).toBeInstanceOf(EphemeralStore);
    await mem.connect();
    await mem.write([{ key: 'account:a', value: {} as unknown as StateValue }]);
    const loaded: string[] = [];
    expect(await mem.rebuild((k) => loaded.push(k))).toBe(0);
    expect(loaded).toEqual([]);
    await mem.close();
  });
  it('refuses stateStore memory with read replicas (they rebuild from the store)', async () => {
    await expect(startPolicyService({ stateStore: 'memory', processes: 2, port: 0 }, { logger })).rejects.toThrow(/stateStore.*processes 1/);
    expect(() => policyServiceConfigSchema.parse({ stateStore: 'disk' })).toThrow();
  });
});
