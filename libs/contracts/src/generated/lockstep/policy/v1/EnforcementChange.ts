// Original file: lockstep/policy/v1/policy.proto

import type { Action as _lockstep_policy_v1_Action, Action__Output as _lockstep_policy_v1_Action__Output } from '../../../lockstep/policy/v1/Action';
import type { Long } from '@grpc/proto-loader';

/**
 * One change of an account's effective enforcement, as streamed by WatchDecisions.
 */
export interface EnforcementChange {
  'sequence'?: (number | string | Long);
  'account_id'?: (string);
  'action'?: (_lockstep_policy_v1_Action);
  'reason_code'?: (string);
  'campaign_id'?: (string);
  'decision_id'?: (string);
  'changed_at_ms'?: (number | string | Long);
  'expires_at_ms'?: (number | string | Long);
}

/**
 * One change of an account's effective enforcement, as streamed by WatchDecisions.
 */
export interface EnforcementChange__Output {
  'sequence': (number);
  'account_id': (string);
  'action': (_lockstep_policy_v1_Action__Output);
  'reason_code': (string);
  'campaign_id': (string);
  'decision_id': (string);
  'changed_at_ms': (number);
  'expires_at_ms': (number);
}
