import * as grpc from '@grpc/grpc-js';
import { Counter, Gauge } from 'prom-client';
import type { envoyauthv3 } from '@lockstep/contracts';
import {
  addHealth,
  addReflection,
  bindServer,
  createRpcHistogram,
  createServer,
  grpcError,
  instrumentService,
  loadEnvoyAuthProto,
  loadPolicyProto,
  serverCredentials,
  shutdownServer,
} from '@lockstep/grpc';
import { PolicyEngine, StalePlanError, type Plan } from '@lockstep/policy';
import { createLogger, createMetrics, startOpsServer, type Logger, type OpsServer } from '@lockstep/observability';
import { policyServiceConfigSchema, resolvePolicyRules, type PolicyServiceConfig, type PolicyServiceConfigInput } from './config';
import { accountFromRequest, envoyResponse } from './envoy';
import { policyHandlers } from './handlers';
import { SerialQueue } from './serial';
import { EnforcementStore } from './store';

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

export interface PolicyServiceHandle {
  /** The bound gRPC port. */
  port: number;
  opsPort: number;
  engine: PolicyEngine;
  config: PolicyServiceConfig;
  /** Number of state records read back from the topic at start. */
  rebuiltRecords: number;
  stop(): Promise<void>;
}

/**
 * Starts the policy service: rebuilds state from the enforcement topic, then serves PolicyService,
 * Envoy ext_authz, health (SERVING only once rebuilt) and reflection on one port, plus /metrics.
 */
export async function startPolicyService(input: PolicyServiceConfigInput, opts: { logger?: Logger } = {}): Promise<PolicyServiceHandle> {
  const config = policyServiceConfigSchema.parse(input);
  const rules = resolvePolicyRules(config);
  const logger = opts.logger ?? createLogger('policy', { level: config.logLevel });
  const engine = new PolicyEngine(rules);
  const metrics = createMetrics('policy');
  const registry = metrics.registry;
  let ready = false;

  const ops: OpsServer = await startOpsServer({ port: config.ops.port, host: config.ops.host, registry, isReady: () => ready });
  const store = new EnforcementStore({
    brokers: config.kafka.brokers,
    clientId: `${config.kafka.clientId}-policy`,
    topic: config.kafka.topics.enforcement,
    partitions: config.enforcementPartitions,
    logger,
  });

  const server = createServer({ keepalive: config.keepalive });
  const { setAll } = addHealth(server, [POLICY_SERVICE_NAME, ENVOY_AUTH_SERVICE_NAME]);

  const decisionsTotal = new Counter({
    name: 'lockstep_policy_decisions_total',
    help: 'Detector decisions applied, by the automatic action the policy gave them',
    labelNames: ['action'],
    registers: [registry],
  });
  const duplicatesTotal = new Counter({ name: 'lockstep_policy_duplicate_decisions_total', help: 'Decisions ignored as already applied (by decision_id)', registers: [registry] });
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
  const watchersGauge = new Gauge({ name: 'lockstep_policy_watchers', help: 'Open WatchDecisions streams', registers: [registry] });
  // A failed write means nothing was acknowledged (ReportDecisions, overrides, expiry all wait on it).
  const enforcementWrites = new Counter({
    name: 'lockstep_policy_enforcement_writes_total',
    help: 'Writes of state records to the enforcement topic, by outcome (ok, error)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  for (const outcome of ['ok', 'error']) enforcementWrites.inc({ outcome }, 0);

  const queue = new SerialQueue();
  const watchers = new Set<grpc.ServerWritableStream<unknown, unknown>>();
  let stopping = false;

  /** Plan, write to the topic (acks=-1), and only then commit: the caller acknowledges after this resolves. */
  const mutate = (make: () => Plan, deadline: number): Promise<Plan> =>
    queue.run(async () => {
      if (stopping) throw grpcError(grpc.status.UNAVAILABLE, 'server is shutting down');
      if (Date.now() >= deadline) throw grpcError(grpc.status.DEADLINE_EXCEEDED, 'deadline passed while queued');
      for (;;) {
        const plan = make();
        if (plan.records.length > 0) {
          const left = Number.isFinite(deadline) ? deadline - Date.now() : 30_000;
          try {
            await store.write(plan.records, Math.max(1000, Math.min(30_000, left)));
            enforcementWrites.inc({ outcome: 'ok' });
          } catch (err) {
            enforcementWrites.inc({ outcome: 'error' });
            throw err;
          }
        }
        try {
          engine.commit(plan);
          return plan;
        } catch (err) {
          // Only the queue mutates, so this cannot happen; recompute rather than lose the write.
          if (!(err instanceof StalePlanError)) throw err;
        }
      }
    });

  const startedAtMs = Date.now();
  const histogram = createRpcHistogram(registry);
  const policyDef = loadPolicyProto();
  const envoyDef = loadEnvoyAuthProto();
  const policyService = policyDef.grpc.lockstep.policy.v1.PolicyService.service;
  const handlers = policyHandlers({
    engine,
    config,
    logger,
    mutate,
    now: Date.now,
    watchers,
    startedAtMs,
    onDecisions: (plan) => {
      duplicatesTotal.inc(plan.duplicates);
      for (const acc of plan.accounts.values()) if (acc.current && plan.changes.some((c) => c.account_id === acc.account_id)) decisionsTotal.inc({ action: acc.current.action });
    },
  });
  const isReady = () => ready;
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

  // Bound before the rebuild so probes see NOT_SERVING (not a refused connection) meanwhile;
  // every RPC answers UNAVAILABLE until the state is rebuilt.
  let port: number;
  let rebuiltRecords = 0;
  try {
    port = await bindServer(server, `${config.host}:${config.port}`, serverCredentials(config.tls ?? null));
    await store.connect();
    const t0 = Date.now();
    rebuiltRecords = await store.rebuild((k, v) => engine.loadRecord(k, v));
    logger.info({ records: rebuiltRecords, accounts: engine.accountCount, sequence: engine.sequence, ms: Date.now() - t0 }, 'state rebuilt');
  } catch (err) {
    server.forceShutdown();
    await store.close();
    await ops.close();
    throw err;
  }
  const sweep = setInterval(() => {
    if (stopping || queue.size > 0) return;
    mutate(() => engine.planExpiry(Date.now()), Infinity).catch((err) => logger.warn({ err }, 'expiry sweep failed'));
  }, config.expirySweepMs);
  sweep.unref();
  const watcherTimer = setInterval(() => watchersGauge.set(watchers.size), 5000);
  watcherTimer.unref();

  ready = true;
  setAll('SERVING');
  logger.info({ port, opsPort: ops.port, tls: !!config.tls, shadow: rules.shadow }, 'policy service serving');

  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      stopping = true;
      ready = false;
      setAll('NOT_SERVING');
      clearInterval(sweep);
      clearInterval(watcherTimer);
      // Streams never finish on their own; end them so the drain can complete.
      for (const w of watchers) w.end();
      await shutdownServer(server, config.drainMs);
      await queue.idle();
      await store.close();
      await ops.close();
      logger.info('policy service stopped');
    })());

  return { port, opsPort: ops.port, engine, config, rebuiltRecords, stop };
}
