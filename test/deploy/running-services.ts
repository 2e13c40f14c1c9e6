// Starts featurizer, detector and policy service in this process, each configured from the env its
// Kubernetes Deployment gives it (with ports, topics, groups and the broker swapped for test ones),
// sends a little traffic through them, and reads back what their /metrics endpoints export.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { z } from 'zod';
import { loadConfig } from '@lockstep/config';
import { toProtoAction } from '@lockstep/contracts';
import { createPolicyClient } from '@lockstep/grpc';
import * as featurizer from '@lockstep/featurizer';
import * as detector from '@lockstep/detector';
import * as policy from '@lockstep/policy-service';
import { deleteTestTopics, kafkaEnv, testKafka, testTopics, uniqueName, waitFor } from '../support/kafka';

export interface OpsEndpoint {
  service: 'featurizer' | 'detector' | 'policy';
  port: number;
}

export interface RunningServices {
  ops: OpsEndpoint[];
  /** One text exposition per service, read after the traffic went through. */
  scrape(): Promise<Record<OpsEndpoint['service'], string>>;
  stop(): Promise<void>;
}

export function httpGet(port: number, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: urlPath }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    })
      .on('error', reject)
      .end();
  });
}

const T0 = 1_767_225_600_000;
const usageEvent = (i: number) => ({
  event_id: `deploy-test-${i}`, ts: T0 + i * 1000, account_id: `acct-deploy-${i % 5}`, tier: 'free', verified: false,
  account_created_ts: T0 - 86_400_000, ip: '198.51.100.9', asn: 7, model: 'm', input_tokens: 50, output_tokens: 900,
  category: 'reasoning', prompt_simhash: '0123456789abcdef',
});

/**
 * `deployEnv` is the env of each service's Deployment (ConfigMaps and Secret placeholders resolved),
 * `policyRules` the JSON of the policy-rules ConfigMap.
 */
export async function startFromManifests(deployEnv: Record<OpsEndpoint['service'], Record<string, string>>, policyRules: string): Promise<RunningServices> {
  const base = uniqueName('deploy');
  const topics = testTopics(base);
  const dir = mkdtempSync(path.join(tmpdir(), 'lockstep-deploy-'));
  const rulesFile = path.join(dir, 'policy.json');
  writeFileSync(rulesFile, policyRules);
  // What a test run must change: the broker, names shared with other tests, and fixed ports.
  const local = {
    ...kafkaEnv(topics),
    LOCKSTEP_PORT: '0',
    LOCKSTEP_HOST: '127.0.0.1',
    LOCKSTEP_LOG_LEVEL: 'warn',
  };
  const configOf = <T extends z.ZodTypeAny>(schema: T, env: Record<string, string>): z.infer<T> => loadConfig(schema, { env: { ...env, ...local } });

  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    const admin = testKafka('deploy-test-cleanup').admin();
    await admin.connect();
    await deleteTestTopics(admin, Object.values(topics));
    await admin.disconnect();
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const pol = await policy.start(
      configOf(policy.policyServiceConfigSchema, { ...deployEnv.policy, LOCKSTEP_OPS_PORT: '0', LOCKSTEP_OPS_HOST: '127.0.0.1', LOCKSTEP_POLICY_FILE: rulesFile }),
    );
    stops.push(() => policy.stop());
    const feat = await featurizer.start(configOf(featurizer.configSchema, { ...deployEnv.featurizer, LOCKSTEP_GROUP_ID: uniqueName('featurizer') }));
    stops.push(() => featurizer.stop());
    const det = await detector.start(
      configOf(detector.configSchema, { ...deployEnv.detector, LOCKSTEP_GROUP_ID: uniqueName('detector'), LOCKSTEP_POLICY_SERVER: `127.0.0.1:${pol.port}` }),
    );
    stops.push(() => detector.stop());
    await waitFor('featurizer and detector joined their groups', () => feat.isReady() && det.isReady());

    // Traffic so that labelled series have samples: valid and malformed usage events, one Check,
    // one ReportDecisions and one override (an enforcement-topic write).
    const kafka = testKafka('deploy-test');
    const producer = kafka.producer();
    await producer.connect();
    const valid = Array.from({ length: 20 }, (_, i) => usageEvent(i));
    await producer.send({
      topic: topics.usage,
      messages: [...valid.map((e) => ({ key: e.account_id, value: JSON.stringify(e) })), { key: 'bad', value: '{"event_id":"broken"' }],
    });
    await producer.disconnect();
    const client = createPolicyClient(`127.0.0.1:${pol.port}`, { token: deployEnv.policy.LOCKSTEP_REPORT_TOKEN });
    try {
      await client.check('acct-deploy-0');
      await client.reportDecisions([
        { decision_id: 'deploy-test-d1', account_id: 'acct-deploy-1', action: toProtoAction('monitor'), score: 0.4, campaign_id: 'cmp-deploy', event_ts_ms: T0, evidence: [], summary: 'deploy test', tier: 'free', verified: false },
      ]);
      await client.setOverride(
        { account_id: 'acct-deploy-2', action: toProtoAction('allow'), reason: 'deploy test', actor: 'test', ttl_ms: 60_000 },
        { token: deployEnv.policy.LOCKSTEP_ADMIN_TOKEN },
      );
    } finally {
      client.close();
    }

    const ops: OpsEndpoint[] = [
      { service: 'featurizer', port: feat.opsPort },
      { service: 'detector', port: det.opsPort },
      { service: 'policy', port: pol.opsPort },
    ];
    const scrape = async () => {
      const out = {} as Record<OpsEndpoint['service'], string>;
      for (const o of ops) out[o.service] = (await httpGet(o.port, '/metrics')).body;
      return out;
    };
    // The featurizer has seen every message once its DLQ and processed counters say so.
    await waitFor('featurizer consumed the test events', async () => {
      const text = (await scrape()).featurizer;
      return /lockstep_events_processed_total\{[^}]*\} 20$/m.test(text) && /lockstep_events_rejected_total\{[^}]*\} 1$/m.test(text);
    });
    await waitFor('detector consumed the features', async () => /lockstep_consumer_messages_total\{[^}]*outcome="processed"[^}]*\} [1-9]/m.test((await scrape()).detector));
    return { ops, scrape, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
