/**
 * Policy service benchmarks (needs the local broker: `bash deploy/local/kafka.sh start`).
 *  - Check: req/s and p50/p99 of the real service (state preloaded through ReportDecisions), run
 *    with `processes` = one read replica per core (LOCKSTEP_BENCH_POLICY_PROCESSES overrides),
 *    against a no-op grpc-js server of the same shape (same number of processes sharing the port)
 *    and a single-process one, loaded identically in the same run by load generators in other
 *    processes. Throughput is measured closed loop (a stated number of calls in flight); latency
 *    also open loop: calls offered at a fixed rate, each timed from when it was due. A Node grpc-js client costs more CPU per call than the server it loads, so on this
 *    2-core machine it measures itself (~5k req/s for both servers). The target rows therefore use
 *    the cheapest generator installed: grpc-load (Go, pre-encoded requests), else ghz, else the
 *    grpc-js client; the others are reported beside it, and a missing tool's row says it was skipped.
 *  - Rebuild: time from start to SERVING with N account records on the enforcement topic, against
 *    a plain kafkajs read + JSON.parse of the same topic. The full run measures 1M records; quick
 *    mode uses 100k and reports a linear extrapolation only as a lower bound.
 */
import { execFile, spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { PROTO_ROOT, type policyv1 } from '@lockstep/contracts';
import { createPolicyClient } from '@lockstep/grpc';
import { encodeValue, type AccountState } from '@lockstep/policy';
import { startPolicyService } from '@lockstep/policy-service';
import { findTool, GHZ, GRPC_LOAD, runGhz, runGrpcLoad, type LoadResult } from './load-tools';
import type { BenchOptions, BenchRow } from './types';

const SUITE = 'policy';
const ROOT = path.resolve(__dirname, '../..');
const BROKERS = (process.env.LOCKSTEP_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const REPORT_TOKEN = 'bench-report-token';

function runLoad(address: string, seconds: number, concurrency: number, channels: number, accounts: number, batch = 0): Promise<LoadResult> {
  const script = path.join(__dirname, 'policy-load.cjs');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [script, address, String(seconds), String(concurrency), String(channels), String(accounts), '1', PROTO_ROOT, String(batch)],
      { timeout: (seconds + 60) * 1000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => (err ? reject(new Error(`load generator failed: ${stderr || err.message}`)) : resolve(JSON.parse(stdout) as LoadResult)),
    );
  });
}

/** The baseline: a grpc-js server whose Check returns a constant, in `processes` processes (policy-noop.cjs). */
function startNoop(processes: number): Promise<{ port: number; stop(): void }> {
  const child = spawn(process.execPath, [path.join(__dirname, 'policy-noop.cjs'), String(processes)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve({ port: Number(m[1]), stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`no-op server exited (${code})`)));
  });
}

/** Read replicas of the service under test: one per core unless LOCKSTEP_BENCH_POLICY_PROCESSES says. */
const PROCESSES = Number(process.env.LOCKSTEP_BENCH_POLICY_PROCESSES ?? availableParallelism());
/** The open-loop rate at which p99 is stated: the throughput target. */
const OFFERED_RPS = 20_000;

function unique(prefix: string): string {
  return `bench.${prefix}.${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 8)}`;
}

const ACTIONS: policyv1.Action[] = ['MONITOR', 'THROTTLE', 'CHALLENGE', 'SUSPEND'];

