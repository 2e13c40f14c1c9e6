// Original file: lockstep/policy/v1/policy.proto

import type { Long } from '@grpc/proto-loader';

export interface AuditEntry {
  'at_ms'?: (number | string | Long);
  'actor'?: (string);
  'what'?: (string);
  'reason'?: (string);
}

export interface AuditEntry__Output {
  'at_ms': (number);
  'actor': (string);
  'what': (string);
  'reason': (string);
}
