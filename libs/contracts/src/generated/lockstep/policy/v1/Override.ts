// Original file: lockstep/policy/v1/policy.proto

import type { Action as _lockstep_policy_v1_Action, Action__Output as _lockstep_policy_v1_Action__Output } from '../../../lockstep/policy/v1/Action';
import type { Long } from '@grpc/proto-loader';

export interface Override {
  'override_id'?: (string);
  'account_id'?: (string);
  'campaign_id'?: (string);
  'action'?: (_lockstep_policy_v1_Action);
  'reason'?: (string);
  'actor'?: (string);
  'created_at_ms'?: (number | string | Long);
  'expires_at_ms'?: (number | string | Long);
  'target'?: "account_id"|"campaign_id";
}

export interface Override__Output {
  'override_id': (string);
  'account_id'?: (string);
  'campaign_id'?: (string);
  'action': (_lockstep_policy_v1_Action__Output);
  'reason': (string);
  'actor': (string);
  'created_at_ms': (number);
  'expires_at_ms': (number);
  'target'?: "account_id"|"campaign_id";
}
