// Original file: lockstep/policy/v1/policy.proto


export interface GetCampaignRequest {
  'campaign_id'?: (string);
}

export interface GetCampaignRequest__Output {
  'campaign_id': (string);
}
