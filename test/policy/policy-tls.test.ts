// TLS and mTLS switched on from certificate file paths (certificates made here with openssl).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Admin } from 'kafkajs';
import { createPolicyClient } from '@lockstep/grpc';
import { startPolicyService } from '@lockstep/policy-service';
import { deleteTestTopics, testKafka } from '../support/kafka';
import { enforcementTopic, serviceConfig } from './support';

jest.setTimeout(120_000);

function makeCerts(dir: string) {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=lockstep-test-ca');
  writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  for (const [name, ext] of [['server', ['-extfile', 'server.ext']], ['client', []]] as const) {
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name === 'server' ? 'localhost' : 'lockstep-client'}`);
    ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '1', ...ext);
  }
  const f = (n: string) => path.join(dir, n);
  return { ca: f('ca.pem'), serverCert: f('server.pem'), serverKey: f('server.key'), clientCert: f('client.pem'), clientKey: f('client.key') };
}

describe('policy service TLS / mTLS (real broker)', () => {
  let admin: Admin;
  const dir = mkdtempSync(path.join(tmpdir(), 'lockstep-tls-'));
  const certs = makeCerts(dir);
  const topics: string[] = [];
  beforeAll(async () => {
    admin = testKafka('policy-tls-admin').admin();
    await admin.connect();
  });
  afterAll(async () => {
    await deleteTestTopics(admin, topics);
    await admin.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('TLS: a client trusting the CA connects; a plaintext client does not', async () => {
    const topic = enforcementTopic();
    topics.push(topic);
    const svc = await startPolicyService(serviceConfig(topic, { tls: { certFile: certs.serverCert, keyFile: certs.serverKey } }));
    const ok = createPolicyClient(`127.0.0.1:${svc.port}`, { tls: { caFile: certs.ca }, deadlineMs: 5000 });
    const plain = createPolicyClient(`127.0.0.1:${svc.port}`, { deadlineMs: 3000 });
    try {
      expect((await ok.check('tls-1')).action).toBe('ALLOW');
      await expect(plain.check('tls-1')).rejects.toMatchObject({ code: expect.any(Number) });
    } finally {
      ok.close();
      plain.close();
      await svc.stop();
    }
  });

  it('mTLS: a client certificate signed by the CA is required', async () => {
    const topic = enforcementTopic();
    topics.push(topic);
    const svc = await startPolicyService(
      serviceConfig(topic, { tls: { certFile: certs.serverCert, keyFile: certs.serverKey, caFile: certs.ca, requireClientCert: true } }),
    );
    const withCert = createPolicyClient(`127.0.0.1:${svc.port}`, { tls: { caFile: certs.ca, certFile: certs.clientCert, keyFile: certs.clientKey }, deadlineMs: 5000 });
    const noCert = createPolicyClient(`127.0.0.1:${svc.port}`, { tls: { caFile: certs.ca }, deadlineMs: 3000 });
    try {
      expect((await withCert.check('mtls-1')).action).toBe('ALLOW');
      await expect(noCert.check('mtls-1')).rejects.toMatchObject({ code: expect.any(Number) });
    } finally {
      withCert.close();
      noCert.close();
      await svc.stop();
    }
  });
});
