// Original file: lockstep/policy/v1/policy.proto


export interface ListCampaignsRequest {
  'limit'?: (number);
}

export interface ListCampaignsRequest__Output {
  'limit': (number);
}