async function checkBench(quick: boolean, kafka: Kafka): Promise<BenchRow[]> {
  const topic = unique('policy-check');
  const accounts = quick ? 20_000 : 100_000;
  const seconds = quick ? 3 : 6;
  const svc = await startPolicyService({
    port: 0,
    host: '127.0.0.1',
    ops: { port: 0 },
    logLevel: 'silent',
    reportToken: REPORT_TOKEN,
    processes: PROCESSES,
    kafka: { brokers: BROKERS, topics: { enforcement: topic } },
  });
  const noop = await startNoop(PROCESSES);
  const noopOne = PROCESSES > 1 ? await startNoop(1) : null;
  try {
    const client = createPolicyClient(`127.0.0.1:${svc.port}`, { token: REPORT_TOKEN, deadlineMs: 60_000 });
    for (let i = 0; i < accounts; i += 1000) {
      const batch: policyv1.Decision[] = [];
      // Half the checked ids are known accounts with an action, half are unknown.
      for (let k = i; k < Math.min(accounts, i + 1000); k += 2) {
        batch.push({
          decision_id: `bench-d-${k}`,
          account_id: `bench-${k}`,
          action: ACTIONS[k % 4],
          score: 0.9,
          campaign_id: `bench-camp-${k % 500}`,
          event_ts_ms: Date.now(),
          evidence: [
            { signal: 'shared_template', value: 1, weight: 0.5, detail: '' },
            { signal: 'card_reuse', value: 1, weight: 0.3, detail: '' },
            { signal: 'creation_burst', value: 1, weight: 0.2, detail: '' },
          ],
          tier: 'free',
        });
      }
      await client.reportDecisions(batch);
    }
    client.close();
    const served = `${svc.replicas} process${svc.replicas > 1 ? 'es' : ''}`;
    const lagRows = svc.replicas > 1 ? await replicationLag(svc.port, quick ? 100 : 300) : [];
    // The machine is shared: alternate baseline and service runs and keep each one's best round,
    // so a burst of someone else's load does not land on only one side of the comparison.
    // Closed loop: the round with more calls. Open loop (both rounds make the same offered calls,
    // and more calls than offered only means a backlog being drained): the round with lower p99.
    const faster = (x: LoadResult | null, y: LoadResult) => (!x || y.calls / y.seconds > x.calls / x.seconds ? y : x);
    const steadier = (x: LoadResult | null, y: LoadResult) => (!x || y.p99Ms < x.p99Ms ? y : x);
    const bestOf2 = async (load: (address: string) => Promise<LoadResult>, withOne = false, best = faster) => {
      let base: LoadResult | null = null;
      let one: LoadResult | null = null;
      let real: LoadResult | null = null;
      for (let round = 0; round < 2; round++) {
        base = best(base, await load(`127.0.0.1:${noop.port}`));
        if (withOne && noopOne) one = best(one, await load(`127.0.0.1:${noopOne.port}`));
        real = best(real, await load(`127.0.0.1:${svc.port}`));
      }
      if (!base || !real) throw new Error('no load rounds ran');
      return { base, real, one };
    };

    interface Generator {
      name: string;
      load(address: string): Promise<LoadResult>;
      /** ghz fails the calls still in flight when its duration ends, so its errors are not a target. */
      errorsAreFailures: boolean;
    }
    const shape = { concurrency: 64, connections: 4, seconds, accounts };
    const generators: Generator[] = [];
    const skipped: BenchRow[] = [];
    const grpcLoad = findTool(ROOT, GRPC_LOAD);
    const ghz = findTool(ROOT, GHZ);
    if (grpcLoad) generators.push({ name: 'grpc-load (Go), closed loop, 64 in flight over 4 connections', load: (address) => runGrpcLoad(grpcLoad, { ...shape, address }), errorsAreFailures: true });
    if (ghz) generators.push({ name: 'ghz, 64 in flight over 4 connections', load: (address) => runGhz(ghz, PROTO_ROOT, { ...shape, address }), errorsAreFailures: false });
    for (const [tool, found] of [[GRPC_LOAD, grpcLoad], [GHZ, ghz]] as const) {
      if (found) continue;
      process.stderr.write(`policy bench: ${tool.name} not installed, skipping its Check rows (build it: ${tool.installHint})\n`);
      skipped.push({ suite: SUITE, metric: `check_throughput [${tool.name}] SKIPPED: not installed; build: ${tool.installHint}`, value: NaN, unit: 'req/s' });
    }
    generators.push({ name: '1 grpc-js load process, 64 in flight over 4 channels', load: (address) => runLoad(address, seconds, 64, 4, accounts), errorsAreFailures: true });

    const label = `no-op grpc-js server in ${served}, same run, same load`;
    const oneLabel = 'no-op grpc-js server in 1 process, same run, same load';
    const rows: BenchRow[] = [...skipped];
    for (const [index, gen] of generators.entries()) {
      // The first generator is the cheapest per call; the others show how much load each one can make.
      const primary = index === 0;
      const { base, real, one } = await bestOf2(gen.load, primary);
      const rps = real.calls / real.seconds;
      const baseRps = base.calls / base.seconds;
      const ratio = (100 * rps) / baseRps;
      const tag = `[${gen.name}, service in ${served}, best of 2]`;
      rows.push(
        { suite: SUITE, metric: `check_throughput ${tag} (${accounts} accounts)`, value: Math.round(rps), unit: 'req/s', baseline: Math.round(baseRps), baselineLabel: label, ...(primary ? { target: '>= 20000', pass: rps >= 20_000 && real.errors === 0 } : {}) },
        { suite: SUITE, metric: `check_p99 ${tag}`, value: Number(real.p99Ms.toFixed(3)), unit: 'ms', baseline: Number(base.p99Ms.toFixed(3)), baselineLabel: label },
        { suite: SUITE, metric: `check_p50 ${tag}`, value: Number(real.p50Ms.toFixed(3)), unit: 'ms', baseline: Number(base.p50Ms.toFixed(3)), baselineLabel: label },
        { suite: SUITE, metric: `check_throughput_vs_noop ${tag}`, value: Number(ratio.toFixed(1)), unit: '%', baselineLabel: label, ...(primary ? { target: '>= 70', pass: ratio >= 70 } : {}) },
        { suite: SUITE, metric: `check_errors ${tag}`, value: real.errors, unit: 'calls', ...(gen.errorsAreFailures ? { target: '= 0', pass: real.errors === 0 } : {}) },
      );
      if (one) {
        const oneRps = one.calls / one.seconds;
        rows.push({ suite: SUITE, metric: `check_throughput_vs_noop_1_process ${tag}`, value: Number(((100 * rps) / oneRps).toFixed(1)), unit: '%', baseline: Math.round(oneRps), baselineLabel: oneLabel });
      }
    }

    if (grpcLoad) {
      // p99 at a stated offered load: calls due at fixed intervals (up to 512 in flight over 4
      // connections), each timed from when it was due. "Sustains" = it kept up with the rate.
      // The target is stated at OFFERED_RPS; half that rate shows the latency with headroom.
      for (const rate of [OFFERED_RPS, OFFERED_RPS / 2]) {
        const open = { ...shape, concurrency: 512, rate };
        const { base, real } = await bestOf2((address) => runGrpcLoad(grpcLoad, { ...open, address }), false, steadier);
        const tag = `[grpc-load (Go), open loop, ${rate} req/s offered, service in ${served}, best of 2]`;
        const kept = (r: LoadResult) => r.calls / r.seconds;
        const sustained = kept(real) >= 0.98 * rate && real.errors === 0;
        const targeted = rate === OFFERED_RPS;
        rows.push(
          { suite: SUITE, metric: `check_p99_at_offered_load ${tag}`, value: Number(real.p99Ms.toFixed(3)), unit: 'ms', baseline: Number(base.p99Ms.toFixed(3)), baselineLabel: label, ...(targeted ? { target: '<= 5 (and rate kept)', pass: real.p99Ms <= 5 && sustained } : {}) },
          { suite: SUITE, metric: `check_p50_at_offered_load ${tag}`, value: Number(real.p50Ms.toFixed(3)), unit: 'ms', baseline: Number(base.p50Ms.toFixed(3)), baselineLabel: label },
          { suite: SUITE, metric: `check_rate_kept_at_offered_load ${tag}`, value: Math.round(kept(real)), unit: 'req/s', baseline: Math.round(kept(base)), baselineLabel: label, ...(targeted ? { target: `>= ${0.98 * rate}, 0 errors`, pass: sustained } : {}) },
        );
      }
    }

    rows.push(...lagRows);
    const batch = await bestOf2((address) => runLoad(address, seconds, 16, 2, accounts, 100));
    rows.push(
      {
        suite: SUITE,
        metric: `batch_check_accounts (BatchCheck of 100, 16 in flight, 1 grpc-js load process, service in ${served})`,
        value: Math.round(batch.real.calls / batch.real.seconds),
        unit: 'accounts/s',
        baseline: Math.round(batch.base.calls / batch.base.seconds),
        baselineLabel: `no-op BatchCheck in ${served}, same run`,
      },
      { suite: SUITE, metric: 'batch_check_p99', value: Number(batch.real.p99Ms.toFixed(3)), unit: 'ms', baseline: Number(batch.base.p99Ms.toFixed(3)), baselineLabel: `no-op BatchCheck in ${served}, same run` },
    );
    return rows;
  } finally {
    noop.stop();
    noopOne?.stop();
    await svc.stop();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

/**
 * Replication lag between read replicas: a decision is reported on one connection and, once
 * acknowledged, polled for on 3 other connections (connections go to replicas round-robin, so
 * they include another replica) until all answer with it. Upper bound: includes a Check round trip.
 */
async function replicationLag(port: number, writes: number): Promise<BenchRow[]> {
  const opts = { token: REPORT_TOKEN, deadlineMs: 10_000, channelOptions: { 'grpc.use_local_subchannel_pool': 1 } };
  const [writer, ...readers] = Array.from({ length: 4 }, () => createPolicyClient(`127.0.0.1:${port}`, opts));
  const lags: number[] = [];
  try {
    for (let i = 0; i < writes; i++) {
      const account = `lag-${i}`;
      await writer.reportDecisions([{ decision_id: `lag-d-${i}-${Date.now()}`, account_id: account, action: 'SUSPEND', score: 0.9, campaign_id: 'lag', event_ts_ms: Date.now(), evidence: [{ signal: 'a', value: 1, weight: 1, detail: '' }, { signal: 'b', value: 1, weight: 1, detail: '' }, { signal: 'c', value: 1, weight: 1, detail: '' }], tier: 'free' }]);
      const t0 = process.hrtime.bigint();
      await Promise.all(
        readers.map(async (r) => {
          while ((await r.check(account)).action !== 'SUSPEND');
        }),
      );
      lags.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  } finally {
    for (const c of [writer, ...readers]) c.close();
  }
  lags.sort((a, b) => a - b);
  const at = (q: number) => Number(lags[Math.min(lags.length - 1, Math.floor(q * lags.length))].toFixed(3));
  const what = `${writes} writes, ack on one connection until visible on 3 others, upper bound (includes a Check round trip)`;
  return [
    { suite: SUITE, metric: `replication_lag_p50 (${what})`, value: at(0.5), unit: 'ms' },
    { suite: SUITE, metric: `replication_lag_p99 (${what})`, value: at(0.99), unit: 'ms' },
  ];
}

function accountRecord(i: number, now: number): AccountState {
  const decision = {
    decision_id: `rb-d-${i}`,
    account_id: `rb-${i}`,
    action: 'suspend' as const,
    proposed_action: 'suspend' as const,
    score: 0.91,
    campaign_id: `rb-camp-${i % 2000}`,
    event_ts_ms: now - 1000,
    evidence: [
      { signal: 'shared_template', value: 12, weight: 0.5, detail: '12 accounts share a template' },
      { signal: 'card_reuse', value: 4, weight: 0.3, detail: '4 accounts share a card' },
    ],
    summary: 'farm',
    tier: 'free',
    verified: false,
    capped: false,
    needs_review: false,
    applied_at_ms: now,
    expires_at_ms: now + 86_400_000,
  };
  return { type: 'account', account_id: `rb-${i}`, tier: 'free', verified: false, campaign_id: decision.campaign_id, current: decision, history: [decision], expiry_announced: false, seq: i + 1 };
}

async function readAndParse(kafka: Kafka, topic: string, expected: number): Promise<number> {
  const consumer = kafka.consumer({ groupId: unique('bench-read'), maxBytes: 64 * 1024 * 1024, maxBytesPerPartition: 32 * 1024 * 1024 });
  const t0 = Date.now();
  let n = 0;
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          for (const m of batch.messages) {
            if (m.value) JSON.parse(m.value.toString('utf8'));
            n++;
          }
          if (n >= expected) resolve();
        },
      })
      .catch(reject);
  });
  const secs = (Date.now() - t0) / 1000;
  await consumer.disconnect();
  return secs;
}

