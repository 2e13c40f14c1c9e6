// Original file: lockstep/policy/v1/policy.proto

import type { Campaign as _lockstep_policy_v1_Campaign, Campaign__Output as _lockstep_policy_v1_Campaign__Output } from '../../../lockstep/policy/v1/Campaign';

export interface ListCampaignsResponse {
  'campaigns'?: (_lockstep_policy_v1_Campaign)[];
}

export interface ListCampaignsResponse__Output {
  'campaigns': (_lockstep_policy_v1_Campaign__Output)[];
}
