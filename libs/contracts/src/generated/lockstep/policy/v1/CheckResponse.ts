// Original file: lockstep/policy/v1/policy.proto

import type { Action as _lockstep_policy_v1_Action, Action__Output as _lockstep_policy_v1_Action__Output } from '../../../lockstep/policy/v1/Action';
import type { Long } from '@grpc/proto-loader';

export interface CheckResponse {
  'action'?: (_lockstep_policy_v1_Action);
  /**
   * Why: "unknown_account", "detector", "override", "shadow", "allowlist", "expired", ...
   */
  'reason_code'?: (string);
  'campaign_id'?: (string);
  'decision_id'?: (string);
  /**
   * When this answer stops being valid (0 = no expiry).
   */
  'expires_at_ms'?: (number | string | Long);
}

export interface CheckResponse__Output {
  'action': (_lockstep_policy_v1_Action__Output);
  /**
   * Why: "unknown_account", "detector", "override", "shadow", "allowlist", "expired", ...
   */
  'reason_code': (string);
  'campaign_id': (string);
  'decision_id': (string);
  /**
   * When this answer stops being valid (0 = no expiry).
   */
  'expires_at_ms': (number);
}
