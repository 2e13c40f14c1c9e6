// The multi-process policy service (`processes: 2`: one writer, two read replicas sharing the gRPC
// port) in a child process, on the real broker: every replica serves, a write is visible on the
// connection that made it as soon as it is acknowledged and on every replica shortly after,
// WatchDecisions carries the same sequence numbers on every replica, and kill -9 of the service
// loses no acknowledged decision or override.
import * as http from 'node:http';
import type { policyv1 } from '@lockstep/contracts';
import { createPolicyClient, type PolicyClient } from '@lockstep/grpc';
import { waitFor } from '../support/kafka';
import { ADMIN_TOKEN, REPORT_TOKEN, decision, enforcementTopic, policyProcesses } from './support';

jest.setTimeout(240_000);

/** Clients on separate connections: the primary hands connections to replicas round-robin. */
function clients(address: string, n: number, token: string): PolicyClient[] {
  return Array.from({ length: n }, () => createPolicyClient(address, { token, deadlineMs: 10_000, channelOptions: { 'grpc.use_local_subchannel_pool': 1 } }));
}

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

/** Check calls each replica answered, from the writer's aggregated /metrics. */
async function checksByReplica(opsPort: number): Promise<Record<string, number>> {
  const { body } = await get(opsPort, '/metrics');
  const out: Record<string, number> = {};
  for (const line of body.split('\n')) {
    if (!line.startsWith('lockstep_grpc_server_handling_seconds_count{') || !line.includes('method="Check"') || !line.includes('service="lockstep.policy.v1.PolicyService"')) continue;
    const replica = /process="(replica-\d+)"/.exec(line)?.[1];
    if (replica) out[replica] = (out[replica] ?? 0) + Number(line.split(' ').pop());
  }
  return out;
}

