// Original file: lockstep/policy/v1/policy.proto

import type { Action as _lockstep_policy_v1_Action, Action__Output as _lockstep_policy_v1_Action__Output } from '../../../lockstep/policy/v1/Action';
import type { Evidence as _lockstep_policy_v1_Evidence, Evidence__Output as _lockstep_policy_v1_Evidence__Output } from '../../../lockstep/policy/v1/Evidence';
import type { Long } from '@grpc/proto-loader';

export interface Decision {
  'decision_id'?: (string);
  'account_id'?: (string);
  'action'?: (_lockstep_policy_v1_Action);
  'score'?: (number | string);
  'campaign_id'?: (string);
  'event_ts_ms'?: (number | string | Long);
  'evidence'?: (_lockstep_policy_v1_Evidence)[];
  'summary'?: (string);
  'tier'?: (string);
  'verified'?: (boolean);
  /**
   * Set by the policy service when tier rules changed the detector's proposed action.
   */
  'proposed_action'?: (_lockstep_policy_v1_Action);
  'needs_review'?: (boolean);
}

export interface Decision__Output {
  'decision_id': (string);
  'account_id': (string);
  'action': (_lockstep_policy_v1_Action__Output);
  'score': (number);
  'campaign_id': (string);
  'event_ts_ms': (number);
  'evidence': (_lockstep_policy_v1_Evidence__Output)[];
  'summary': (string);
  'tier': (string);
  'verified': (boolean);
  /**
   * Set by the policy service when tier rules changed the detector's proposed action.
   */
  'proposed_action': (_lockstep_policy_v1_Action__Output);
  'needs_review': (boolean);
}
