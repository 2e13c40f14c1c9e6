// Original file: lockstep/policy/v1/policy.proto

import type { CheckRequest as _lockstep_policy_v1_CheckRequest, CheckRequest__Output as _lockstep_policy_v1_CheckRequest__Output } from '../../../lockstep/policy/v1/CheckRequest';

export interface BatchCheckRequest {
  'requests'?: (_lockstep_policy_v1_CheckRequest)[];
}

export interface BatchCheckRequest__Output {
  'requests': (_lockstep_policy_v1_CheckRequest__Output)[];
}
