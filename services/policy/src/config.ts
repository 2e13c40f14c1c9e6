import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describeUnknownKey, findUnknownKey, kafkaConfigSchema, logLevelSchema, opsConfigSchema } from '@lockstep/config';
import { parsePolicyConfig, policyConfigSchema, type PolicyConfig } from '@lockstep/policy';

/**
 * Policy service settings. Flags > LOCKSTEP_* env (LOCKSTEP_REPORT_TOKEN -> reportToken,
 * LOCKSTEP_ADMIN_TOKEN -> adminToken, LOCKSTEP_TLS__CERT_FILE -> tls.certFile) > config file > defaults.
 */
export const policyServiceConfigSchema = z.object({
  /** gRPC port (PolicyService, envoy.service.auth.v3.Authorization, health, reflection). 0 = pick a free one. */
  port: z.number().int().min(0).max(65535).default(50051),
  host: z.string().min(1).default('0.0.0.0'),
  kafka: kafkaConfigSchema,
  ops: opsConfigSchema,
  logLevel: logLevelSchema,
  /** Bearer token the detector presents on ReportDecisions. Unset = ReportDecisions refused. */
  reportToken: z.string().min(8).optional(),
  /** Bearer token for SetOverride / ClearOverride. Unset = overrides refused. */
  adminToken: z.string().min(8).optional(),
  /** Policy rules inline (see @lockstep/policy policyConfigSchema for keys and defaults). */
  policy: z.record(z.string(), z.unknown()).default({}),
  /** A JSON file of policy rules; inline `policy` keys win over the file's. */
  policyFile: z.string().min(1).optional(),
  tls: z
    .object({
      certFile: z.string().min(1),
      keyFile: z.string().min(1),
      caFile: z.string().min(1).optional(),
      requireClientCert: z.boolean().default(false),
    })
    .optional(),
  keepalive: z
    .object({
      timeMs: z.number().int().positive().default(30_000),
      timeoutMs: z.number().int().positive().default(10_000),
    })
    .prefault({}),
  envoy: z
    .object({
      /** Request header (lower case, as Envoy sends it) that carries the account id. */
      accountHeader: z.string().min(1).default('x-lockstep-account'),
      /** Response header that carries the reason of a deny. */
      reasonHeader: z.string().min(1).default('x-lockstep-reason'),
      /** Upper bound of Retry-After on THROTTLE (seconds); the answer's expiry shortens it. */
      retryAfterMaxSec: z.number().int().positive().default(60),
    })
    .prefault({}),
  /** Largest BatchCheck. */
  maxBatchCheck: z.number().int().positive().max(10_000).default(1000),
  /** Largest ReportDecisions. */
  maxReportDecisions: z.number().int().positive().default(5000),
  /** How often expired actions and overrides are announced on WatchDecisions. */
  expirySweepMs: z.number().int().positive().default(1000),
  /** Grace period for in-flight calls on SIGTERM / stop(). */
  drainMs: z.number().int().nonnegative().default(10_000),
  /**
   * Processes answering gRPC. 1 = this process does everything. N > 1 = this process is the
   * single writer (topic producer, expiry sweep, ops server) and N read replicas (node:cluster
   * workers sharing the gRPC port) each hold the whole state and answer reads locally. 0 = one
   * replica per available core (at most 8).
   */
  processes: z.number().int().min(0).max(64).default(1),
  /** Partitions of the enforcement topic when this service creates it. */
  enforcementPartitions: z.number().int().positive().default(1),
  /**
   * `kafka`: every change is written to lockstep.enforcement.v1 before it is acknowledged and the
   * state is rebuilt from it at start. `memory`: nothing is persisted (a restart starts empty) and no
   * broker is needed; for a single box fed from a file. Requires `processes: 1`.
   */
  stateStore: z.enum(['kafka', 'memory']).default('kafka'),
});

export type PolicyServiceConfig = z.infer<typeof policyServiceConfigSchema>;
export type PolicyServiceConfigInput = z.input<typeof policyServiceConfigSchema>;

/** The effective policy rules: file, then inline keys on top (one level deep merge). */
export function resolvePolicyRules(cfg: PolicyServiceConfig): PolicyConfig {
  let base: Record<string, unknown> = {};
  if (cfg.policyFile) {
    try {
      base = JSON.parse(readFileSync(cfg.policyFile, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new Error(`config key 'policyFile': cannot read ${cfg.policyFile}: ${(err as Error).message}`);
    }
  }
  const merged: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(cfg.policy)) {
    const b = base[k];
    merged[k] = b && typeof b === 'object' && !Array.isArray(b) && v && typeof v === 'object' && !Array.isArray(v) ? { ...b, ...v } : v;
  }
  // A misspelt rule would otherwise be dropped by the schema and its default enforced, unannounced.
  const unknown = findUnknownKey(policyConfigSchema, merged);
  if (unknown) {
    const { key, problem } = describeUnknownKey(unknown);
    const from = unknown.path[0]! in cfg.policy ? "config key 'policy'" : `policyFile ${cfg.policyFile}`;
    throw new Error(`policy config key '${key}' (from ${from}) ${problem}`);
  }
  return parsePolicyConfig(merged);
}

/**
 * Replica processes to start for `processes`: 0 = one per available core, at most 8 (every replica
 * holds the whole state, and the core count a container sees is often the node's, not its quota).
 */
export function replicaCount(cfg: Pick<PolicyServiceConfig, 'processes'>, cores: number): number {
  return cfg.processes === 0 ? Math.min(8, Math.max(1, cores)) : cfg.processes;
}

export { policyConfigSchema };
