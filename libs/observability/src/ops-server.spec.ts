import { request } from 'node:http';
import { createMetrics } from './metrics';
import { startOpsServer, type OpsServer } from './ops-server';

function get(port: number, path: string, method = 'GET'): Promise<{ status: number; body: string; type?: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body, type: res.headers['content-type'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startOpsServer', () => {
  let server: OpsServer;
  let ready = false;
  let live = true;

  beforeAll(async () => {
    const m = createMetrics('test', { defaultMetrics: false });
    m.counter({ name: 'probe_total', help: 'p' }).inc();
    server = await startOpsServer({ port: 0, registry: m.registry, isReady: () => ready, isLive: () => live });
  });
  afterAll(() => server.close());

  it('serves Prometheus metrics', async () => {
    const res = await get(server.port, '/metrics');
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/plain');
    expect(res.body).toContain('lockstep_probe_total{service="test"} 1');
  });

  it('reports readiness and liveness from the callbacks', async () => {
    expect((await get(server.port, '/readyz')).status).toBe(503);
    ready = true;
    expect(await get(server.port, '/readyz')).toMatchObject({ status: 200, body: '{"status":"ok"}\n' });
    expect((await get(server.port, '/healthz')).status).toBe(200);
    live = false;
    expect((await get(server.port, '/healthz')).status).toBe(503);
  });

  it('answers 404 for unknown paths and 405 for other methods', async () => {
    expect((await get(server.port, '/nope')).status).toBe(404);
    expect((await get(server.port, '/metrics', 'POST')).status).toBe(405);
  });

  it('rejects when the port is taken', async () => {
    const m = createMetrics('dup', { defaultMetrics: false });
    await expect(startOpsServer({ port: server.port, registry: m.registry, isReady: () => true })).rejects.toThrow(/EADDRINUSE/);
  });
});
