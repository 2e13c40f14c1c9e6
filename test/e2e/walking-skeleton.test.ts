// The walking skeleton, really end to end: featurizer, detector and policy service run as three
// separate `lockstep serve` processes against the local broker; usage events go in on Kafka and
// a decision comes back out of PolicyService.Check over gRPC. Then a graceful SIGTERM of each.
import type { Admin, Kafka, Producer } from 'kafkajs';
import { createPolicyClient, type PolicyClient } from '@lockstep/grpc';
import { deleteTestTopics, kafkaEnv, readTopic, testKafka, testTopics, uniqueName, waitFor } from '../support/kafka';
import { farmFixture } from '../support/farm';
import { freePort, httpGet, startService, untilReady, type ServiceProcess } from '../support/processes';

const T0 = Date.UTC(2026, 5, 1);
const REPORT_TOKEN = 'e2e-report-token-0001';

describe('walking skeleton: Kafka -> featurizer -> detector -> PolicyService.Check', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let policy: PolicyClient | undefined;
  const services: ServiceProcess[] = [];
  const base = uniqueName('e2e');
  const topics = testTopics(base);

  beforeAll(async () => {
    kafka = testKafka('e2e');
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    policy?.close();
    await Promise.all(services.map((s) => s.stop(10_000)));
    await producer?.disconnect();
    await deleteTestTopics(admin, Object.values(topics));
    await admin?.disconnect();
  });

  it('flags the farm through the real services and answers Check with the decision', async () => {
    const [grpcPort, policyOps, featOps, detOps] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const common = {
      ...kafkaEnv(topics),
      LOCKSTEP_REPORT_TOKEN: REPORT_TOKEN,
      LOCKSTEP_LOG_LEVEL: 'info',
    };

    const policySvc = startService('policy', ['serve', 'policy', '--port', String(grpcPort)], { ...common, LOCKSTEP_HOST: '127.0.0.1', LOCKSTEP_OPS_PORT: String(policyOps) });
    services.push(policySvc);
    policy = createPolicyClient(`127.0.0.1:${grpcPort}`, { deadlineMs: 5000 });
    await untilReady(policySvc, async () => (await policy!.waitForReady(1000).then(() => true)));

    const featurizer = startService('featurizer', ['serve', 'featurizer', '--port', String(featOps)], { ...common, LOCKSTEP_GROUP_ID: uniqueName('featurizer'), LOCKSTEP_PARTITIONS: '2' });
    services.push(featurizer);
    const detector = startService('detector', ['serve', 'detector', '--port', String(detOps)], {
      ...common,
      LOCKSTEP_GROUP_ID: uniqueName('detector'),
      LOCKSTEP_PARTITIONS: '2',
      LOCKSTEP_POLICY_SERVER: `127.0.0.1:${grpcPort}`,
    });
    services.push(detector);
    await untilReady(featurizer, async () => (await httpGet(featOps, '/readyz')).status === 200);
    await untilReady(detector, async () => (await httpGet(detOps, '/readyz')).status === 200);
    expect((await httpGet(featOps, '/healthz')).status).toBe(200);
    expect((await httpGet(detOps, '/metrics')).body).toContain('lockstep_consumer_messages_total');

    const fx = farmFixture({ prefix: base, t0: T0, hours: 2 });
    // Before any event the policy knows nothing of the account.
    expect((await policy.check(fx.farmAccounts[0]!)).action).toBe('ALLOW');

    for (let i = 0; i < fx.events.length; i += 500) {
      await producer.send({
        topic: topics.usage,
        acks: -1,
        messages: fx.events.slice(i, i + 500).map((e) => ({ key: e.account_id, value: JSON.stringify(e) })),
      });
    }

    const answer = await waitFor(
      'a non-allow answer from PolicyService.Check for a farm account',
      async () => {
        const res = await policy!.batchCheck(fx.farmAccounts);
        return res.find((r) => r.action !== 'ALLOW' && r.decision_id);
      },
      120_000,
      500,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n--- detector ---\n${detector.output().slice(-3000)}\n--- policy ---\n${policySvc.output().slice(-2000)}`);
    });
    expect(['MONITOR', 'THROTTLE', 'CHALLENGE', 'SUSPEND']).toContain(answer.action);
    expect(answer.campaign_id).not.toBe('');

    // Every decision is also appended to the decisions topic, keyed by account.
    const logged = await readTopic(kafka, topics.decisions, 1).catch((err: Error) => {
      throw new Error(`${err.message}\n--- detector ---\n${detector.output().slice(-4000)}`);
    });
    const first = JSON.parse(logged[0]!.value!.toString()) as { account_id: string; decision_id: string; action: string };
    expect(logged[0]!.key!.toString()).toBe(first.account_id);
    expect(fx.farmAccounts).toContain(first.account_id);
    // Clustering ran off the consumer's event loop.
    expect(detector.output()).toContain('"clusterInWorker":true');

    // Ordinary users stay allowed.
    for (const r of await policy.batchCheck(fx.benignAccounts)) expect(r.action).toBe('ALLOW');

    // Every valid event was processed and committed by the featurizer group (at-least-once, no stall).
    const text = (await httpGet(featOps, '/metrics')).body;
    expect(text).toMatch(/lockstep_consumer_messages_total\{topic="[^"]+",outcome="processed",service="featurizer"\} \d+/);

    // Graceful SIGTERM: each service drains and exits 0.
    for (const svc of [featurizer, detector, policySvc]) {
      const res = await svc.stop(30_000);
      expect({ name: svc.name, code: res.code, signal: res.signal }).toEqual({ name: svc.name, code: 0, signal: null });
    }
  });
});
