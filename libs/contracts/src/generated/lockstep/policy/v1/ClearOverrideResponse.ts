// Original file: lockstep/policy/v1/policy.proto


export interface ClearOverrideResponse {
  'cleared'?: (boolean);
}

export interface ClearOverrideResponse__Output {
  'cleared': (boolean);
}
