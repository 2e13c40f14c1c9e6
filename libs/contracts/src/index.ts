export * from './usage-event';
export * from './validator';
export * from './json-schema';
export * from './actions';
export * from './topics';
export * from './proto';
export type * as policyv1 from "./generated/lockstep/policy/v1/index";
export type { ProtoGrpcType as PolicyProtoGrpcType } from "./generated/policy";
