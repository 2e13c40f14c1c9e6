// Original file: lockstep/policy/v1/policy.proto

import type { Override as _lockstep_policy_v1_Override, Override__Output as _lockstep_policy_v1_Override__Output } from '../../../lockstep/policy/v1/Override';

export interface SetOverrideResponse {
  'override'?: (_lockstep_policy_v1_Override | null);
}

export interface SetOverrideResponse__Output {
  'override': (_lockstep_policy_v1_Override__Output | null);
}
