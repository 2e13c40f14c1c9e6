// The policy service in-process over real sockets, with its state on the real broker:
// every RPC, auth and input errors, overrides, shadow mode, TTL expiry, enterprise protection,
// restart recovery, Envoy ext_authz mapping, health, reflection and metrics.
import { request } from 'node:http';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import type { Admin } from 'kafkajs';
import type { policyv1 } from '@lockstep/contracts';
import { createEnvoyAuthClient, createPolicyClient, type PolicyClient } from '@lockstep/grpc';
import { startPolicyService, type PolicyServiceHandle } from '@lockstep/policy-service';
import { deleteTestTopics, testKafka, waitFor } from '../support/kafka';
import { ADMIN_TOKEN, REPORT_TOKEN, decision, enforcementTopic, serviceConfig } from './support';

jest.setTimeout(120_000);

function codeOf(p: Promise<unknown>): Promise<{ code: number; details: string }> {
  return p.then(
    () => ({ code: 0, details: '' }),
    (e: grpc.ServiceError) => ({ code: e.code, details: e.details }),
  );
}

function httpGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    })
      .on('error', reject)
      .end();
  });
}

const topics: string[] = [];
let admin: Admin;
beforeAll(async () => {
  admin = testKafka('policy-test-admin').admin();
  await admin.connect();
});
afterAll(async () => {
  await deleteTestTopics(admin, topics);
  await admin.disconnect();
});

async function startService(extra: Record<string, unknown> = {}, topic = enforcementTopic()) {
  if (!topics.includes(topic)) topics.push(topic);
  const svc = await startPolicyService(serviceConfig(topic, extra));
  const address = `127.0.0.1:${svc.port}`;
  return {
    svc,
    topic,
    address,
    anon: createPolicyClient(address),
    reporter: createPolicyClient(address, { token: REPORT_TOKEN }),
    admin: createPolicyClient(address, { token: ADMIN_TOKEN }),
    async close() {
      this.anon.close();
      this.reporter.close();
      this.admin.close();
      await svc.stop();
    },
  };
}

