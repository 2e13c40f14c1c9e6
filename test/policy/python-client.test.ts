// A client written outside TypeScript: Python grpcio with stubs generated from proto/ at run time
// (test/clients/python/smoke.py) against the real service and broker.
import { execFile, execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { Admin } from 'kafkajs';
import { startPolicyService, type PolicyServiceHandle } from '@lockstep/policy-service';
import { deleteTestTopics, testKafka } from '../support/kafka';
import { REPORT_TOKEN, ROOT, enforcementTopic, serviceConfig } from './support';

jest.setTimeout(300_000);

const PY_DIR = path.join(ROOT, 'test/clients/python');

describe('Python grpcio smoke client (real broker)', () => {
  let admin: Admin;
  let svc: PolicyServiceHandle;
  const topic = enforcementTopic();

  beforeAll(async () => {
    admin = testKafka('policy-python-admin').admin();
    await admin.connect();
    svc = await startPolicyService(serviceConfig(topic, { host: '127.0.0.1' }));
  });
  afterAll(async () => {
    await svc?.stop();
    await deleteTestTopics(admin, [topic]);
    await admin.disconnect();
  });

  it('Check, ReportDecisions with a token, and a refused SetOverride without one', async () => {
    // setup.sh creates the venv with the pinned grpcio/grpcio-tools on first use and prints its python.
    const python = execFileSync('bash', [path.join(PY_DIR, 'setup.sh')], { encoding: 'utf8', timeout: 240_000 }).trim().split('\n').pop()!;
    const out = await new Promise<string>((resolve, reject) => {
      // Async, so this process keeps serving the gRPC calls the script makes.
      execFile(python, [path.join(PY_DIR, 'smoke.py'), '--address', `127.0.0.1:${svc.port}`, '--report-token', REPORT_TOKEN], { timeout: 120_000 }, (err, stdout, stderr) =>
        err ? reject(new Error(`smoke.py failed: ${stdout}\n${stderr}`)) : resolve(stdout),
      );
    });
    expect(out).toMatch(/ok 1 Check unknown account -> ALLOW/);
    expect(out).toMatch(/ok 2 ReportDecisions with token accepted=1; Check -> SUSPEND/);
    expect(out).toMatch(/ok 3 SetOverride without token refused: UNAUTHENTICATED/);
  });
});
