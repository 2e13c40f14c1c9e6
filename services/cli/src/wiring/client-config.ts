import { z } from 'zod';

/** Where the PolicyService listens unless told otherwise (matches `lockstep serve policy`'s default). */
export const DEFAULT_POLICY_SERVER = '127.0.0.1:50051';

const serverAddress = z
  .string()
  .regex(/^((unix|dns|ipv4|ipv6):.+|(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5})$/, "must be 'host:port'");

/**
 * Settings of the commands that talk to a running PolicyService. Env: LOCKSTEP_SERVER,
 * LOCKSTEP_ADMIN_TOKEN, LOCKSTEP_TIMEOUT_MS, LOCKSTEP_ACTOR, LOCKSTEP_CLIENT_TLS__CA_FILE
 * (__CERT_FILE, __KEY_FILE); or the same keys in --config FILE.
 */
export const clientConfigSchema = z.object({
  server: serverAddress.default(DEFAULT_POLICY_SERVER),
  adminToken: z.string().min(1).optional(),
  timeoutMs: z.number().int().min(1).max(600_000).default(5000),
  actor: z.string().min(1).optional(),
  /**
   * TLS to the PolicyService (absent = plaintext). Named clientTls, not tls, so that a shell
   * that also runs the server (LOCKSTEP_TLS__CERT_FILE) never hands its server key to the client.
   */
  clientTls: z
    .object({
      /** CA that signed the server certificate (default: system roots). */
      caFile: z.string().min(1).optional(),
      /** Client certificate and key, for mTLS. */
      certFile: z.string().min(1).optional(),
      keyFile: z.string().min(1).optional(),
    })
    .refine((t) => !!t.certFile === !!t.keyFile, { message: 'certFile and keyFile go together' })
    .optional(),
});

export type ClientConfig = z.infer<typeof clientConfigSchema>;
