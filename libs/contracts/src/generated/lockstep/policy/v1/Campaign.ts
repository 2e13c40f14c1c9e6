// Original file: lockstep/policy/v1/policy.proto

import type { Evidence as _lockstep_policy_v1_Evidence, Evidence__Output as _lockstep_policy_v1_Evidence__Output } from '../../../lockstep/policy/v1/Evidence';
import type { Action as _lockstep_policy_v1_Action, Action__Output as _lockstep_policy_v1_Action__Output } from '../../../lockstep/policy/v1/Action';
import type { Long } from '@grpc/proto-loader';

export interface Campaign {
  'campaign_id'?: (string);
  'members'?: (string)[];
  'evidence'?: (_lockstep_policy_v1_Evidence)[];
  'first_seen_ms'?: (number | string | Long);
  'last_seen_ms'?: (number | string | Long);
  'score'?: (number | string);
  'summary'?: (string);
  /**
   * Current effective action per member, same order as members.
   */
  'member_actions'?: (_lockstep_policy_v1_Action)[];
}

export interface Campaign__Output {
  'campaign_id': (string);
  'members': (string)[];
  'evidence': (_lockstep_policy_v1_Evidence__Output)[];
  'first_seen_ms': (number);
  'last_seen_ms': (number);
  'score': (number);
  'summary': (string);
  /**
   * Current effective action per member, same order as members.
   */
  'member_actions': (_lockstep_policy_v1_Action__Output)[];
}