describe('PolicyService (real broker)', () => {
  let s: Awaited<ReturnType<typeof startService>>;
  beforeAll(async () => {
    s = await startService();
  });
  afterAll(async () => {
    await s.close();
  });

  it('Check answers ALLOW for an unknown account and rejects a missing account_id', async () => {
    expect(await s.anon.check('nobody')).toMatchObject({ action: 'ALLOW', reason_code: 'unknown_account' });
    const e = await codeOf(s.anon.check(''));
    expect(e.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(e.details).toMatch(/^account_id/);
  });

  it('ReportDecisions requires the report token', async () => {
    const d = [decision({ account_id: 'auth-1' })];
    expect((await codeOf(s.anon.reportDecisions(d))).code).toBe(grpc.status.UNAUTHENTICATED);
    expect((await codeOf(s.anon.reportDecisions(d, { token: 'not-a-known-token' }))).code).toBe(grpc.status.UNAUTHENTICATED);
    expect((await codeOf(s.admin.reportDecisions(d))).code).toBe(grpc.status.PERMISSION_DENIED);
    expect(await s.anon.check('auth-1')).toMatchObject({ action: 'ALLOW' });
  });

  it('ReportDecisions applies decisions once (idempotent by decision_id) and Check reflects them', async () => {
    const d1 = decision({ account_id: 'rd-1', campaign_id: 'camp-rd' });
    const d2 = decision({ account_id: 'rd-2', campaign_id: 'camp-rd', score: 0.6, action: 'THROTTLE', evidence: [{ signal: 'card_reuse', value: 3, weight: 0.5, detail: 'x' }] });
    expect(await s.reporter.reportDecisions([d1, d2])).toEqual({ accepted: 2, duplicates: 0 });
    expect(await s.reporter.reportDecisions([d1, d2])).toEqual({ accepted: 0, duplicates: 2 });
    expect(await s.anon.check('rd-1')).toMatchObject({ action: 'SUSPEND', reason_code: 'detector', campaign_id: 'camp-rd', decision_id: d1.decision_id });
    const batch = await s.anon.batchCheck(['rd-2', 'nobody', 'rd-1']);
    expect(batch.map((r) => r.action)).toEqual(['THROTTLE', 'ALLOW', 'SUSPEND']);
  });

  it('rejects malformed input with INVALID_ARGUMENT naming the field', async () => {
    const bad = await codeOf(s.reporter.reportDecisions([decision(), decision({ account_id: '' })]));
    expect(bad.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(bad.details).toMatch(/^decisions\[1\]\.account_id/);
    const badEv = await codeOf(s.reporter.reportDecisions([decision({ evidence: [{ signal: '', weight: 1 }] })]));
    expect(badEv.details).toMatch(/^decisions\[0\]\.evidence\[0\]\.signal/);
    expect((await codeOf(s.reporter.reportDecisions([]))).details).toMatch(/^decisions/);
    const tooMany = await codeOf(s.anon.batchCheck(Array.from({ length: 1001 }, (_, i) => `a${i}`)));
    expect(tooMany.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(tooMany.details).toMatch(/^requests/);
    expect((await codeOf(s.anon.batchCheck(['ok', '']))).details).toMatch(/^requests\[1\]\.account_id/);
    expect((await s.anon.batchCheck(Array.from({ length: 1000 }, (_, i) => `a${i}`))).length).toBe(1000);
    expect((await codeOf(s.anon.getAccount(''))).details).toMatch(/^account_id/);
    expect((await codeOf(s.anon.getCampaign(''))).details).toMatch(/^campaign_id/);
    expect((await codeOf(s.anon.getCampaign('no-such-campaign'))).code).toBe(grpc.status.NOT_FOUND);
    expect((await codeOf(s.anon.listCampaigns(-1))).details).toMatch(/^limit/);
    const noTarget = await codeOf(s.admin.setOverride({ action: 'SUSPEND', reason: 'r', actor: 'a' }));
    expect([noTarget.code, noTarget.details.split(':')[0]]).toEqual([grpc.status.INVALID_ARGUMENT, 'target']);
    expect((await codeOf(s.admin.setOverride({ account_id: 'x', reason: 'r', actor: 'a' }))).details).toMatch(/^action/);
    expect((await codeOf(s.admin.setOverride({ account_id: 'x', action: 'SUSPEND', reason: '', actor: 'a' }))).details).toMatch(/^reason/);
    expect((await codeOf(s.admin.setOverride({ account_id: 'x', action: 'SUSPEND', reason: 'r', actor: '' }))).details).toMatch(/^actor/);
    expect((await codeOf(s.admin.setOverride({ account_id: 'x', action: 'SUSPEND', reason: 'r', actor: 'a', ttl_ms: -5 }))).details).toMatch(/^ttl_ms/);
  });

  it('GetAccount explains the answer: action, history with evidence, overrides, audit', async () => {
    const d = decision({ account_id: 'ga-1', campaign_id: 'camp-ga' });
    await s.reporter.reportDecisions([d]);
    const a = await s.anon.getAccount('ga-1');
    expect(a.current).toMatchObject({ action: 'SUSPEND', decision_id: d.decision_id });
    expect(a.history).toHaveLength(1);
    expect(a.history[0]).toMatchObject({ decision_id: d.decision_id, action: 'SUSPEND', proposed_action: 'SUSPEND', summary: 'distillation farm' });
    expect(a.history[0].evidence.map((e) => e.signal)).toEqual(['shared_template', 'card_reuse', 'creation_burst']);
    expect(a.overrides).toEqual([]);
  });

  it('ListCampaigns and GetCampaign return members, evidence, first/last seen and actions', async () => {
    const t = Date.now() - 60_000;
    await s.reporter.reportDecisions([
      decision({ account_id: 'c-b', campaign_id: 'camp-view', event_ts_ms: t + 1000 }),
      decision({ account_id: 'c-a', campaign_id: 'camp-view', event_ts_ms: t, score: 0.6, action: 'THROTTLE', evidence: [{ signal: 'card_reuse', value: 1, weight: 0.9, detail: '' }] }),
    ]);
    const c = await s.anon.getCampaign('camp-view');
    expect(c).toMatchObject({ campaign_id: 'camp-view', members: ['c-a', 'c-b'], member_actions: ['THROTTLE', 'SUSPEND'], first_seen_ms: t, last_seen_ms: t + 1000, score: 0.95 });
    expect(c.evidence.map((e) => e.signal).sort()).toEqual(['card_reuse', 'creation_burst', 'shared_template']);
    const list = await s.anon.listCampaigns(100);
    expect(list.map((x) => x.campaign_id)).toEqual(expect.arrayContaining(['camp-view', 'camp-rd']));
    expect(await s.anon.listCampaigns(1)).toHaveLength(1);
  });

  it('overrides need the admin token; account override > campaign override > detector; audited', async () => {
    await s.reporter.reportDecisions([decision({ account_id: 'ov-1', campaign_id: 'camp-ov' }), decision({ account_id: 'ov-2', campaign_id: 'camp-ov' })]);
    const req: policyv1.SetOverrideRequest = { campaign_id: 'camp-ov', action: 'MONITOR', reason: 'false positive: research lab', actor: 'tns@example.com' };
    expect((await codeOf(s.anon.setOverride(req))).code).toBe(grpc.status.UNAUTHENTICATED);
    expect((await codeOf(s.reporter.setOverride(req))).code).toBe(grpc.status.PERMISSION_DENIED);
    expect((await codeOf(s.reporter.clearOverride({ campaign_id: 'camp-ov', actor: 'x' }))).code).toBe(grpc.status.PERMISSION_DENIED);

    const ov = await s.admin.setOverride(req);
    expect(ov).toMatchObject({ campaign_id: 'camp-ov', action: 'MONITOR', actor: 'tns@example.com' });
    expect(ov.expires_at_ms).toBeGreaterThan(ov.created_at_ms);
    expect(await s.anon.check('ov-1')).toMatchObject({ action: 'MONITOR', reason_code: 'campaign_override', decision_id: ov.override_id });

    await s.admin.setOverride({ account_id: 'ov-1', action: 'SUSPEND', reason: 'confirmed abuse', actor: 'sre@example.com', ttl_ms: 3_600_000 });
    expect(await s.anon.check('ov-1')).toMatchObject({ action: 'SUSPEND', reason_code: 'override' });
    expect(await s.anon.check('ov-2')).toMatchObject({ action: 'MONITOR', reason_code: 'campaign_override' });
    // A later detector decision does not beat the human override.
    await s.reporter.reportDecisions([decision({ account_id: 'ov-2', campaign_id: 'camp-ov', event_ts_ms: Date.now() + 1 })]);
    expect((await s.anon.check('ov-2')).action).toBe('MONITOR');

    const a = await s.anon.getAccount('ov-1');
    expect(a.overrides.map((o) => o.action).sort()).toEqual(['MONITOR', 'SUSPEND']);
    expect(a.audit.map((x) => [x.actor, x.reason])).toEqual(
      expect.arrayContaining([
        ['tns@example.com', 'false positive: research lab'],
        ['sre@example.com', 'confirmed abuse'],
      ]),
    );

    expect(await s.admin.clearOverride({ account_id: 'ov-1', actor: 'sre@example.com', reason: 'resolved' })).toBe(true);
    expect(await s.admin.clearOverride({ account_id: 'ov-1', actor: 'sre@example.com' })).toBe(false);
    expect((await s.anon.check('ov-1')).reason_code).toBe('campaign_override');
    await s.admin.clearOverride({ campaign_id: 'camp-ov', actor: 'tns@example.com', reason: 'resolved' });
    expect(await s.anon.check('ov-1')).toMatchObject({ action: 'SUSPEND', reason_code: 'detector' });
    const after = await s.anon.getAccount('ov-1');
    expect(after.audit.some((x) => x.actor === 'sre@example.com' && x.reason === 'resolved' && /cleared/.test(x.what))).toBe(true);
  });

  it('protects verified enterprise accounts: at most CHALLENGE, flagged needs_review', async () => {
    await s.reporter.reportDecisions([decision({ account_id: 'ent-1', tier: 'enterprise', verified: true })]);
    expect(await s.anon.check('ent-1')).toMatchObject({ action: 'CHALLENGE', reason_code: 'enterprise_cap' });
    const a = await s.anon.getAccount('ent-1');
    expect(a.needs_review).toBe(true);
    expect(a.history[0]).toMatchObject({ action: 'CHALLENGE', proposed_action: 'SUSPEND', needs_review: true });
    await s.reporter.reportDecisions([decision({ account_id: 'ent-2', tier: 'enterprise', verified: false })]);
    expect((await s.anon.check('ent-2')).action).toBe('SUSPEND');
  });

  it('WatchDecisions streams every change and resumes from a sequence', async () => {
    const start = (await s.anon.getStatus()).sequence;
    const got: policyv1.EnforcementChange__Output[] = [];
    const stream = s.anon.watchDecisions(start);
    stream.on('data', (c: policyv1.EnforcementChange__Output) => got.push(c));
    stream.on('error', () => undefined);
    await waitFor('watch stream open', async () => {
      await s.reporter.reportDecisions([decision({ account_id: `w-probe-${got.length}`, campaign_id: '' })]);
      return got.length > 0;
    });
    const before = got.length;
    await s.reporter.reportDecisions([decision({ account_id: 'w-1', campaign_id: '' }), decision({ account_id: 'w-2', campaign_id: '', score: 0.6, action: 'THROTTLE' })]);
    await s.admin.setOverride({ account_id: 'w-1', action: 'ALLOW', reason: 'vip', actor: 'sre' });
    const mine = () => got.filter((c) => c.account_id === 'w-1' || c.account_id === 'w-2');
    await waitFor('3 changes of w-1 and w-2', () => mine().length >= 3);
    stream.cancel();
    const seqs = got.map((c) => c.sequence);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const w = mine();
    expect(w.map((c) => [c.account_id, c.action, c.reason_code])).toEqual([
      ['w-1', 'SUSPEND', 'detector'],
      ['w-2', 'THROTTLE', 'detector'],
      ['w-1', 'ALLOW', 'override'],
    ]);
    expect(before).toBeGreaterThan(0);

    // Resume: from the sequence of the first w-1 change, the next two arrive again.
    const resumeFrom = w[0].sequence;
    const again: policyv1.EnforcementChange__Output[] = [];
    const s2 = s.anon.watchDecisions(resumeFrom);
    s2.on('data', (c: policyv1.EnforcementChange__Output) => again.push(c));
    s2.on('error', () => undefined);
    await waitFor('resumed changes', () => again.length >= 2);
    s2.cancel();
    expect(again.slice(0, 2).map((c) => c.sequence)).toEqual([w[1].sequence, w[2].sequence]);
    expect((await codeOf(new Promise((res, rej) => s.anon.watchDecisions(-1).on('error', rej).on('end', res)))).code).toBe(grpc.status.INVALID_ARGUMENT);
  });

  it('GetStatus reports state size and sequence', async () => {
    const st = await s.anon.getStatus();
    expect(st.accounts).toBeGreaterThan(5);
    expect(st.sequence).toBeGreaterThan(5);
    expect(st.accounts_by_action.SUSPEND).toBeGreaterThan(0);
    expect(st.shadow_mode).toBe(false);
  });

  it('serves Envoy ext_authz Check: ALLOW/MONITOR ok, THROTTLE 429 + Retry-After, CHALLENGE/SUSPEND 403 + reason', async () => {
    await s.reporter.reportDecisions([
      decision({ account_id: 'env-mon', score: 0.35, action: 'MONITOR' }),
      decision({ account_id: 'env-thr', score: 0.6, action: 'THROTTLE' }),
      decision({ account_id: 'env-chl', score: 0.75, action: 'CHALLENGE' }),
      decision({ account_id: 'env-sus' }),
    ]);
    const envoy = createEnvoyAuthClient(s.address);
    try {
      const hdr = (r: { denied_response?: { headers: { header: { key: string; value: string } | null }[] } | null }, k: string) =>
        r.denied_response?.headers.find((h) => h.header?.key === k)?.header?.value;
      for (const acct of ['env-unknown', 'env-mon']) {
        const r = await envoy.checkHeaders({ 'x-lockstep-account': acct });
        expect(r.status?.code).toBe(0);
        expect(r.http_response).toBe('ok_response');
      }
      expect((await envoy.checkHeaders({ 'other-header': 'x' })).status?.code).toBe(0);
      const thr = await envoy.checkHeaders({ 'x-lockstep-account': 'env-thr' });
      expect(thr.status?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
      expect(thr.denied_response?.status?.code).toBe('TooManyRequests');
      expect(Number(hdr(thr, 'retry-after'))).toBeGreaterThanOrEqual(1);
      expect(hdr(thr, 'x-lockstep-reason')).toBe('throttle:detector');
      for (const [acct, action] of [['env-chl', 'challenge'], ['env-sus', 'suspend']]) {
        const r = await envoy.checkHeaders({ 'x-lockstep-account': acct });
        expect(r.status?.code).toBe(grpc.status.PERMISSION_DENIED);
        expect(r.denied_response?.status?.code).toBe('Forbidden');
        expect(hdr(r, 'x-lockstep-reason')).toBe(`${action}:detector`);
      }
    } finally {
      envoy.close();
    }
  });

  it('serves grpc.health.v1 (SERVING), reflection, and Prometheus metrics by method and code', async () => {
    const def = protoLoader.loadSync(healthProtoPath, { keepCase: true, enums: String });
    const Health = (grpc.loadPackageDefinition(def) as any).grpc.health.v1.Health;
    const h = new Health(s.address, grpc.credentials.createInsecure());
    const status = await new Promise<any>((res, rej) => h.Check({ service: 'lockstep.policy.v1.PolicyService' }, (e: Error, r: unknown) => (e ? rej(e) : res(r))));
    expect(status.status).toBe('SERVING');
    h.close();

    const reflDef = protoLoader.loadSync('grpc/reflection/v1/reflection.proto', { keepCase: true, includeDirs: [require('node:path').dirname(require.resolve('@grpc/reflection/package.json')) + '/build/proto'] });
    const Refl = (grpc.loadPackageDefinition(reflDef) as any).grpc.reflection.v1.ServerReflection;
    const rc = new Refl(s.address, grpc.credentials.createInsecure());
    const services = await new Promise<string[]>((res, rej) => {
      const call = rc.ServerReflectionInfo();
      call.on('data', (m: any) => {
        res(m.list_services_response.service.map((x: { name: string }) => x.name));
        call.end();
      });
      call.on('error', rej);
      call.write({ list_services: '' });
    });
    rc.close();
    expect(services).toEqual(expect.arrayContaining(['lockstep.policy.v1.PolicyService', 'envoy.service.auth.v3.Authorization']));

    await s.anon.check('metrics-probe');
    await codeOf(s.anon.reportDecisions([decision({ account_id: 'metrics-probe' })]));
    await s.reporter.reportDecisions([decision({ account_id: 'metrics-probe' })]);
    const m = await httpGet(s.svc.opsPort, '/metrics');
    expect(m.status).toBe(200);
    expect(m.body).toMatch(/lockstep_grpc_server_handling_seconds_count\{[^}]*method="Check"[^}]*code="OK"/);
    expect(m.body).toMatch(/lockstep_grpc_server_handling_seconds_count\{[^}]*method="ReportDecisions"[^}]*code="UNAUTHENTICATED"/);
    expect(m.body).toMatch(/lockstep_policy_decisions_total\{[^}]*action="suspend"/);
    expect(m.body).toMatch(/lockstep_policy_state_accounts\{[^}]*action="suspend"/);
    expect((await httpGet(s.svc.opsPort, '/readyz')).status).toBe(200);
  });
});

describe('policy rules configured per service (real broker)', () => {
  it('shadow mode per tier: recorded and visible, Check answers ALLOW with reason shadow', async () => {
    const s = await startService({ policy: { shadow: { tiers: ['pro'] } } });
    try {
      await s.reporter.reportDecisions([decision({ account_id: 'sh-pro', tier: 'pro' }), decision({ account_id: 'sh-free', tier: 'free' })]);
      expect(await s.anon.check('sh-pro')).toMatchObject({ action: 'ALLOW', reason_code: 'shadow' });
      expect((await s.anon.check('sh-free')).action).toBe('SUSPEND');
      expect((await s.anon.getAccount('sh-pro')).history[0].action).toBe('SUSPEND');
      // Overrides are human decisions and are enforced even in shadow mode.
      await s.admin.setOverride({ account_id: 'sh-pro', action: 'THROTTLE', reason: 'r', actor: 'a' });
      expect((await s.anon.check('sh-pro')).action).toBe('THROTTLE');
    } finally {
      await s.close();
    }
  });

  it('global shadow mode and allowlists', async () => {
    const s = await startService({ policy: { shadow: { global: true }, allowlist: { accounts: ['vip'] } } });
    try {
      await s.reporter.reportDecisions([decision({ account_id: 'g-1' }), decision({ account_id: 'vip' })]);
      expect(await s.anon.check('g-1')).toMatchObject({ action: 'ALLOW', reason_code: 'shadow' });
      expect(await s.anon.check('vip')).toMatchObject({ action: 'ALLOW', reason_code: 'allowlist' });
      expect((await s.anon.getStatus()).shadow_mode).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('automatic actions and overrides expire after their TTL, announced on WatchDecisions', async () => {
    const s = await startService({ policy: { ttlMs: { throttle: 4000 } } });
    try {
      await s.reporter.reportDecisions([decision({ account_id: 'ttl-1', score: 0.6, action: 'THROTTLE', campaign_id: '' })]);
      const first = await s.anon.check('ttl-1');
      expect(first.expires_at_ms).toBeGreaterThan(Date.now() - 1000);
      expect(['THROTTLE', 'ALLOW']).toContain(first.action);
      const ov = await s.admin.setOverride({ account_id: 'ttl-2', action: 'SUSPEND', reason: 'r', actor: 'a', ttl_ms: 2000 });
      expect(ov.expires_at_ms - ov.created_at_ms).toBe(2000);
      const changes: policyv1.EnforcementChange__Output[] = [];
      const w = s.anon.watchDecisions(0);
      w.on('data', (c: policyv1.EnforcementChange__Output) => changes.push(c));
      w.on('error', () => undefined);
      await waitFor('throttle expiry', async () => (await s.anon.check('ttl-1')).reason_code === 'expired', 30_000, 200);
      await waitFor('override expiry', async () => (await s.anon.check('ttl-2')).action === 'ALLOW', 30_000, 200);
      await waitFor('expiry changes streamed', () =>
        changes.some((c) => c.account_id === 'ttl-1' && c.reason_code === 'expired') && changes.some((c) => c.account_id === 'ttl-2' && c.action === 'ALLOW'),
      );
      w.cancel();
      const audit = (await s.anon.getAccount('ttl-2')).audit;
      expect(audit.map((a) => a.actor)).toEqual(['a', 'system']);
    } finally {
      await s.close();
    }
  });
});

describe('restart recovery (real broker)', () => {
  it('rebuilds decisions, overrides, audit and sequence from the enforcement topic before SERVING', async () => {
    const topic = enforcementTopic();
    const s1 = await startService({}, topic);
    await s1.reporter.reportDecisions([decision({ account_id: 'rr-1', campaign_id: 'camp-rr' }), decision({ account_id: 'rr-2', campaign_id: 'camp-rr', tier: 'enterprise', verified: true })]);
    await s1.admin.setOverride({ campaign_id: 'camp-rr', action: 'THROTTLE', reason: 'investigating', actor: 'tns' });
    await s1.admin.setOverride({ account_id: 'rr-3', action: 'SUSPEND', reason: 'manual', actor: 'sre' });
    const snapshot = {
      checks: await s1.anon.batchCheck(['rr-1', 'rr-2', 'rr-3', 'rr-4']),
      account: await s1.anon.getAccount('rr-2'),
      campaign: await s1.anon.getCampaign('camp-rr'),
      status: await s1.anon.getStatus(),
    };
    await s1.close();

    const s2 = await startService({}, topic);
    try {
      expect(s2.svc.rebuiltRecords).toBeGreaterThan(0);
      expect(await s2.anon.batchCheck(['rr-1', 'rr-2', 'rr-3', 'rr-4'])).toEqual(snapshot.checks);
      expect(await s2.anon.getAccount('rr-2')).toEqual(snapshot.account);
      expect(await s2.anon.getCampaign('camp-rr')).toEqual(snapshot.campaign);
      const st = await s2.anon.getStatus();
      expect({ ...st, started_at_ms: 0 }).toEqual({ ...snapshot.status, started_at_ms: 0 });
      // Idempotency survives the restart; sequences continue.
      const again = await s2.reporter.reportDecisions(snapshot.account.history.map((h) => ({ ...h })));
      expect(again).toEqual({ accepted: 0, duplicates: 1 });
      await s2.reporter.reportDecisions([decision({ account_id: 'rr-5', campaign_id: '' })]);
      expect((await s2.anon.getStatus()).sequence).toBeGreaterThan(snapshot.status.sequence);
    } finally {
      await s2.close();
    }
  });
});
