import type * as grpc from '@grpc/grpc-js';
import { bindServer, grpcError, serverCredentials, shutdownServer } from '@lockstep/grpc';
import { PolicyEngine, type EnforcementChange, type StateRecord } from '@lockstep/policy';
import { createLogger, createMetrics } from '@lockstep/observability';
import { fromWire, type ToReplica, type ToWriter } from './cluster-messages';
import { policyServiceConfigSchema, resolvePolicyRules, type PolicyServiceConfig } from './config';
import { buildPolicyServer } from './grpc-server';
import { enforcementStoreFor } from './store';
import type { WriteResult } from './writer';

const UNAVAILABLE = 14;

/**
 * A read replica (node:cluster worker): answers every read from its own copy of the state and
 * forwards writes to the writer process, which answers only after this replica has applied the
 * committed change (commits and results share one ordered IPC channel).
 */
export function runReplica(): void {
  const toWriter = (m: ToWriter) => {
    if (process.connected) process.send!(m);
  };
  // The writer coordinates shutdown (it drains the replicas first); a signal to the whole
  // process group must not cut a replica short.
  process.on('SIGTERM', () => undefined);
  process.on('SIGINT', () => undefined);

  let nextId = 1;
  const pending = new Map<number, { resolve: (r: WriteResult) => void; reject: (e: unknown) => void }>();
  let live: ((records: StateRecord[], changes: EnforcementChange[]) => void) | null = null;
  const buffered: { records: StateRecord[]; changes: EnforcementChange[] }[] = [];
  let onStop: () => void = () => process.exit(0);
  let registryJson: () => Promise<unknown> = async () => [];

  process.on('message', (m: ToReplica) => {
    switch (m.t) {
      case 'start':
        start(m.index, policyServiceConfigSchema.parse(m.config)).catch((err: Error) => {
          toWriter({ t: 'fatal', message: err.message });
          setTimeout(() => process.exit(1), 100);
        });
        return;
      case 'commit':
        if (live) live(m.records, m.changes);
        else buffered.push({ records: m.records, changes: m.changes });
        return;
      case 'result': {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (!p) return;
        if (m.ok) p.resolve(m.ok);
        else p.reject(fromWire(m.err ?? { kind: 'other', message: 'no result' }));
        return;
      }
      case 'metricsReq':
        registryJson().then((json) => toWriter({ t: 'metrics', id: m.id, json: json as never }));
        return;
      case 'stop':
        onStop();
        return;
    }
  });
  toWriter({ t: 'hello' });

  async function start(index: number, config: PolicyServiceConfig): Promise<void> {
    const logger = createLogger('policy', { level: config.logLevel }).child({ replica: index });
    const engine = new PolicyEngine(resolvePolicyRules(config));
    const registry = createMetrics('policy').registry;
    registry.setDefaultLabels({ service: 'policy', process: `replica-${index}` });
    registryJson = () => registry.getMetricsAsJSON();
    let ready = false;
    const { server, setAll, watchers } = buildPolicyServer({
      engine,
      config,
      logger,
      registry,
      isReady: () => ready,
      startedAtMs: Date.now(),
      write: (op, deadline) =>
        new Promise<WriteResult>((resolve, reject) => {
          if (!process.connected) return reject(grpcError(UNAVAILABLE as grpc.status, 'the policy writer process is gone'));
          const id = nextId++;
          pending.set(id, { resolve, reject });
          toWriter({ t: 'write', id, op, deadline: Number.isFinite(deadline) ? deadline : null });
        }),
    });
    onStop = () => {
      ready = false;
      setAll('NOT_SERVING');
      for (const w of watchers) w.end();
      shutdownServer(server, config.drainMs).then(() => process.exit(0));
    };
    const port = await bindServer(server, `${config.host}:${config.port}`, serverCredentials(config.tls ?? null));
    toWriter({ t: 'bound', port });
    const store = enforcementStoreFor(config, logger, 'policy-replica');
    const t0 = Date.now();
    const records = await store.rebuild((k, v) => engine.loadRecord(k, v));
    // Commits that arrived while reading: everything after `start`, in order; what the topic
    // already held is re-applied harmlessly and its changes (at or below our sequence) skipped.
    for (const b of buffered.splice(0)) engine.applyReplicated(b.records, b.changes);
    live = (r, c) => engine.applyReplicated(r, c);
    ready = true;
    setAll('SERVING');
    logger.info({ port, records, accounts: engine.accountCount, sequence: engine.sequence }, 'replica serving');
    toWriter({ t: 'ready', records, ms: Date.now() - t0 });
  }
}
