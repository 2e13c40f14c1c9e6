import type { Logger } from '@lockstep/observability';
import { startPolicyService, type PolicyServiceHandle } from './service';
import type { PolicyServiceConfigInput } from './config';

export { policyServiceConfigSchema, resolvePolicyRules, type PolicyServiceConfig, type PolicyServiceConfigInput } from './config';
export { startPolicyService, POLICY_SERVICE_NAME, ENVOY_AUTH_SERVICE_NAME, type PolicyServiceHandle } from './service';
export { envoyResponse, accountFromRequest, type EnvoyMappingOptions } from './envoy';

let current: PolicyServiceHandle | null = null;

/** Starts the service (the CLI's `lockstep serve policy`). One instance per process via start/stop. */
export async function start(config: PolicyServiceConfigInput, opts: { logger?: Logger } = {}): Promise<PolicyServiceHandle> {
  if (current) throw new Error('policy service already started in this process');
  current = await startPolicyService(config, opts);
  return current;
}

/** Drains in-flight calls and stops. Safe to call twice. */
export async function stop(): Promise<void> {
  const c = current;
  current = null;
  await c?.stop();
}
