import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import {
  ENVOY_AUTH_PROTO,
  POLICY_PROTO,
  PROTO_LOADER_OPTIONS,
  PROTO_ROOT,
  type EnvoyAuthProtoGrpcType,
  type PolicyProtoGrpcType,
} from '@lockstep/contracts';

export interface LoadedProto<T> {
  /** For reflection and for building servers. */
  definition: protoLoader.PackageDefinition;
  grpc: T;
}

function load<T>(file: string): LoadedProto<T> {
  const definition = protoLoader.loadSync(file, { ...PROTO_LOADER_OPTIONS, includeDirs: [PROTO_ROOT] });
  return { definition, grpc: grpc.loadPackageDefinition(definition) as unknown as T };
}

let policy: LoadedProto<PolicyProtoGrpcType> | undefined;
let envoy: LoadedProto<EnvoyAuthProtoGrpcType> | undefined;

/** lockstep.policy.v1, loaded once with the options the generated types describe. */
export function loadPolicyProto(): LoadedProto<PolicyProtoGrpcType> {
  return (policy ??= load<PolicyProtoGrpcType>(POLICY_PROTO));
}

/** envoy.service.auth.v3 (our wire-compatible subset). */
export function loadEnvoyAuthProto(): LoadedProto<EnvoyAuthProtoGrpcType> {
  return (envoy ??= load<EnvoyAuthProtoGrpcType>(ENVOY_AUTH_PROTO));
}
