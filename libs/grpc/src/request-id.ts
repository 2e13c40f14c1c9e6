import { randomUUID } from 'node:crypto';
import type * as grpc from '@grpc/grpc-js';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * The caller's request id (so one id follows a request across the gateway, the detector and
 * this service's logs), or a fresh one. Bounded and restricted to a safe alphabet because it
 * is written to logs verbatim.
 */
export function requestIdOf(metadata: grpc.Metadata): string {
  const v = metadata.get(REQUEST_ID_HEADER)[0];
  if (typeof v === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(v)) return v;
  return randomUUID();
}
