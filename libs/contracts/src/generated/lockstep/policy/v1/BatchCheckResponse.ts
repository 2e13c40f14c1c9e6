// Original file: lockstep/policy/v1/policy.proto

import type { CheckResponse as _lockstep_policy_v1_CheckResponse, CheckResponse__Output as _lockstep_policy_v1_CheckResponse__Output } from '../../../lockstep/policy/v1/CheckResponse';

export interface BatchCheckResponse {
  /**
   * Same order as the requests.
   */
  'responses'?: (_lockstep_policy_v1_CheckResponse)[];
}

export interface BatchCheckResponse__Output {
  /**
   * Same order as the requests.
   */
  'responses': (_lockstep_policy_v1_CheckResponse__Output)[];
}
