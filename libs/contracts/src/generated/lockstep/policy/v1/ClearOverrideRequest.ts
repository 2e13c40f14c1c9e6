// Original file: lockstep/policy/v1/policy.proto


export interface ClearOverrideRequest {
  'account_id'?: (string);
  'campaign_id'?: (string);
  'reason'?: (string);
  'actor'?: (string);
  'target'?: "account_id"|"campaign_id";
}

export interface ClearOverrideRequest__Output {
  'account_id'?: (string);
  'campaign_id'?: (string);
  'reason': (string);
  'actor': (string);
  'target'?: "account_id"|"campaign_id";
}
