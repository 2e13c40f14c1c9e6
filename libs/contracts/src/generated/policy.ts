import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AuditEntry as _lockstep_policy_v1_AuditEntry, AuditEntry__Output as _lockstep_policy_v1_AuditEntry__Output } from './lockstep/policy/v1/AuditEntry';
import type { BatchCheckRequest as _lockstep_policy_v1_BatchCheckRequest, BatchCheckRequest__Output as _lockstep_policy_v1_BatchCheckRequest__Output } from './lockstep/policy/v1/BatchCheckRequest';
import type { BatchCheckResponse as _lockstep_policy_v1_BatchCheckResponse, BatchCheckResponse__Output as _lockstep_policy_v1_BatchCheckResponse__Output } from './lockstep/policy/v1/BatchCheckResponse';
import type { Campaign as _lockstep_policy_v1_Campaign, Campaign__Output as _lockstep_policy_v1_Campaign__Output } from './lockstep/policy/v1/Campaign';
import type { CheckRequest as _lockstep_policy_v1_CheckRequest, CheckRequest__Output as _lockstep_policy_v1_CheckRequest__Output } from './lockstep/policy/v1/CheckRequest';
import type { CheckResponse as _lockstep_policy_v1_CheckResponse, CheckResponse__Output as _lockstep_policy_v1_CheckResponse__Output } from './lockstep/policy/v1/CheckResponse';
import type { ClearOverrideRequest as _lockstep_policy_v1_ClearOverrideRequest, ClearOverrideRequest__Output as _lockstep_policy_v1_ClearOverrideRequest__Output } from './lockstep/policy/v1/ClearOverrideRequest';
import type { ClearOverrideResponse as _lockstep_policy_v1_ClearOverrideResponse, ClearOverrideResponse__Output as _lockstep_policy_v1_ClearOverrideResponse__Output } from './lockstep/policy/v1/ClearOverrideResponse';
import type { Decision as _lockstep_policy_v1_Decision, Decision__Output as _lockstep_policy_v1_Decision__Output } from './lockstep/policy/v1/Decision';
import type { EnforcementChange as _lockstep_policy_v1_EnforcementChange, EnforcementChange__Output as _lockstep_policy_v1_EnforcementChange__Output } from './lockstep/policy/v1/EnforcementChange';
import type { Evidence as _lockstep_policy_v1_Evidence, Evidence__Output as _lockstep_policy_v1_Evidence__Output } from './lockstep/policy/v1/Evidence';
import type { GetAccountRequest as _lockstep_policy_v1_GetAccountRequest, GetAccountRequest__Output as _lockstep_policy_v1_GetAccountRequest__Output } from './lockstep/policy/v1/GetAccountRequest';
import type { GetAccountResponse as _lockstep_policy_v1_GetAccountResponse, GetAccountResponse__Output as _lockstep_policy_v1_GetAccountResponse__Output } from './lockstep/policy/v1/GetAccountResponse';
import type { GetCampaignRequest as _lockstep_policy_v1_GetCampaignRequest, GetCampaignRequest__Output as _lockstep_policy_v1_GetCampaignRequest__Output } from './lockstep/policy/v1/GetCampaignRequest';
import type { GetStatusRequest as _lockstep_policy_v1_GetStatusRequest, GetStatusRequest__Output as _lockstep_policy_v1_GetStatusRequest__Output } from './lockstep/policy/v1/GetStatusRequest';
import type { GetStatusResponse as _lockstep_policy_v1_GetStatusResponse, GetStatusResponse__Output as _lockstep_policy_v1_GetStatusResponse__Output } from './lockstep/policy/v1/GetStatusResponse';
import type { ListCampaignsRequest as _lockstep_policy_v1_ListCampaignsRequest, ListCampaignsRequest__Output as _lockstep_policy_v1_ListCampaignsRequest__Output } from './lockstep/policy/v1/ListCampaignsRequest';
import type { ListCampaignsResponse as _lockstep_policy_v1_ListCampaignsResponse, ListCampaignsResponse__Output as _lockstep_policy_v1_ListCampaignsResponse__Output } from './lockstep/policy/v1/ListCampaignsResponse';
import type { Override as _lockstep_policy_v1_Override, Override__Output as _lockstep_policy_v1_Override__Output } from './lockstep/policy/v1/Override';
import type { PolicyServiceClient as _lockstep_policy_v1_PolicyServiceClient, PolicyServiceDefinition as _lockstep_policy_v1_PolicyServiceDefinition } from './lockstep/policy/v1/PolicyService';
import type { ReportDecisionsRequest as _lockstep_policy_v1_ReportDecisionsRequest, ReportDecisionsRequest__Output as _lockstep_policy_v1_ReportDecisionsRequest__Output } from './lockstep/policy/v1/ReportDecisionsRequest';
import type { ReportDecisionsResponse as _lockstep_policy_v1_ReportDecisionsResponse, ReportDecisionsResponse__Output as _lockstep_policy_v1_ReportDecisionsResponse__Output } from './lockstep/policy/v1/ReportDecisionsResponse';
import type { SetOverrideRequest as _lockstep_policy_v1_SetOverrideRequest, SetOverrideRequest__Output as _lockstep_policy_v1_SetOverrideRequest__Output } from './lockstep/policy/v1/SetOverrideRequest';
import type { SetOverrideResponse as _lockstep_policy_v1_SetOverrideResponse, SetOverrideResponse__Output as _lockstep_policy_v1_SetOverrideResponse__Output } from './lockstep/policy/v1/SetOverrideResponse';
import type { WatchDecisionsRequest as _lockstep_policy_v1_WatchDecisionsRequest, WatchDecisionsRequest__Output as _lockstep_policy_v1_WatchDecisionsRequest__Output } from './lockstep/policy/v1/WatchDecisionsRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  lockstep: {
    policy: {
      v1: {
        Action: EnumTypeDefinition
        AuditEntry: MessageTypeDefinition<_lockstep_policy_v1_AuditEntry, _lockstep_policy_v1_AuditEntry__Output>
        BatchCheckRequest: MessageTypeDefinition<_lockstep_policy_v1_BatchCheckRequest, _lockstep_policy_v1_BatchCheckRequest__Output>
        BatchCheckResponse: MessageTypeDefinition<_lockstep_policy_v1_BatchCheckResponse, _lockstep_policy_v1_BatchCheckResponse__Output>
        Campaign: MessageTypeDefinition<_lockstep_policy_v1_Campaign, _lockstep_policy_v1_Campaign__Output>
        CheckRequest: MessageTypeDefinition<_lockstep_policy_v1_CheckRequest, _lockstep_policy_v1_CheckRequest__Output>
        CheckResponse: MessageTypeDefinition<_lockstep_policy_v1_CheckResponse, _lockstep_policy_v1_CheckResponse__Output>
        ClearOverrideRequest: MessageTypeDefinition<_lockstep_policy_v1_ClearOverrideRequest, _lockstep_policy_v1_ClearOverrideRequest__Output>
        ClearOverrideResponse: MessageTypeDefinition<_lockstep_policy_v1_ClearOverrideResponse, _lockstep_policy_v1_ClearOverrideResponse__Output>
        Decision: MessageTypeDefinition<_lockstep_policy_v1_Decision, _lockstep_policy_v1_Decision__Output>
        EnforcementChange: MessageTypeDefinition<_lockstep_policy_v1_EnforcementChange, _lockstep_policy_v1_EnforcementChange__Output>
        Evidence: MessageTypeDefinition<_lockstep_policy_v1_Evidence, _lockstep_policy_v1_Evidence__Output>
        GetAccountRequest: MessageTypeDefinition<_lockstep_policy_v1_GetAccountRequest, _lockstep_policy_v1_GetAccountRequest__Output>
        GetAccountResponse: MessageTypeDefinition<_lockstep_policy_v1_GetAccountResponse, _lockstep_policy_v1_GetAccountResponse__Output>
        GetCampaignRequest: MessageTypeDefinition<_lockstep_policy_v1_GetCampaignRequest, _lockstep_policy_v1_GetCampaignRequest__Output>
        GetStatusRequest: MessageTypeDefinition<_lockstep_policy_v1_GetStatusRequest, _lockstep_policy_v1_GetStatusRequest__Output>
        GetStatusResponse: MessageTypeDefinition<_lockstep_policy_v1_GetStatusResponse, _lockstep_policy_v1_GetStatusResponse__Output>
        ListCampaignsRequest: MessageTypeDefinition<_lockstep_policy_v1_ListCampaignsRequest, _lockstep_policy_v1_ListCampaignsRequest__Output>
        ListCampaignsResponse: MessageTypeDefinition<_lockstep_policy_v1_ListCampaignsResponse, _lockstep_policy_v1_ListCampaignsResponse__Output>
        Override: MessageTypeDefinition<_lockstep_policy_v1_Override, _lockstep_policy_v1_Override__Output>
        PolicyService: SubtypeConstructor<typeof grpc.Client, _lockstep_policy_v1_PolicyServiceClient> & { service: _lockstep_policy_v1_PolicyServiceDefinition }
        ReportDecisionsRequest: MessageTypeDefinition<_lockstep_policy_v1_ReportDecisionsRequest, _lockstep_policy_v1_ReportDecisionsRequest__Output>
        ReportDecisionsResponse: MessageTypeDefinition<_lockstep_policy_v1_ReportDecisionsResponse, _lockstep_policy_v1_ReportDecisionsResponse__Output>
        SetOverrideRequest: MessageTypeDefinition<_lockstep_policy_v1_SetOverrideRequest, _lockstep_policy_v1_SetOverrideRequest__Output>
        SetOverrideResponse: MessageTypeDefinition<_lockstep_policy_v1_SetOverrideResponse, _lockstep_policy_v1_SetOverrideResponse__Output>
        WatchDecisionsRequest: MessageTypeDefinition<_lockstep_policy_v1_WatchDecisionsRequest, _lockstep_policy_v1_WatchDecisionsRequest__Output>
      }
    }
  }
}

