import * as path from 'node:path';

/**
 * Options for @grpc/proto-loader. They must match the flags in codegen.sh so that the
 * generated types describe exactly the objects the loader produces at run time.
 */
export const PROTO_LOADER_OPTIONS = {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
} as const;

/** Folder holding the repo's .proto files (proto/ at the workspace root). */
export const PROTO_ROOT = path.resolve(__dirname, '../../../proto');

export const POLICY_PROTO = 'lockstep/policy/v1/policy.proto';

/** Wire-compatible subset of Envoy's ext_authz API, served by the policy service. */
export const ENVOY_AUTH_PROTO = 'envoy/service/auth/v3/external_auth.proto';
