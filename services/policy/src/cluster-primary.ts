import cluster, { type Worker } from 'node:cluster';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { AggregatorRegistry, Counter, Gauge } from 'prom-client';
import { PolicyEngine } from '@lockstep/policy';
import { createMetrics, startOpsServer, type Logger, type OpsServer } from '@lockstep/observability';
import type { MetricsJson, ToReplica, ToWriter } from './cluster-messages';
import { toWire } from './cluster-messages';
import { resolvePolicyRules, type PolicyServiceConfig } from './config';
import type { PolicyServiceHandle } from './service';
import { enforcementStoreFor } from './store';
import { createWriter } from './writer';

interface Slot {
  index: number;
  worker: Worker;
  helloed: boolean;
  started: boolean;
  ready: boolean;
}

function replicaEntry(): string {
  // Compiled next to this file; under ts-jest (sources) fall back to the build output.
  const here = path.join(__dirname, 'replica-main.js');
  return existsSync(here) ? here : path.resolve(__dirname, '../dist/replica-main.js');
}

/**
 * Multi-process policy service. This process is the single writer: it rebuilds the state from the
 * topic, plans every change, writes it to the topic (acks=-1) and commits it, then sends the
 * committed records and changes to every replica before it answers the replica that forwarded the
 * write (so that replica reads its own write). `replicas` node:cluster workers share the gRPC port
 * (the primary accepts, workers take connections round-robin); each rebuilds the state from the
 * topic itself and answers every read locally. One writer keeps decision_id idempotency, history
 * and the WatchDecisions sequence exactly as in one process: replicas stream the writer's sequences.
 */
