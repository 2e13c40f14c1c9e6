// Original file: lockstep/policy/v1/policy.proto

import type { CheckResponse as _lockstep_policy_v1_CheckResponse, CheckResponse__Output as _lockstep_policy_v1_CheckResponse__Output } from '../../../lockstep/policy/v1/CheckResponse';
import type { Decision as _lockstep_policy_v1_Decision, Decision__Output as _lockstep_policy_v1_Decision__Output } from '../../../lockstep/policy/v1/Decision';
import type { Override as _lockstep_policy_v1_Override, Override__Output as _lockstep_policy_v1_Override__Output } from '../../../lockstep/policy/v1/Override';
import type { AuditEntry as _lockstep_policy_v1_AuditEntry, AuditEntry__Output as _lockstep_policy_v1_AuditEntry__Output } from '../../../lockstep/policy/v1/AuditEntry';

export interface GetAccountResponse {
  'account_id'?: (string);
  'current'?: (_lockstep_policy_v1_CheckResponse | null);
  'history'?: (_lockstep_policy_v1_Decision)[];
  'overrides'?: (_lockstep_policy_v1_Override)[];
  'audit'?: (_lockstep_policy_v1_AuditEntry)[];
  'needs_review'?: (boolean);
}

export interface GetAccountResponse__Output {
  'account_id': (string);
  'current': (_lockstep_policy_v1_CheckResponse__Output | null);
  'history': (_lockstep_policy_v1_Decision__Output)[];
  'overrides': (_lockstep_policy_v1_Override__Output)[];
  'audit': (_lockstep_policy_v1_AuditEntry__Output)[];
  'needs_review': (boolean);
}
