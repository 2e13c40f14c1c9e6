// Original file: lockstep/policy/v1/policy.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { BatchCheckRequest as _lockstep_policy_v1_BatchCheckRequest, BatchCheckRequest__Output as _lockstep_policy_v1_BatchCheckRequest__Output } from '../../../lockstep/policy/v1/BatchCheckRequest';
import type { BatchCheckResponse as _lockstep_policy_v1_BatchCheckResponse, BatchCheckResponse__Output as _lockstep_policy_v1_BatchCheckResponse__Output } from '../../../lockstep/policy/v1/BatchCheckResponse';
import type { Campaign as _lockstep_policy_v1_Campaign, Campaign__Output as _lockstep_policy_v1_Campaign__Output } from '../../../lockstep/policy/v1/Campaign';
import type { CheckRequest as _lockstep_policy_v1_CheckRequest, CheckRequest__Output as _lockstep_policy_v1_CheckRequest__Output } from '../../../lockstep/policy/v1/CheckRequest';
import type { CheckResponse as _lockstep_policy_v1_CheckResponse, CheckResponse__Output as _lockstep_policy_v1_CheckResponse__Output } from '../../../lockstep/policy/v1/CheckResponse';
import type { ClearOverrideRequest as _lockstep_policy_v1_ClearOverrideRequest, ClearOverrideRequest__Output as _lockstep_policy_v1_ClearOverrideRequest__Output } from '../../../lockstep/policy/v1/ClearOverrideRequest';
import type { ClearOverrideResponse as _lockstep_policy_v1_ClearOverrideResponse, ClearOverrideResponse__Output as _lockstep_policy_v1_ClearOverrideResponse__Output } from '../../../lockstep/policy/v1/ClearOverrideResponse';
import type { EnforcementChange as _lockstep_policy_v1_EnforcementChange, EnforcementChange__Output as _lockstep_policy_v1_EnforcementChange__Output } from '../../../lockstep/policy/v1/EnforcementChange';
import type { GetAccountRequest as _lockstep_policy_v1_GetAccountRequest, GetAccountRequest__Output as _lockstep_policy_v1_GetAccountRequest__Output } from '../../../lockstep/policy/v1/GetAccountRequest';
import type { GetAccountResponse as _lockstep_policy_v1_GetAccountResponse, GetAccountResponse__Output as _lockstep_policy_v1_GetAccountResponse__Output } from '../../../lockstep/policy/v1/GetAccountResponse';
import type { GetCampaignRequest as _lockstep_policy_v1_GetCampaignRequest, GetCampaignRequest__Output as _lockstep_policy_v1_GetCampaignRequest__Output } from '../../../lockstep/policy/v1/GetCampaignRequest';
import type { GetStatusRequest as _lockstep_policy_v1_GetStatusRequest, GetStatusRequest__Output as _lockstep_policy_v1_GetStatusRequest__Output } from '../../../lockstep/policy/v1/GetStatusRequest';
import type { GetStatusResponse as _lockstep_policy_v1_GetStatusResponse, GetStatusResponse__Output as _lockstep_policy_v1_GetStatusResponse__Output } from '../../../lockstep/policy/v1/GetStatusResponse';
import type { ListCampaignsRequest as _lockstep_policy_v1_ListCampaignsRequest, ListCampaignsRequest__Output as _lockstep_policy_v1_ListCampaignsRequest__Output } from '../../../lockstep/policy/v1/ListCampaignsRequest';
import type { ListCampaignsResponse as _lockstep_policy_v1_ListCampaignsResponse, ListCampaignsResponse__Output as _lockstep_policy_v1_ListCampaignsResponse__Output } from '../../../lockstep/policy/v1/ListCampaignsResponse';
import type { ReportDecisionsRequest as _lockstep_policy_v1_ReportDecisionsRequest, ReportDecisionsRequest__Output as _lockstep_policy_v1_ReportDecisionsRequest__Output } from '../../../lockstep/policy/v1/ReportDecisionsRequest';
import type { ReportDecisionsResponse as _lockstep_policy_v1_ReportDecisionsResponse, ReportDecisionsResponse__Output as _lockstep_policy_v1_ReportDecisionsResponse__Output } from '../../../lockstep/policy/v1/ReportDecisionsResponse';
import type { SetOverrideRequest as _lockstep_policy_v1_SetOverrideRequest, SetOverrideRequest__Output as _lockstep_policy_v1_SetOverrideRequest__Output } from '../../../lockstep/policy/v1/SetOverrideRequest';
import type { SetOverrideResponse as _lockstep_policy_v1_SetOverrideResponse, SetOverrideResponse__Output as _lockstep_policy_v1_SetOverrideResponse__Output } from '../../../lockstep/policy/v1/SetOverrideResponse';
import type { WatchDecisionsRequest as _lockstep_policy_v1_WatchDecisionsRequest, WatchDecisionsRequest__Output as _lockstep_policy_v1_WatchDecisionsRequest__Output } from '../../../lockstep/policy/v1/WatchDecisionsRequest';

