// kill -9 and SIGTERM of a policy service child process while decisions and overrides are in
// flight: after a restart on the same enforcement topic, nothing that was acknowledged is lost.
import type { policyv1 } from '@lockstep/contracts';
import { createPolicyClient, type PolicyClient } from '@lockstep/grpc';
import { waitFor } from '../support/kafka';
import { ADMIN_TOKEN, REPORT_TOKEN, decision, enforcementTopic, policyProcesses } from './support';

jest.setTimeout(240_000);

interface Acked {
  decisions: policyv1.Decision[];
  overrides: { account_id: string; action: policyv1.Action }[];
}

/** Concurrent writers that record exactly what the server acknowledged, until they hit an error. */
function startLoad(address: string, workers: number, acked: Acked): { stop(): void; done: Promise<void> } {
  let stopped = false;
  const loops = Array.from({ length: workers }, async (_, w) => {
    const reporter = createPolicyClient(address, { token: REPORT_TOKEN, deadlineMs: 5000 });
    const admin = createPolicyClient(address, { token: ADMIN_TOKEN, deadlineMs: 5000 });
    try {
      for (let i = 0; !stopped; i++) {
        if (i % 5 === 4) {
          const account = `crash-ov-${w}-${i}`;
          await admin.setOverride({ account_id: account, action: 'THROTTLE', reason: 'load test', actor: 'test' });
          acked.overrides.push({ account_id: account, action: 'THROTTLE' });
        } else {
          const batch = Array.from({ length: 4 }, (_, k) => decision({ account_id: `crash-${w}-${i}-${k}`, campaign_id: `camp-crash-${w}` }));
          await reporter.reportDecisions(batch);
          acked.decisions.push(...batch);
        }
      }
    } catch {
      // The server went away mid-call: that call was not acknowledged, so it is not counted.
    } finally {
      reporter.close();
      admin.close();
    }
  });
  return { stop: () => (stopped = true), done: Promise.all(loops).then(() => undefined) };
}

async function verifyNothingLost(client: PolicyClient, acked: Acked): Promise<void> {
  // Every acknowledged decision is known again by decision_id...
  for (let i = 0; i < acked.decisions.length; i += 500) {
    const slice = acked.decisions.slice(i, i + 500);
    const r = await client.reportDecisions(slice);
    expect(r).toEqual({ accepted: 0, duplicates: slice.length });
  }
  // ...and enforced.
  const ids = acked.decisions.map((d) => d.account_id!);
  for (let i = 0; i < ids.length; i += 1000) {
    const answers = await client.batchCheck(ids.slice(i, i + 1000));
    expect(answers.every((a) => a.action === 'SUSPEND')).toBe(true);
  }
  const ov = await client.batchCheck(acked.overrides.map((o) => o.account_id));
  expect(ov.map((a) => [a.action, a.reason_code])).toEqual(acked.overrides.map(() => ['THROTTLE', 'override']));
}

describe('policy service crash recovery (child process, real broker)', () => {
  const { topics, spawn } = policyProcesses('policy-crash-admin');

  it('kill -9 under load loses no acknowledged decision or override', async () => {
    const topic = enforcementTopic();
    topics.push(topic);
    const first = await spawn(topic);
    const acked: Acked = { decisions: [], overrides: [] };
    const load = startLoad(first.address, 4, acked);
    await waitFor('some acknowledged writes', () => acked.decisions.length >= 400 && acked.overrides.length >= 10, 120_000, 20);
    // Killed while the writers are mid-call.
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    load.stop();
    await load.done;
    // The killed pid was the server itself: nothing answers on its port any more.
    const probe = createPolicyClient(first.address, { deadlineMs: 1500 });
    await expect(probe.check('anyone')).rejects.toMatchObject({ code: expect.any(Number) });
    probe.close();

    const second = await spawn(topic);
    const client = createPolicyClient(second.address, { token: REPORT_TOKEN });
    try {
      await verifyNothingLost(client, acked);
      const status = await client.getStatus();
      expect(status.accounts).toBeGreaterThanOrEqual(acked.decisions.length);
    } finally {
      client.close();
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  });

  it('SIGTERM drains gracefully: exit 0, and every acknowledged write survives', async () => {
    const topic = enforcementTopic();
    topics.push(topic);
    const first = await spawn(topic);
    const acked: Acked = { decisions: [], overrides: [] };
    const load = startLoad(first.address, 2, acked);
    await waitFor('some acknowledged writes', () => acked.decisions.length >= 100 && acked.overrides.length >= 2, 120_000, 20);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    load.stop();
    await load.done;

    const second = await spawn(topic);
    const client = createPolicyClient(second.address, { token: REPORT_TOKEN });
    try {
      await verifyNothingLost(client, acked);
    } finally {
      client.close();
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