export async function startPolicyCluster(config: PolicyServiceConfig, replicas: number, logger: Logger): Promise<PolicyServiceHandle> {
  const rules = resolvePolicyRules(config);
  const engine = new PolicyEngine(rules);
  const registry = createMetrics('policy').registry;
  registry.setDefaultLabels({ service: 'policy', process: 'writer' });
  const slots = new Map<number, Slot>();
  let topicReady = false;
  let writerReady = false;
  let stopping = false;
  let port = 0;
  const allReady = () => writerReady && !stopping && slots.size === replicas && [...slots.values()].every((s) => s.ready);

  new Gauge({
    name: 'lockstep_policy_replicas_ready',
    help: 'Read replicas serving (of the configured `processes`)',
    registers: [registry],
    collect() {
      this.set([...slots.values()].filter((s) => s.ready).length);
    },
  });

  new Gauge({
    name: 'lockstep_policy_replicas_configured',
    help: 'Read replicas this pod is configured to run (`processes`)',
    registers: [registry],
  }).set(replicas);
  const restarts = new Counter({
    name: 'lockstep_policy_replica_restarts_total',
    help: 'Read replicas that exited and were started again',
    registers: [registry],
  });

  let nextMetricsId = 1;
  const metricsWaits = new Map<number, (json: MetricsJson) => void>();
  const replicaMetrics = (): Promise<MetricsJson[]> =>
    Promise.all(
      [...slots.values()].map(
        (s) =>
          new Promise<MetricsJson>((resolve) => {
            const id = nextMetricsId++;
            const timer = setTimeout(() => {
              metricsWaits.delete(id);
              resolve([]);
            }, 2000);
            metricsWaits.set(id, (json) => {
              clearTimeout(timer);
              resolve(json);
            });
            send(s, { t: 'metricsReq', id });
          }),
      ),
    );
  // /metrics: this process's series and every replica's (each labelled with its `process`).
  registry.metrics = async () => (AggregatorRegistry.aggregate([await registry.getMetricsAsJSON(), ...(await replicaMetrics())]) as typeof registry).metrics();

  const ops: OpsServer = await startOpsServer({ port: config.ops.port, host: config.ops.host, registry, isReady: allReady });
  const store = enforcementStoreFor(config, logger);
  const send = (s: Slot, m: ToReplica) => {
    if (s.worker.isConnected()) s.worker.send(m);
  };
  const writer = createWriter({
    engine,
    store,
    registry,
    logger,
    onCommit: (plan) => {
      if (plan.records.length === 0 && plan.changes.length === 0) return;
      const m: ToReplica = { t: 'commit', records: plan.records, changes: plan.changes };
      for (const s of slots.values()) if (s.started) send(s, m);
    },
  });

  let startFailed: (err: Error) => void = () => undefined;
  let announceReady: () => void = () => undefined;
  const startOutcome = new Promise<void>((resolve, reject) => {
    startFailed = reject;
    announceReady = () => allReady() && resolve();
  });
  // Awaited only once the writer is rebuilt; a replica may fail before that.
  startOutcome.catch(() => undefined);
  let boundPort: (port: number) => void = () => undefined;
  const bound = new Promise<number>((resolve) => (boundPort = resolve));

  const start = (s: Slot) => {
    s.started = true;
    send(s, { t: 'start', index: s.index, config });
  };

  const onMessage = (s: Slot, m: ToWriter) => {
    switch (m.t) {
      case 'hello':
        // Commits are sent from `start` on; the topic must exist before the replica reads it.
        s.helloed = true;
        if (topicReady && !s.started) start(s);
        return;
      case 'bound':
        port = m.port;
        boundPort(m.port);
        return;
      case 'ready':
        s.ready = true;
        logger.info({ replica: s.index, records: m.records, ms: m.ms }, 'replica ready');
        announceReady();
        return;
      case 'fatal':
        logger.error({ replica: s.index, message: m.message }, 'replica failed');
        startFailed(new Error(`policy replica ${s.index}: ${m.message}`));
        return;
      case 'write': {
        if (!writerReady) {
          send(s, { t: 'result', id: m.id, err: { kind: 'grpc', code: 14, details: 'policy state is still being rebuilt' } });
          return;
        }
        writer.write(m.op, m.deadline ?? Infinity).then(
          (ok) => send(s, { t: 'result', id: m.id, ok }),
          (err: unknown) => send(s, { t: 'result', id: m.id, err: toWire(err) }),
        );
        return;
      }
      case 'metrics':
        metricsWaits.get(m.id)?.(m.json);
        metricsWaits.delete(m.id);
        return;
    }
  };

  cluster.setupPrimary({ exec: replicaEntry(), args: [] });
  // Consecutive quick exits per replica slot: a replica that keeps dying is restarted with backoff.
  const quickExits = new Map<number, number>();
  const fork = (index: number) => {
    const forkedAt = Date.now();
    const worker = cluster.fork({ LOCKSTEP_POLICY_REPLICA: String(index) });
    const s: Slot = { index, worker, helloed: false, started: false, ready: false };
    slots.set(index, s);
    worker.on('message', (m: ToWriter) => onMessage(s, m));
    worker.on('exit', (code, signal) => {
      if (slots.get(index) !== s) return;
      s.ready = false;
      if (stopping) return;
      logger.error({ replica: index, code, signal }, 'replica exited; starting another');
      if (!writerReady) {
        startFailed(new Error(`policy replica ${index} exited during start (code ${code}, signal ${signal})`));
        return;
      }
      // It rebuilds from the topic and follows the writer again; the others keep serving meanwhile.
      const fails = Date.now() - forkedAt < 60_000 ? (quickExits.get(index) ?? 0) + 1 : 0;
      quickExits.set(index, fails);
      restarts.inc();
      setTimeout(() => !stopping && fork(index), Math.min(30_000, 500 * 2 ** fails)).unref();
    });
  };
  for (let i = 0; i < replicas; i++) fork(i);

  const stopReplicas = async () => {
    const exits = [...slots.values()].map((s) => (s.worker.isDead() ? Promise.resolve() : new Promise<void>((r) => s.worker.once('exit', () => r()))));
    for (const s of slots.values()) send(s, { t: 'stop' });
    // A replica that does not finish its drain in time is ended.
    const timer = setTimeout(() => {
      for (const s of slots.values()) if (!s.worker.isDead()) s.worker.process.kill('SIGKILL');
    }, config.drainMs + 5000);
    await Promise.all(exits);
    clearTimeout(timer);
  };

  let sweep: NodeJS.Timeout | undefined;
  let rebuiltRecords = 0;
  try {
    await store.connect();
    topicReady = true;
    for (const s of slots.values()) if (s.helloed && !s.started) start(s);
    const t0 = Date.now();
    rebuiltRecords = await Promise.race([store.rebuild((k, v) => engine.loadRecord(k, v)), startOutcome.then(() => 0)]);
    logger.info({ records: rebuiltRecords, accounts: engine.accountCount, sequence: engine.sequence, ms: Date.now() - t0 }, 'state rebuilt (writer)');
    writerReady = true;
    sweep = setInterval(() => writer.sweep(Date.now()), config.expirySweepMs);
    sweep.unref();
    announceReady();
    await startOutcome;
    await bound;
  } catch (err) {
    stopping = true;
    clearInterval(sweep);
    await stopReplicas();
    await store.close();
    await ops.close();
    throw err;
  }
  logger.info({ port, opsPort: ops.port, replicas, tls: !!config.tls, shadow: rules.shadow }, 'policy service serving');

  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      stopping = true;
      clearInterval(sweep);
      // Replicas drain their calls first; writes they forwarded meanwhile are still made durable.
      await stopReplicas();
      await writer.close();
      await store.close();
      await ops.close();
      logger.info('policy service stopped');
    })());

  return { port, opsPort: ops.port, engine, config, rebuiltRecords, replicas, stop };
}
