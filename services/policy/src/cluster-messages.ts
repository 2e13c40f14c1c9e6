import * as grpc from '@grpc/grpc-js';
import { grpcError } from '@lockstep/grpc';
import { PolicyInputError, type EnforcementChange, type StateRecord } from '@lockstep/policy';
import type { Registry } from 'prom-client';
import type { PolicyServiceConfig } from './config';
import type { WriteOp, WriteResult } from './writer';

/** IPC between the writer (cluster primary) and its read replicas (cluster workers). */
export type ToReplica =
  /** Config, and from now on every commit is sent to this replica. */
  | { t: 'start'; index: number; config: PolicyServiceConfig }
  /** A committed (durable) change, in commit order. */
  | { t: 'commit'; records: StateRecord[]; changes: EnforcementChange[] }
  | { t: 'result'; id: number; ok?: WriteResult; err?: WireError }
  | { t: 'metricsReq'; id: number }
  | { t: 'stop' };

export type ToWriter =
  | { t: 'hello' }
  | { t: 'bound'; port: number }
  | { t: 'ready'; records: number; ms: number }
  | { t: 'fatal'; message: string }
  /** `deadline` null = none (JSON has no Infinity). */
  | { t: 'write'; id: number; op: WriteOp; deadline: number | null }
  | { t: 'metrics'; id: number; json: MetricsJson };

export type MetricsJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;

export type WireError = { kind: 'input'; field: string; message: string } | { kind: 'grpc'; code: number; details: string } | { kind: 'other'; message: string };

export function toWire(err: unknown): WireError {
  if (err instanceof PolicyInputError) return { kind: 'input', field: err.field, message: err.message.slice(err.field.length + 2) };
  const e = err as Partial<grpc.ServiceError>;
  if (typeof e?.code === 'number' && typeof e.details === 'string') return { kind: 'grpc', code: e.code, details: e.details };
  return { kind: 'other', message: (err as Error)?.message ?? String(err) };
}

/** The error as the writer threw it, so the handler maps it to the same status as in one process. */
export function fromWire(w: WireError): unknown {
  if (w.kind === 'input') return new PolicyInputError(w.field, w.message);
  if (w.kind === 'grpc') return grpcError(w.code as grpc.status, w.details);
  return new Error(w.message);
}