async function rebuildBench(quick: boolean, kafka: Kafka): Promise<BenchRow[]> {
  const topic = unique('policy-rebuild');
  const count = quick ? 100_000 : 1_000_000;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }] });
  try {
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const now = Date.now();
    for (let i = 0; i < count; i += 500) {
      const messages = [];
      for (let k = i; k < Math.min(count, i + 500); k++) messages.push({ key: `account/rb-${k}`, value: encodeValue(accountRecord(k, now)) });
      await producer.send({ topic, acks: 1, messages });
    }
    await producer.disconnect();

    const baseline = await readAndParse(kafka, topic, count);
    const t0 = Date.now();
    const svc = await startPolicyService({ port: 0, host: '127.0.0.1', ops: { port: 0 }, logLevel: 'silent', kafka: { brokers: BROKERS, topics: { enforcement: topic } } });
    const secs = (Date.now() - t0) / 1000;
    const rebuilt = svc.engine.accountCount;
    const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
    await svc.stop();
    if (rebuilt !== count) throw new Error(`rebuilt ${rebuilt} accounts, expected ${count}`);
    const label = 'kafkajs read + JSON.parse of the same topic';
    const rows: BenchRow[] = [
      { suite: SUITE, metric: `rebuild_to_serving (${count} accounts)`, value: Number(secs.toFixed(2)), unit: 's', baseline: Number(baseline.toFixed(2)), baselineLabel: label, ...(quick ? {} : { target: '<= 30', pass: secs <= 30 }) },
      { suite: SUITE, metric: `rebuild_rate`, value: Math.round(count / secs), unit: 'accounts/s', baseline: Math.round(count / baseline), baselineLabel: label },
      { suite: SUITE, metric: `heap_after_rebuild (${count} accounts)`, value: Math.round(heapMb), unit: 'MiB' },
    ];
    if (PROCESSES > 1) {
      // The Check configuration: the writer and every replica each read the whole topic, at once.
      const t1 = Date.now();
      const multi = await startPolicyService({ port: 0, host: '127.0.0.1', ops: { port: 0 }, logLevel: 'silent', processes: PROCESSES, kafka: { brokers: BROKERS, topics: { enforcement: topic } } });
      const multiSecs = (Date.now() - t1) / 1000;
      await multi.stop();
      rows.push({ suite: SUITE, metric: `rebuild_to_serving with processes: ${PROCESSES} (writer + ${PROCESSES} replicas each rebuild, ${count} accounts)`, value: Number(multiSecs.toFixed(2)), unit: 's' });
    }
    if (quick) {
      const extrapolated = (secs * 1_000_000) / count;
      // Linear is a lower bound: retained heap makes GC cost grow faster than the record count
      // (with the old object encoding a full run measured 42 s for 1M where this extrapolated
      // 16 s), so no pass is claimed.
      rows.push({ suite: SUITE, metric: 'rebuild_1M_linear_lower_bound (quick run; full run measures 1M)', value: Number(extrapolated.toFixed(1)), unit: 's', target: '<= 30 (full run)' });
    }
    return rows;
  } finally {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const kafka = new Kafka({ clientId: 'lockstep-bench-policy', brokers: BROKERS, logLevel: logLevel.NOTHING });
  const rows = await checkBench(opts.quick, kafka);
  rows.push(...(await rebuildBench(opts.quick, kafka)));
  return rows;
}