describe('policy service with read replicas (processes: 2, child process, real broker)', () => {
  const { topics, spawn } = policyProcesses('policy-replicas-admin', { processes: 2 });

  it('serves from every replica with read-your-writes, replicated state and one WatchDecisions sequence', async () => {
    const topic = enforcementTopic();
    topics.push(topic);
    const server = await spawn(topic);
    const reporters = clients(server.address, 6, REPORT_TOKEN);
    const admins = clients(server.address, 6, ADMIN_TOKEN);
    const watchA = createPolicyClient(server.address, { channelOptions: { 'grpc.use_local_subchannel_pool': 1 } });
    const watchB = createPolicyClient(server.address, { channelOptions: { 'grpc.use_local_subchannel_pool': 1 } });
    const seen: Record<string, policyv1.EnforcementChange__Output[]> = { a: [], b: [] };
    const streams = [
      watchA.watchDecisions(0).on('data', (c: policyv1.EnforcementChange__Output) => seen.a.push(c)),
      watchB.watchDecisions(0).on('data', (c: policyv1.EnforcementChange__Output) => seen.b.push(c)),
    ];
    for (const s of streams) s.on('error', () => undefined);
    try {
      expect((await get(server.opsPort, '/readyz')).status).toBe(200);
      expect((await get(server.opsPort, '/metrics')).body).toMatch(/^lockstep_policy_replicas_ready\{[^}]*process="writer"[^}]*\} 2$/m);
      // Read-your-writes on whichever replica took the write, for every connection.
      for (const [i, r] of reporters.entries()) {
        const d = decision({ account_id: `ryw-${i}`, campaign_id: 'camp-ryw' });
        expect(await r.reportDecisions([d])).toEqual({ accepted: 1, duplicates: 0 });
        expect(await r.check(`ryw-${i}`)).toMatchObject({ action: 'SUSPEND', decision_id: d.decision_id });
        // Idempotency is the writer's: a retry on another connection is a duplicate.
        expect(await reporters[(i + 1) % reporters.length].reportDecisions([d])).toEqual({ accepted: 0, duplicates: 1 });
      }
      for (const [i, a] of admins.entries()) {
        await a.setOverride({ account_id: `ryw-${i}`, action: 'ALLOW', reason: 'false positive', actor: 'sre' });
        expect(await a.check(`ryw-${i}`)).toMatchObject({ action: 'ALLOW', reason_code: 'override' });
      }
      await admins[0].setOverride({ campaign_id: 'camp-ryw', action: 'THROTTLE', reason: 'campaign', actor: 'sre' });
      // Every replica converges on the same answers and sequence.
      const ids = reporters.map((_, i) => `ryw-${i}`);
      const status = await reporters[0].getStatus();
      for (const r of reporters) {
        await waitFor('replica caught up', async () => (await r.getStatus()).sequence === status.sequence || null, 10_000, 20);
        expect((await r.batchCheck(ids)).map((a) => a.reason_code)).toEqual(ids.map(() => 'override'));
        expect((await r.getAccount('ryw-0')).history).toHaveLength(1);
      }
      // Both replicas served Check calls (the writer's /metrics carries each replica's series).
      const byReplica = await checksByReplica(server.opsPort);
      expect(Object.keys(byReplica).sort()).toEqual(['replica-0', 'replica-1']);
      expect(Object.values(byReplica).every((n) => n > 0)).toBe(true);
      // Watchers on different connections see the same changes under the same sequence numbers.
      await waitFor('both watchers caught up', () => (seen.a.length > 0 && seen.a.at(-1)!.sequence === status.sequence && seen.b.at(-1)?.sequence === status.sequence) || null, 10_000, 20);
      expect(seen.a.map((c) => [c.sequence, c.account_id, c.action])).toEqual(seen.b.map((c) => [c.sequence, c.account_id, c.action]));
      expect(seen.a.map((c) => c.sequence)).toEqual([...new Set(seen.a.map((c) => c.sequence))].sort((x, y) => x - y));
    } finally {
      for (const s of streams) s.cancel();
      for (const c of [...reporters, ...admins, watchA, watchB]) c.close();
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
  });

  it('kill -9 under load loses no acknowledged decision or override, and the replicas go with it', async () => {
    const topic = enforcementTopic();
    topics.push(topic);
    const first = await spawn(topic);
    const acked = { decisions: [] as policyv1.Decision[], overrides: [] as string[] };
    let stopped = false;
    const loops = Array.from({ length: 4 }, async (_, w) => {
      const [reporter] = clients(first.address, 1, REPORT_TOKEN);
      const [adm] = clients(first.address, 1, ADMIN_TOKEN);
      try {
        for (let i = 0; !stopped; i++) {
          if (i % 5 === 4) {
            const account = `rep-ov-${w}-${i}`;
            await adm.setOverride({ account_id: account, action: 'THROTTLE', reason: 'load test', actor: 'test' });
            acked.overrides.push(account);
          } else {
            const batch = Array.from({ length: 4 }, (_, k) => decision({ account_id: `rep-${w}-${i}-${k}`, campaign_id: `camp-rep-${w}` }));
            await reporter.reportDecisions(batch);
            acked.decisions.push(...batch);
          }
        }
      } catch {
        // The server went away mid-call: that call was not acknowledged.
      } finally {
        reporter.close();
        adm.close();
      }
    });
    await waitFor('some acknowledged writes', () => acked.decisions.length >= 400 && acked.overrides.length >= 10, 120_000, 20);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    stopped = true;
    await Promise.all(loops);
    // The writer owned the listening socket and the replicas exit with it: nothing answers.
    const probe = createPolicyClient(first.address, { deadlineMs: 1500 });
    await expect(probe.check('anyone')).rejects.toMatchObject({ code: expect.any(Number) });
    probe.close();

    const second = await spawn(topic);
    const readers = clients(second.address, 4, REPORT_TOKEN);
    try {
      for (const r of readers) {
        const ids = acked.decisions.map((d) => d.account_id!);
        for (let i = 0; i < ids.length; i += 1000) expect((await r.batchCheck(ids.slice(i, i + 1000))).every((a) => a.action === 'SUSPEND')).toBe(true);
        expect((await r.batchCheck(acked.overrides)).every((a) => a.action === 'THROTTLE' && a.reason_code === 'override')).toBe(true);
      }
      for (let i = 0; i < acked.decisions.length; i += 500) {
        const slice = acked.decisions.slice(i, i + 500);
        expect(await readers[0].reportDecisions(slice)).toEqual({ accepted: 0, duplicates: slice.length });
      }
    } finally {
      for (const r of readers) r.close();
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  });
});
