import * as grpc from '@grpc/grpc-js';
import { Gauge, type Registry } from 'prom-client';
import type { envoyauthv3 } from '@lockstep/contracts';
import {
  addHealth,
  addReflection,
  createRpcHistogram,
  createServer,
  grpcError,
  instrumentService,
  loadEnvoyAuthProto,
  loadPolicyProto,
} from '@lockstep/grpc';
import type { PolicyEngine } from '@lockstep/policy';
import type { Logger } from '@lockstep/observability';
import { withFastCheckCodec } from './check-codec';
import type { PolicyServiceConfig } from './config';
import { accountFromRequest, envoyResponse } from './envoy';
import { policyHandlers } from './handlers';
import type { WriteFn } from './writer';

export const POLICY_SERVICE_NAME = 'lockstep.policy.v1.PolicyService';
export const ENVOY_AUTH_SERVICE_NAME = 'envoy.service.auth.v3.Authorization';

/** Refuses calls with UNAVAILABLE until `isReady()` (i.e. while state is being rebuilt). */
function gate(definition: grpc.ServiceDefinition, impl: grpc.UntypedServiceImplementation, isReady: () => boolean): grpc.UntypedServiceImplementation {
  const out: grpc.UntypedServiceImplementation = {};
  const notYet = () => grpcError(grpc.status.UNAVAILABLE, 'policy state is still being rebuilt');
  for (const [key, method] of Object.entries(definition)) {
    const h = impl[key] as (...args: any[]) => void;
    if (!h) continue;
    out[key] = method.responseStream
      ? (call: grpc.ServerWritableStream<unknown, unknown>) => (isReady() ? h(call) : call.emit('error', notYet()))
      : (call: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<unknown>) => (isReady() ? h(call, cb) : cb(notYet() as grpc.ServiceError));
  }
  return out;
}

export interface PolicyGrpcServer {
  server: grpc.Server;
  setAll(status: 'SERVING' | 'NOT_SERVING'): void;
  /** Open WatchDecisions streams (a drain ends them). */
  watchers: Set<grpc.ServerWritableStream<unknown, unknown>>;
}

/**
 * PolicyService, Envoy ext_authz, grpc.health.v1 (NOT_SERVING until told) and reflection on one
 * server. Reads answer from `engine`; writes go through `write`. The server is not bound yet.
 */
export function buildPolicyServer(deps: {
  engine: PolicyEngine;
  config: PolicyServiceConfig;
  logger: Logger;
  registry: Registry;
  write: WriteFn;
  isReady: () => boolean;
  startedAtMs: number;
}): PolicyGrpcServer {
  const { engine, config, logger, registry, isReady } = deps;
  const server = createServer({ keepalive: config.keepalive });
  const { setAll } = addHealth(server, [POLICY_SERVICE_NAME, ENVOY_AUTH_SERVICE_NAME]);
  const watchers = new Set<grpc.ServerWritableStream<unknown, unknown>>();
  const histogram = createRpcHistogram(registry);
  const policyDef = loadPolicyProto();
  const envoyDef = loadEnvoyAuthProto();

  // status() walks every account; scrapes reuse a recent one so they never stall Check for long.
  let statusCache: { at: number; value: ReturnType<PolicyEngine['status']> } | null = null;
  const cachedStatus = () => {
    const now = Date.now();
    if (!statusCache || now - statusCache.at > 5000) statusCache = { at: now, value: engine.status(now) };
    return statusCache.value;
  };
  new Gauge({
    name: 'lockstep_policy_state_accounts',
    help: 'Accounts held in policy state, by effective action (refreshed at most every 5 s)',
    labelNames: ['action'],
    registers: [registry],
    collect() {
      for (const [a, n] of Object.entries(cachedStatus().accounts_by_action)) this.set({ action: a }, n);
    },
  });
  new Gauge({ name: 'lockstep_policy_state_overrides', help: 'Active overrides', registers: [registry], collect() { this.set(cachedStatus().overrides); } });
  new Gauge({ name: 'lockstep_policy_sequence', help: 'Last enforcement change sequence', registers: [registry], collect() { this.set(engine.sequence); } });
  new Gauge({ name: 'lockstep_policy_watchers', help: 'Open WatchDecisions streams', registers: [registry], collect() { this.set(watchers.size); } });

  const policyService = withFastCheckCodec(policyDef.grpc.lockstep.policy.v1.PolicyService.service);
  const handlers = policyHandlers({ engine, config, logger, write: deps.write, now: Date.now, watchers, startedAtMs: deps.startedAtMs });
  server.addService(policyService, instrumentService(policyService, gate(policyService, handlers as unknown as grpc.UntypedServiceImplementation, isReady), histogram, POLICY_SERVICE_NAME));

  const envoyService = envoyDef.grpc.envoy.service.auth.v3.Authorization.service;
  const envoyImpl: envoyauthv3.AuthorizationHandlers = {
    Check(call, cb) {
      const account = accountFromRequest(call.request, config.envoy.accountHeader);
      const now = Date.now();
      const result = account ? engine.check(account, now) : ({ action: 'allow', reason_code: 'unknown_account', campaign_id: '', decision_id: '', expires_at_ms: 0 } as const);
      cb(null, envoyResponse(result, now, config.envoy));
    },
  };
  server.addService(envoyService, instrumentService(envoyService, gate(envoyService, envoyImpl as unknown as grpc.UntypedServiceImplementation, isReady), histogram, ENVOY_AUTH_SERVICE_NAME));
  addReflection(server, policyDef.definition, envoyDef.definition);
  return { server, setAll, watchers };
}