export interface PolicyServiceClient extends grpc.Client {
  BatchCheck(argument: _lockstep_policy_v1_BatchCheckRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_BatchCheckResponse__Output>): grpc.ClientUnaryCall;
  BatchCheck(argument: _lockstep_policy_v1_BatchCheckRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lockstep_policy_v1_BatchCheckResponse__Output>): grpc.ClientUnaryCall;
  BatchCheck(argument: _lockstep_policy_v1_BatchCheckRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_BatchCheckResponse__Output>): grpc.ClientUnaryCall;
  BatchCheck(argument: _lockstep_policy_v1_BatchCheckRequest, callback: grpc.requestCallback<_lockstep_policy_v1_BatchCheckResponse__Output>): grpc.ClientUnaryCall;
  batchCheck(argument: _lockstep_policy_v1_BatchCheckRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_BatchCheckResponse__Output>): grpc.ClientUnaryCall;
  batchCheck(argument: _lockstep_policy_v1_BatchCheckRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lockstep_policy_v1_BatchCheckResponse__Output>): grpc.ClientUnaryCall;
  batchCheck(argument: _lockstep_policy_v1_BatchCheckRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_BatchCheckResponse__Output>): grpc.ClientUnaryCall;
  batchCheck(argument: _lockstep_policy_v1_BatchCheckRequest, callback: grpc.requestCallback<_lockstep_policy_v1_BatchCheckResponse__Output>): grpc.ClientUnaryCall;
  
  Check(argument: _lockstep_policy_v1_CheckRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_CheckResponse__Output>): grpc.ClientUnaryCall;
  Check(argument: _lockstep_policy_v1_CheckRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lockstep_policy_v1_CheckResponse__Output>): grpc.ClientUnaryCall;
  Check(argument: _lockstep_policy_v1_CheckRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_CheckResponse__Output>): grpc.ClientUnaryCall;
  Check(argument: _lockstep_policy_v1_CheckRequest, callback: grpc.requestCallback<_lockstep_policy_v1_CheckResponse__Output>): grpc.ClientUnaryCall;
  check(argument: _lockstep_policy_v1_CheckRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_CheckResponse__Output>): grpc.ClientUnaryCall;
  check(argument: _lockstep_policy_v1_CheckRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lockstep_policy_v1_CheckResponse__Output>): grpc.ClientUnaryCall;
  check(argument: _lockstep_policy_v1_CheckRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_CheckResponse__Output>): grpc.ClientUnaryCall;
  check(argument: _lockstep_policy_v1_CheckRequest, callback: grpc.requestCallback<_lockstep_policy_v1_CheckResponse__Output>): grpc.ClientUnaryCall;
  
  ClearOverride(argument: _lockstep_policy_v1_ClearOverrideRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_ClearOverrideResponse__Output>): grpc.ClientUnaryCall;
  ClearOverride(argument: _lockstep_policy_v1_ClearOverrideRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lockstep_policy_v1_ClearOverrideResponse__Output>): grpc.ClientUnaryCall;
  ClearOverride(argument: _lockstep_policy_v1_ClearOverrideRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_ClearOverrideResponse__Output>): grpc.ClientUnaryCall;
  ClearOverride(argument: _lockstep_policy_v1_ClearOverrideRequest, callback: grpc.requestCallback<_lockstep_policy_v1_ClearOverrideResponse__Output>): grpc.ClientUnaryCall;
  clearOverride(argument: _lockstep_policy_v1_ClearOverrideRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_ClearOverrideResponse__Output>): grpc.ClientUnaryCall;
  clearOverride(argument: _lockstep_policy_v1_ClearOverrideRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lockstep_policy_v1_ClearOverrideResponse__Output>): grpc.ClientUnaryCall;
  clearOverride(argument: _lockstep_policy_v1_ClearOverrideRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_ClearOverrideResponse__Output>): grpc.ClientUnaryCall;
  clearOverride(argument: _lockstep_policy_v1_ClearOverrideRequest, callback: grpc.requestCallback<_lockstep_policy_v1_ClearOverrideResponse__Output>): grpc.ClientUnaryCall;
  
