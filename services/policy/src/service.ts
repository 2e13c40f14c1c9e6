import { availableParallelism } from 'node:os';
import { ConfigError } from '@lockstep/config';
import { bindServer, serverCredentials, shutdownServer } from '@lockstep/grpc';
import { PolicyEngine } from '@lockstep/policy';
import { createLogger, createMetrics, startOpsServer, type Logger, type OpsServer } from '@lockstep/observability';
import { startPolicyCluster } from './cluster-primary';
import { policyServiceConfigSchema, replicaCount, resolvePolicyRules, type PolicyServiceConfig, type PolicyServiceConfigInput } from './config';
import { buildPolicyServer } from './grpc-server';
import { enforcementStoreFor } from './store';
import { createWriter } from './writer';

export { POLICY_SERVICE_NAME, ENVOY_AUTH_SERVICE_NAME } from './grpc-server';

export interface PolicyServiceHandle {
  /** The bound gRPC port. */
  port: number;
  opsPort: number;
  /** The writer's state (with processes > 1, replicas hold copies of it in other processes). */
  engine: PolicyEngine;
  config: PolicyServiceConfig;
  /** Number of state records read back from the topic at start (by the writer). */
  rebuiltRecords: number;
  /** Processes answering gRPC (1 = this one). */
  replicas: number;
  stop(): Promise<void>;
}

/**
 * Starts the policy service: rebuilds state from the enforcement topic, then serves PolicyService,
 * Envoy ext_authz, health (SERVING only once rebuilt) and reflection on one port, plus /metrics.
 * With `processes` > 1 the gRPC port is served by read replicas in worker processes (see cluster-primary).
 */
export async function startPolicyService(input: PolicyServiceConfigInput, opts: { logger?: Logger } = {}): Promise<PolicyServiceHandle> {
  const config = policyServiceConfigSchema.parse(input);
  const logger = opts.logger ?? createLogger('policy', { level: config.logLevel });
  const replicas = replicaCount(config, availableParallelism());
  // Replicas rebuild from the topic; with nothing stored they would start empty and stay so.
  if (replicas > 1 && config.stateStore === 'memory') throw new ConfigError(`config key 'stateStore': 'memory' needs processes 1, got ${replicas} replicas`, 'stateStore');
  if (replicas > 1) return startPolicyCluster(config, replicas, logger);

  const rules = resolvePolicyRules(config);
  const engine = new PolicyEngine(rules);
  const registry = createMetrics('policy').registry;
  let ready = false;

  const ops: OpsServer = await startOpsServer({ port: config.ops.port, host: config.ops.host, registry, isReady: () => ready });
  const store = enforcementStoreFor(config, logger);
  const writer = createWriter({ engine, store, registry, logger });
  const startedAtMs = Date.now();
  const { server, setAll, watchers } = buildPolicyServer({ engine, config, logger, registry, write: writer.write, isReady: () => ready, startedAtMs });

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
  const sweep = setInterval(() => writer.sweep(Date.now()), config.expirySweepMs);
  sweep.unref();

  ready = true;
  setAll('SERVING');
  logger.info({ port, opsPort: ops.port, tls: !!config.tls, shadow: rules.shadow }, 'policy service serving');

  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      ready = false;
      setAll('NOT_SERVING');
      clearInterval(sweep);
      const closing = writer.close();
      // Streams never finish on their own; end them so the drain can complete.
      for (const w of watchers) w.end();
      await shutdownServer(server, config.drainMs);
      await closing;
      await store.close();
      await ops.close();
      logger.info('policy service stopped');
    })());

  return { port, opsPort: ops.port, engine, config, rebuiltRecords, replicas: 1, stop };
}
