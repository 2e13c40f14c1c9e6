// Original file: lockstep/policy/v1/policy.proto


export interface GetAccountRequest {
  'account_id'?: (string);
}

export interface GetAccountRequest__Output {
  'account_id': (string);
}