  GetAccount(argument: _lockstep_policy_v1_GetAccountRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_GetAccountResponse__Output>): grpc.ClientUnaryCall;
  GetAccount(argument: _lockstep_policy_v1_GetAccountRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lockstep_policy_v1_GetAccountResponse__Output>): grpc.ClientUnaryCall;
  GetAccount(argument: _lockstep_policy_v1_GetAccountRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_GetAccountResponse__Output>): grpc.ClientUnaryCall;
  GetAccount(argument: _lockstep_policy_v1_GetAccountRequest, callback: grpc.requestCallback<_lockstep_policy_v1_GetAccountResponse__Output>): grpc.ClientUnaryCall;
  getAccount(argument: _lockstep_policy_v1_GetAccountRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_GetAccountResponse__Output>): grpc.ClientUnaryCall;
  getAccount(argument: _lockstep_policy_v1_GetAccountRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lockstep_policy_v1_GetAccountResponse__Output>): grpc.ClientUnaryCall;
  getAccount(argument: _lockstep_policy_v1_GetAccountRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_GetAccountResponse__Output>): grpc.ClientUnaryCall;
  getAccount(argument: _lockstep_policy_v1_GetAccountRequest, callback: grpc.requestCallback<_lockstep_policy_v1_GetAccountResponse__Output>): grpc.ClientUnaryCall;
  
  GetCampaign(argument: _lockstep_policy_v1_GetCampaignRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_Campaign__Output>): grpc.ClientUnaryCall;
  GetCampaign(argument: _lockstep_policy_v1_GetCampaignRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lockstep_policy_v1_Campaign__Output>): grpc.ClientUnaryCall;
  GetCampaign(argument: _lockstep_policy_v1_GetCampaignRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_Campaign__Output>): grpc.ClientUnaryCall;
  GetCampaign(argument: _lockstep_policy_v1_GetCampaignRequest, callback: grpc.requestCallback<_lockstep_policy_v1_Campaign__Output>): grpc.ClientUnaryCall;
  getCampaign(argument: _lockstep_policy_v1_GetCampaignRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_Campaign__Output>): grpc.ClientUnaryCall;
  getCampaign(argument: _lockstep_policy_v1_GetCampaignRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lockstep_policy_v1_Campaign__Output>): grpc.ClientUnaryCall;
  getCampaign(argument: _lockstep_policy_v1_GetCampaignRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_Campaign__Output>): grpc.ClientUnaryCall;
  getCampaign(argument: _lockstep_policy_v1_GetCampaignRequest, callback: grpc.requestCallback<_lockstep_policy_v1_Campaign__Output>): grpc.ClientUnaryCall;
  
