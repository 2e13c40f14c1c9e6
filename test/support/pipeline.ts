// The full pipeline (policy, featurizer(s), detector) as real `lockstep serve` child processes on
// private topics of the test broker, plus the observations fault tests compare between a
// fault-free run and a faulted run of the same input.
import type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import { toProtoAction, type ActionName, type policyv1 } from '@lockstep/contracts';
import { createPolicyClient, type PolicyClient } from '@lockstep/grpc';
import { kafkaEnv, testKafka, testTopics, uniqueName, waitFor } from './kafka';
import { freePort, httpGet, startService, untilReady, type ServiceProcess } from './processes';

export const PIPELINE_REPORT_TOKEN = 'fault-report-token-0001';

export interface LoggedDecision {
  decision_id: string;
  account_id: string;
  action: string;
  event_ts: number;
}

/** One pipeline under test. Every run has its own topics and consumer groups. */
export class PipelineRun {
  readonly base: string;
  readonly topics: { usage: string; usageDlq: string; features: string; decisions: string; enforcement: string };
  readonly featurizerGroup: string;
  readonly detectorGroup: string;
  readonly procs: ServiceProcess[] = [];
  policy!: PolicyClient;
  grpcPort = 0;
  /** Latest n_events seen per account on account.features.v1 (max: the vector of all its events). */
  readonly featureCounts = new Map<string, number>();
  /** Every decision on lockstep.decisions.v1 (written only after the policy service acknowledged it). */
  readonly decisions: LoggedDecision[] = [];
  dlqCount = 0;
  produced = 0;
  private readonly kafka: Kafka;
  private admin!: Admin;
  private producer!: Producer;
  private readers: Consumer[] = [];
  private readonly env: Record<string, string>;

  constructor(name: string) {
    this.base = uniqueName(name);
    const b = this.base;
    this.topics = testTopics(b);
    this.featurizerGroup = `${b}.featurizer`;
    this.detectorGroup = `${b}.detector`;
    this.kafka = testKafka(name);
    this.env = {
      ...kafkaEnv(this.topics),
      LOCKSTEP_REPORT_TOKEN: PIPELINE_REPORT_TOKEN,
      LOCKSTEP_PARTITIONS: '2',
      // A crashed member's partitions move after 6 s, not 30.
      LOCKSTEP_SESSION_TIMEOUT_MS: '6000',
      LOCKSTEP_MAX_CHUNK: '250',
      LOCKSTEP_LOG_LEVEL: process.env.FAULT_LOG_LEVEL ?? 'warn',
    };
  }

  async open(): Promise<void> {
    this.admin = this.kafka.admin();
    await this.admin.connect();
    this.producer = this.kafka.producer({ idempotent: true });
    await this.producer.connect();
    this.grpcPort = await freePort();
    this.policy = createPolicyClient(`127.0.0.1:${this.grpcPort}`, { token: PIPELINE_REPORT_TOKEN, deadlineMs: 5000 });
  }

  async close(): Promise<void> {
    this.policy?.close();
    await Promise.all(this.procs.map((p) => p.stop(10_000)));
    for (const r of this.readers) await r.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    await this.admin?.deleteTopics({ topics: Object.values(this.topics), timeout: 10000 }).catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
  }

  async startPolicy(name = 'policy'): Promise<ServiceProcess> {
    const ops = await freePort();
    const p = startService(name, ['serve', 'policy', '--port', String(this.grpcPort)], { ...this.env, LOCKSTEP_HOST: '127.0.0.1', LOCKSTEP_OPS_PORT: String(ops) });
    this.procs.push(p);
    await untilReady(p, async () => this.policy.waitForReady(1000).then(() => true), 90_000);
    return p;
  }

  async startFeaturizer(name = 'featurizer', extraEnv: Record<string, string> = {}): Promise<{ proc: ServiceProcess; ops: number }> {
    const ops = await freePort();
    // Every event emits (unless overridden), so the latest vector of an account counts all of its events.
    const p = startService(name, ['serve', 'featurizer', '--port', String(ops)], { ...this.env, LOCKSTEP_GROUP_ID: this.featurizerGroup, LOCKSTEP_MIN_EMIT_INTERVAL_MS: '0', ...extraEnv });
    this.procs.push(p);
    await untilReady(p, async () => (await httpGet(ops, '/readyz')).status === 200, 90_000);
    return { proc: p, ops };
  }

  async startDetector(name = 'detector'): Promise<{ proc: ServiceProcess; ops: number }> {
    const ops = await freePort();
    const p = startService(name, ['serve', 'detector', '--port', String(ops)], {
      ...this.env,
      LOCKSTEP_GROUP_ID: this.detectorGroup,
      LOCKSTEP_POLICY_SERVER: `127.0.0.1:${this.grpcPort}`,
    });
    this.procs.push(p);
    await untilReady(p, async () => (await httpGet(ops, '/readyz')).status === 200, 90_000);
    return { proc: p, ops };
  }


