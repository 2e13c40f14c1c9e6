// Original file: lockstep/policy/v1/policy.proto


export interface CheckRequest {
  'account_id'?: (string);
  'api_key_id'?: (string);
}

export interface CheckRequest__Output {
  'account_id': (string);
  'api_key_id': (string);
}