  GetStatus(argument: _lockstep_policy_v1_GetStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  GetStatus(argument: _lockstep_policy_v1_GetStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lockstep_policy_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  GetStatus(argument: _lockstep_policy_v1_GetStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  GetStatus(argument: _lockstep_policy_v1_GetStatusRequest, callback: grpc.requestCallback<_lockstep_policy_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _lockstep_policy_v1_GetStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _lockstep_policy_v1_GetStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lockstep_policy_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _lockstep_policy_v1_GetStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _lockstep_policy_v1_GetStatusRequest, callback: grpc.requestCallback<_lockstep_policy_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  
  ListCampaigns(argument: _lockstep_policy_v1_ListCampaignsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_ListCampaignsResponse__Output>): grpc.ClientUnaryCall;
  ListCampaigns(argument: _lockstep_policy_v1_ListCampaignsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lockstep_policy_v1_ListCampaignsResponse__Output>): grpc.ClientUnaryCall;
  ListCampaigns(argument: _lockstep_policy_v1_ListCampaignsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_ListCampaignsResponse__Output>): grpc.ClientUnaryCall;
  ListCampaigns(argument: _lockstep_policy_v1_ListCampaignsRequest, callback: grpc.requestCallback<_lockstep_policy_v1_ListCampaignsResponse__Output>): grpc.ClientUnaryCall;
  listCampaigns(argument: _lockstep_policy_v1_ListCampaignsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_ListCampaignsResponse__Output>): grpc.ClientUnaryCall;
  listCampaigns(argument: _lockstep_policy_v1_ListCampaignsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lockstep_policy_v1_ListCampaignsResponse__Output>): grpc.ClientUnaryCall;
  listCampaigns(argument: _lockstep_policy_v1_ListCampaignsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_ListCampaignsResponse__Output>): grpc.ClientUnaryCall;
  listCampaigns(argument: _lockstep_policy_v1_ListCampaignsRequest, callback: grpc.requestCallback<_lockstep_policy_v1_ListCampaignsResponse__Output>): grpc.ClientUnaryCall;
  
  ReportDecisions(argument: _lockstep_policy_v1_ReportDecisionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_ReportDecisionsResponse__Output>): grpc.ClientUnaryCall;
  ReportDecisions(argument: _lockstep_policy_v1_ReportDecisionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lockstep_policy_v1_ReportDecisionsResponse__Output>): grpc.ClientUnaryCall;
  ReportDecisions(argument: _lockstep_policy_v1_ReportDecisionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_ReportDecisionsResponse__Output>): grpc.ClientUnaryCall;
  ReportDecisions(argument: _lockstep_policy_v1_ReportDecisionsRequest, callback: grpc.requestCallback<_lockstep_policy_v1_ReportDecisionsResponse__Output>): grpc.ClientUnaryCall;
  reportDecisions(argument: _lockstep_policy_v1_ReportDecisionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_ReportDecisionsResponse__Output>): grpc.ClientUnaryCall;
  reportDecisions(argument: _lockstep_policy_v1_ReportDecisionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lockstep_policy_v1_ReportDecisionsResponse__Output>): grpc.ClientUnaryCall;
  reportDecisions(argument: _lockstep_policy_v1_ReportDecisionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_ReportDecisionsResponse__Output>): grpc.ClientUnaryCall;
  reportDecisions(argument: _lockstep_policy_v1_ReportDecisionsRequest, callback: grpc.requestCallback<_lockstep_policy_v1_ReportDecisionsResponse__Output>): grpc.ClientUnaryCall;
  
  SetOverride(argument: _lockstep_policy_v1_SetOverrideRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_SetOverrideResponse__Output>): grpc.ClientUnaryCall;
  SetOverride(argument: _lockstep_policy_v1_SetOverrideRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lockstep_policy_v1_SetOverrideResponse__Output>): grpc.ClientUnaryCall;
  SetOverride(argument: _lockstep_policy_v1_SetOverrideRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_SetOverrideResponse__Output>): grpc.ClientUnaryCall;
  SetOverride(argument: _lockstep_policy_v1_SetOverrideRequest, callback: grpc.requestCallback<_lockstep_policy_v1_SetOverrideResponse__Output>): grpc.ClientUnaryCall;
  setOverride(argument: _lockstep_policy_v1_SetOverrideRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_SetOverrideResponse__Output>): grpc.ClientUnaryCall;
  setOverride(argument: _lockstep_policy_v1_SetOverrideRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lockstep_policy_v1_SetOverrideResponse__Output>): grpc.ClientUnaryCall;
  setOverride(argument: _lockstep_policy_v1_SetOverrideRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lockstep_policy_v1_SetOverrideResponse__Output>): grpc.ClientUnaryCall;
  setOverride(argument: _lockstep_policy_v1_SetOverrideRequest, callback: grpc.requestCallback<_lockstep_policy_v1_SetOverrideResponse__Output>): grpc.ClientUnaryCall;
  
  WatchDecisions(argument: _lockstep_policy_v1_WatchDecisionsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lockstep_policy_v1_EnforcementChange__Output>;
  WatchDecisions(argument: _lockstep_policy_v1_WatchDecisionsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lockstep_policy_v1_EnforcementChange__Output>;
  watchDecisions(argument: _lockstep_policy_v1_WatchDecisionsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lockstep_policy_v1_EnforcementChange__Output>;
  watchDecisions(argument: _lockstep_policy_v1_WatchDecisionsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lockstep_policy_v1_EnforcementChange__Output>;
  
}

export interface PolicyServiceHandlers extends grpc.UntypedServiceImplementation {
  BatchCheck: grpc.handleUnaryCall<_lockstep_policy_v1_BatchCheckRequest__Output, _lockstep_policy_v1_BatchCheckResponse>;
  
  Check: grpc.handleUnaryCall<_lockstep_policy_v1_CheckRequest__Output, _lockstep_policy_v1_CheckResponse>;
  
  ClearOverride: grpc.handleUnaryCall<_lockstep_policy_v1_ClearOverrideRequest__Output, _lockstep_policy_v1_ClearOverrideResponse>;
  
  GetAccount: grpc.handleUnaryCall<_lockstep_policy_v1_GetAccountRequest__Output, _lockstep_policy_v1_GetAccountResponse>;
  
  GetCampaign: grpc.handleUnaryCall<_lockstep_policy_v1_GetCampaignRequest__Output, _lockstep_policy_v1_Campaign>;
  
  GetStatus: grpc.handleUnaryCall<_lockstep_policy_v1_GetStatusRequest__Output, _lockstep_policy_v1_GetStatusResponse>;
  
  ListCampaigns: grpc.handleUnaryCall<_lockstep_policy_v1_ListCampaignsRequest__Output, _lockstep_policy_v1_ListCampaignsResponse>;
  
  ReportDecisions: grpc.handleUnaryCall<_lockstep_policy_v1_ReportDecisionsRequest__Output, _lockstep_policy_v1_ReportDecisionsResponse>;
  
  SetOverride: grpc.handleUnaryCall<_lockstep_policy_v1_SetOverrideRequest__Output, _lockstep_policy_v1_SetOverrideResponse>;
  
  WatchDecisions: grpc.handleServerStreamingCall<_lockstep_policy_v1_WatchDecisionsRequest__Output, _lockstep_policy_v1_EnforcementChange>;
  
}

export interface PolicyServiceDefinition extends grpc.ServiceDefinition {
  BatchCheck: MethodDefinition<_lockstep_policy_v1_BatchCheckRequest, _lockstep_policy_v1_BatchCheckResponse, _lockstep_policy_v1_BatchCheckRequest__Output, _lockstep_policy_v1_BatchCheckResponse__Output>
  Check: MethodDefinition<_lockstep_policy_v1_CheckRequest, _lockstep_policy_v1_CheckResponse, _lockstep_policy_v1_CheckRequest__Output, _lockstep_policy_v1_CheckResponse__Output>
  ClearOverride: MethodDefinition<_lockstep_policy_v1_ClearOverrideRequest, _lockstep_policy_v1_ClearOverrideResponse, _lockstep_policy_v1_ClearOverrideRequest__Output, _lockstep_policy_v1_ClearOverrideResponse__Output>
  GetAccount: MethodDefinition<_lockstep_policy_v1_GetAccountRequest, _lockstep_policy_v1_GetAccountResponse, _lockstep_policy_v1_GetAccountRequest__Output, _lockstep_policy_v1_GetAccountResponse__Output>
  GetCampaign: MethodDefinition<_lockstep_policy_v1_GetCampaignRequest, _lockstep_policy_v1_Campaign, _lockstep_policy_v1_GetCampaignRequest__Output, _lockstep_policy_v1_Campaign__Output>
  GetStatus: MethodDefinition<_lockstep_policy_v1_GetStatusRequest, _lockstep_policy_v1_GetStatusResponse, _lockstep_policy_v1_GetStatusRequest__Output, _lockstep_policy_v1_GetStatusResponse__Output>
  ListCampaigns: MethodDefinition<_lockstep_policy_v1_ListCampaignsRequest, _lockstep_policy_v1_ListCampaignsResponse, _lockstep_policy_v1_ListCampaignsRequest__Output, _lockstep_policy_v1_ListCampaignsResponse__Output>
  ReportDecisions: MethodDefinition<_lockstep_policy_v1_ReportDecisionsRequest, _lockstep_policy_v1_ReportDecisionsResponse, _lockstep_policy_v1_ReportDecisionsRequest__Output, _lockstep_policy_v1_ReportDecisionsResponse__Output>
  SetOverride: MethodDefinition<_lockstep_policy_v1_SetOverrideRequest, _lockstep_policy_v1_SetOverrideResponse, _lockstep_policy_v1_SetOverrideRequest__Output, _lockstep_policy_v1_SetOverrideResponse__Output>
  WatchDecisions: MethodDefinition<_lockstep_policy_v1_WatchDecisionsRequest, _lockstep_policy_v1_EnforcementChange, _lockstep_policy_v1_WatchDecisionsRequest__Output, _lockstep_policy_v1_EnforcementChange__Output>
}