  async produce(values: (string | Buffer)[], keys: (string | null)[]): Promise<void> {
    for (let i = 0; i < values.length; i += 250) {
      await this.producer.send({
        topic: this.topics.usage,
        acks: -1,
        messages: values.slice(i, i + 250).map((value, j) => ({ key: keys[i + j] ?? null, value })),
      });
    }
    this.produced += values.length;
  }

  async produceEvents(events: { account_id: string }[]): Promise<void> {
    await this.produce(events.map((e) => JSON.stringify(e)), events.map((e) => e.account_id));
  }

  async committed(group: string, topic: string): Promise<number> {
    const [t] = await this.admin.fetchOffsets({ groupId: group, topics: [topic] });
    return t ? t.partitions.reduce((s, p) => s + Math.max(0, Number(p.offset)), 0) : 0;
  }

  async highWatermark(topic: string): Promise<number> {
    return (await this.admin.fetchTopicOffsets(topic)).reduce((s, p) => s + Number(p.high), 0);
  }

  /** Starts following the output topics (features, decisions, DLQ) from their beginning. */
  async watchOutputs(): Promise<void> {
    const read = async (topic: string, onValue: (v: Buffer) => void) => {
      const c = this.kafka.consumer({ groupId: uniqueName('reader'), maxWaitTimeInMs: 200 });
      this.readers.push(c);
      await c.connect();
      await c.subscribe({ topic, fromBeginning: true });
      await c.run({ eachMessage: async ({ message }) => onValue(message.value!) });
    };
    await read(this.topics.features, (v) => {
      const f = JSON.parse(v.toString()) as { account_id: string; n_events: number };
      this.featureCounts.set(f.account_id, Math.max(this.featureCounts.get(f.account_id) ?? 0, f.n_events));
    });
    await read(this.topics.decisions, (v) => {
      const d = JSON.parse(v.toString()) as LoggedDecision;
      this.decisions.push({ decision_id: d.decision_id, account_id: d.account_id, action: d.action, event_ts: d.event_ts });
    });
    await read(this.topics.usageDlq, () => void this.dlqCount++);
  }

  /**
   * Waits until every produced message was consumed and committed by the featurizer group, the
   * detector group consumed every feature vector, and the detector has nothing left to deliver.
   */
  async settle(detectorOps: () => number, timeoutMs = 120_000): Promise<void> {
    let lastRuns = -1;
    await waitFor(
      'the pipeline to drain',
      async () => {
        if ((await this.committed(this.featurizerGroup, this.topics.usage)) < this.produced) return false;
        const features = await this.highWatermark(this.topics.features);
        if ((await this.committed(this.detectorGroup, this.topics.features)) < features) return false;
        const m = (await httpGet(detectorOps(), '/metrics')).body;
        if (metricValue(m, 'lockstep_detector_outbox_decisions') !== 0) return false;
        // No clustering run started since the previous poll (one in flight would still change decisions).
        const runs = metricValue(m, 'lockstep_clustering_duration_seconds_count') ?? 0;
        const stable = runs === lastRuns;
        lastRuns = runs;
        return stable;
      },
      timeoutMs,
      500,
    );
  }

  /** Accounts whose Check answer is not ALLOW. */
  async flagged(accounts: string[]): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < accounts.length; i += 500) {
      const res = await this.policy.batchCheck(accounts.slice(i, i + 500));
      res.forEach((r, j) => {
        if (r.action !== 'ALLOW') out.push(accounts[i + j]!);
      });
    }
    return out.sort();
  }

  /**
   * Every decision the policy service acknowledged (all of lockstep.decisions.v1) is still known
   * to it: re-reporting them accepts none. Returns the count of decisions it did not know.
   */
  async unknownAckedDecisions(): Promise<number> {
    const ids = new Set<string>();
    let accepted = 0;
    const all = this.decisions.filter((d) => !ids.has(d.decision_id) && ids.add(d.decision_id));
    for (let i = 0; i < all.length; i += 500) {
      const slice = all.slice(i, i + 500).map((d): policyv1.Decision => ({ decision_id: d.decision_id, account_id: d.account_id, action: toProtoAction(d.action as ActionName) }));
      accepted += (await this.policy.reportDecisions(slice)).accepted ?? 0;
    }
    return accepted;
  }
}

export function metricValue(text: string, name: string): number | undefined {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

/** Exact events per account that a fault-free, exactly-once pipeline folds in. */
export function expectedCounts(events: { account_id: string }[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of events) m.set(e.account_id, (m.get(e.account_id) ?? 0) + 1);
  return m;
}

/** Accounts whose final vector does not count exactly their events (lost or double-counted). */
export function countMismatches(expected: Map<string, number>, seen: Map<string, number>): string[] {
  return [...expected].filter(([a, n]) => seen.get(a) !== n).map(([a, n]) => `${a}: ${seen.get(a) ?? 0}/${n}`);
}
