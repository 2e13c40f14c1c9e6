import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Gauge, type Registry } from 'prom-client';

export interface OpsServerOptions {
  /** 0 picks a free port (the chosen one is returned). */
  port: number;
  host?: string;
  registry: Registry;
  /** Ready to take traffic (e.g. consumer joined its group). */
  isReady: () => boolean;
  /** Process is healthy; default always true. A false here asks the orchestrator for a restart. */
  isLive?: () => boolean;
}

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

/** Serves GET /metrics (Prometheus text), /healthz and /readyz (200 or 503, small JSON body). */
export function startOpsServer(opts: OpsServerOptions): Promise<OpsServer> {
  const isLive = opts.isLive ?? (() => true);
  const server = createServer((req, res) => {
    handle(req, res, opts, isLive).catch((err: Error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`error: ${err.message}\n`);
    });
  });
  // Probes must not hold the process open on shutdown.
  server.keepAliveTimeout = 1000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      registerProbeGauges(opts.registry, () => safe(opts.isReady), () => safe(isLive));
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, opts: OpsServerOptions, isLive: () => boolean): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  switch (path) {
    case '/metrics': {
      const body = await opts.registry.metrics();
      res.writeHead(200, { 'content-type': opts.registry.contentType }).end(body);
      return;
    }
    case '/healthz':
      return probe(res, safe(isLive));
    case '/readyz':
      return probe(res, safe(opts.isReady));
    default:
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  }
}

/**
 * lockstep_ready / lockstep_live mirror /readyz and /healthz, so that alerting sees a service that
 * answers scrapes but is not ready (e.g. policy state still rebuilding, consumer out of its group).
 */
function registerProbeGauges(registry: Registry, ready: () => boolean, live: () => boolean): void {
  const gauges: [string, string, () => boolean][] = [
    ['lockstep_ready', '1 when /readyz answers 200 (ready to take traffic), else 0', ready],
    ['lockstep_live', '1 when /healthz answers 200, else 0', live],
  ];
  for (const [name, help, check] of gauges) {
    // A restart in the same process reuses the registry: the gauge must read the new callbacks.
    if (registry.getSingleMetric(name)) registry.removeSingleMetric(name);
    new Gauge({ name, help, registers: [registry], collect() { this.set(check() ? 1 : 0); } });
  }
}

function safe(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}

function probe(res: ServerResponse, ok: boolean): void {
  res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ok ? 'ok' : 'unavailable' }) + '\n');
}
