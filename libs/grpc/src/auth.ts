import { timingSafeEqual } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { grpcError } from './errors';

/** The token of an `authorization: Bearer <token>` metadata entry, or null. */
export function bearerToken(metadata: grpc.Metadata): string | null {
  const v = metadata.get('authorization')[0];
  if (typeof v !== 'string') return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(v);
  return m ? m[1] : null;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Checks a bearer token. No or malformed token, or a token the service does not know:
 * UNAUTHENTICATED. A token the service knows (one of `known`) but not the `required` one:
 * PERMISSION_DENIED. No `required` token configured: PERMISSION_DENIED (fail closed).
 * Returns null when the call may proceed.
 */
export function checkBearer(
  metadata: grpc.Metadata,
  required: string | undefined,
  known: readonly (string | undefined)[] = [],
): Partial<grpc.ServiceError> | null {
  const token = bearerToken(metadata);
  if (!token) return grpcError(grpc.status.UNAUTHENTICATED, "missing 'authorization: Bearer <token>' metadata");
  if (required && same(token, required)) return null;
  if (!required) return grpcError(grpc.status.PERMISSION_DENIED, 'this method is disabled: no token is configured for it');
  if (known.some((k) => !!k && same(token, k))) return grpcError(grpc.status.PERMISSION_DENIED, 'token does not grant this method');
  return grpcError(grpc.status.UNAUTHENTICATED, 'unknown bearer token');
}

/** Call metadata carrying a bearer token. */
export function bearerMetadata(token: string | undefined): grpc.Metadata {
  const md = new grpc.Metadata();
  if (token) md.set('authorization', `Bearer ${token}`);
  return md;
}
