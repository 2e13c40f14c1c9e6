// Original file: lockstep/policy/v1/policy.proto

import type { Decision as _lockstep_policy_v1_Decision, Decision__Output as _lockstep_policy_v1_Decision__Output } from '../../../lockstep/policy/v1/Decision';

export interface ReportDecisionsRequest {
  'decisions'?: (_lockstep_policy_v1_Decision)[];
}

export interface ReportDecisionsRequest__Output {
  'decisions': (_lockstep_policy_v1_Decision__Output)[];
}
