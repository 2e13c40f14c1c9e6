import { createPolicyClient, type PolicyClient } from '@lockstep/grpc';
import type { ClientConfig } from './client-config';

/**
 * The one place the CLI opens a PolicyService client (@lockstep/grpc). Calls fail fast (no
 * wait-for-ready) so an unreachable server is reported within the deadline, not hung on.
 */
export function connectPolicy(cfg: Pick<ClientConfig, 'server' | 'adminToken' | 'timeoutMs' | 'clientTls'>): PolicyClient {
  return createPolicyClient(cfg.server, { deadlineMs: cfg.timeoutMs, token: cfg.adminToken, tls: cfg.clientTls ?? null });
}

export type { PolicyClient };
