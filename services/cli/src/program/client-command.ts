import type { Command } from 'commander';
import { parseIntInRange, parseServerAddress } from './args';
import { clientConfigSchema, DEFAULT_POLICY_SERVER, type ClientConfig } from '../wiring/client-config';
import { resolveConfig } from '../wiring/config';
import type { PolicyClient } from '../wiring/policy-client';

export interface ClientFlags {
  server?: string;
  token?: string;
  timeout?: number;
  json?: boolean;
  config?: string;
  tls?: boolean;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
}

/** The options every command that talks to a running PolicyService shares. */
export function addClientOptions(cmd: Command): Command {
  return cmd
    .option('-s, --server <host:port>', `PolicyService address (env LOCKSTEP_SERVER, default ${DEFAULT_POLICY_SERVER})`, parseServerAddress)
    .option('--token <token>', 'admin bearer token (env LOCKSTEP_ADMIN_TOKEN)')
    .option('--timeout <ms>', 'deadline of each call in ms (env LOCKSTEP_TIMEOUT_MS, default 5000)', parseIntInRange(1, 600_000))
    .option('--tls', 'connect with TLS, trusting the system CAs (implied by the --tls-* options)')
    .option('--tls-ca <file>', 'CA certificate that signed the server certificate')
    .option('--tls-cert <file>', 'client certificate, for mTLS (with --tls-key)')
    .option('--tls-key <file>', 'client private key, for mTLS (with --tls-cert)')
    .option('--json', 'print the raw response as JSON instead of tables')
    .option('-c, --config <file>', 'JSON config file (keys: server, adminToken, timeoutMs, actor, clientTls)');
}

export function clientConfig(flags: ClientFlags, extra: Record<string, unknown> = {}): ClientConfig {
  return resolveConfig(clientConfigSchema, {
    flags: {
      server: flags.server,
      adminToken: flags.token,
      timeoutMs: flags.timeout,
      // --tls alone switches TLS on with system roots; the file options fill it in.
      clientTls: flags.tls ? {} : undefined,
      'clientTls.caFile': flags.tlsCa,
      'clientTls.certFile': flags.tlsCert,
      'clientTls.keyFile': flags.tlsKey,
      ...extra,
    },
    configFile: flags.config,
  });
}

/** Resolves config, opens a client, runs `fn`, and always closes the channel. */
export async function withPolicy<T>(flags: ClientFlags, fn: (api: PolicyClient, cfg: ClientConfig) => Promise<T>, extra: Record<string, unknown> = {}): Promise<T> {
  const cfg = clientConfig(flags, extra);
  // gRPC and the proto are loaded only when a call is made, keeping --help fast.
  const { connectPolicy } = await import('../wiring/policy-client');
  const api = connectPolicy(cfg);
  try {
    return await fn(api, cfg);
  } finally {
    api.close();
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
