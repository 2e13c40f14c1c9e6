import * as grpc from '@grpc/grpc-js';
import type { envoyauthv3, policyv1 } from '@lockstep/contracts';
import { bearerMetadata } from './auth';
import { clientCredentials, type ClientTlsFiles } from './credentials';
import { loadEnvoyAuthProto, loadPolicyProto } from './proto';

export interface ClientOptions {
  tls?: ClientTlsFiles | null;
  /** Default deadline of every call (ms). */
  deadlineMs?: number;
  /** Bearer token sent on every call (report or admin token). */
  token?: string;
  channelOptions?: grpc.ChannelOptions;
}

export interface CallOptions {
  deadlineMs?: number;
  /** Overrides the client's token for this call. */
  token?: string;
}

export interface PolicyClient {
  readonly raw: policyv1.PolicyServiceClient;
  check(req: string | policyv1.CheckRequest, opts?: CallOptions): Promise<policyv1.CheckResponse__Output>;
  batchCheck(reqs: readonly (string | policyv1.CheckRequest)[], opts?: CallOptions): Promise<policyv1.CheckResponse__Output[]>;
  reportDecisions(decisions: policyv1.Decision[], opts?: CallOptions): Promise<policyv1.ReportDecisionsResponse__Output>;
  /** Server stream of enforcement changes after `fromSequence`; no deadline unless given. */
  watchDecisions(fromSequence: number, opts?: CallOptions): grpc.ClientReadableStream<policyv1.EnforcementChange__Output>;
  getAccount(accountId: string, opts?: CallOptions): Promise<policyv1.GetAccountResponse__Output>;
  listCampaigns(limit?: number, opts?: CallOptions): Promise<policyv1.Campaign__Output[]>;
  getCampaign(campaignId: string, opts?: CallOptions): Promise<policyv1.Campaign__Output>;
  setOverride(req: policyv1.SetOverrideRequest, opts?: CallOptions): Promise<policyv1.Override__Output>;
  clearOverride(req: policyv1.ClearOverrideRequest, opts?: CallOptions): Promise<boolean>;
  getStatus(opts?: CallOptions): Promise<policyv1.GetStatusResponse__Output>;
  /** Resolves once the channel is connected (or rejects after timeoutMs). */
  waitForReady(timeoutMs?: number): Promise<void>;
  close(): void;
}

// The generated client methods are overloaded, which defeats inference; callers name the response type.
type Unary = (req: any, md: grpc.Metadata, opts: grpc.CallOptions, cb: grpc.requestCallback<any>) => grpc.ClientUnaryCall;

function caller(client: grpc.Client, defaults: ClientOptions) {
  const deadlineMs = defaults.deadlineMs ?? 5_000;
  return function call<Res>(fn: Unary, req: unknown, opts: CallOptions = {}): Promise<Res> {
    return new Promise((resolve, reject) => {
      const md = bearerMetadata(opts.token ?? defaults.token);
      fn.call(client, req, md, { deadline: Date.now() + (opts.deadlineMs ?? deadlineMs) }, (err, res) =>
        err ? reject(err) : resolve(res as Res),
      );
    });
  };
}

function waitReady(client: grpc.Client, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => client.waitForReady(Date.now() + timeoutMs, (err) => (err ? reject(err) : resolve())));
}

const toReq = (r: string | policyv1.CheckRequest): policyv1.CheckRequest => (typeof r === 'string' ? { account_id: r } : r);

/** A typed PolicyService client with promise helpers and a default deadline on every call. */
export function createPolicyClient(address: string, opts: ClientOptions = {}): PolicyClient {
  const Ctor = loadPolicyProto().grpc.lockstep.policy.v1.PolicyService;
  const raw = new Ctor(address, clientCredentials(opts.tls), opts.channelOptions);
  const call = caller(raw, opts);
  return {
    raw,
    check: (req, o) => call<policyv1.CheckResponse__Output>(raw.Check, toReq(req), o),
    batchCheck: async (reqs, o) => (await call<policyv1.BatchCheckResponse__Output>(raw.BatchCheck, { requests: reqs.map(toReq) }, o)).responses,
    reportDecisions: (decisions, o) => call<policyv1.ReportDecisionsResponse__Output>(raw.ReportDecisions, { decisions }, o),
    watchDecisions: (fromSequence, o = {}) => {
      const callOpts: grpc.CallOptions = o.deadlineMs ? { deadline: Date.now() + o.deadlineMs } : {};
      return raw.WatchDecisions({ from_sequence: fromSequence }, bearerMetadata(o.token ?? opts.token), callOpts);
    },
    getAccount: (accountId, o) => call<policyv1.GetAccountResponse__Output>(raw.GetAccount, { account_id: accountId }, o),
    listCampaigns: async (limit = 0, o) => (await call<policyv1.ListCampaignsResponse__Output>(raw.ListCampaigns, { limit }, o)).campaigns,
    getCampaign: (campaignId, o) => call<policyv1.Campaign__Output>(raw.GetCampaign, { campaign_id: campaignId }, o),
    setOverride: async (req, o) => (await call<policyv1.SetOverrideResponse__Output>(raw.SetOverride, req, o)).override!,
    clearOverride: async (req, o) => (await call<policyv1.ClearOverrideResponse__Output>(raw.ClearOverride, req, o)).cleared,
    getStatus: (o) => call<policyv1.GetStatusResponse__Output>(raw.GetStatus, {}, o),
    waitForReady: (timeoutMs = 10_000) => waitReady(raw, timeoutMs),
    close: () => raw.close(),
  };
}

export interface EnvoyAuthClient {
  readonly raw: envoyauthv3.AuthorizationClient;
  check(req: envoyauthv3.CheckRequest, opts?: CallOptions): Promise<envoyauthv3.CheckResponse__Output>;
  /** Shorthand: an HTTP request carrying these headers. */
  checkHeaders(headers: Record<string, string>, opts?: CallOptions): Promise<envoyauthv3.CheckResponse__Output>;
  waitForReady(timeoutMs?: number): Promise<void>;
  close(): void;
}

/** A client for envoy.service.auth.v3.Authorization, as Envoy's ext_authz filter calls it. */
export function createEnvoyAuthClient(address: string, opts: ClientOptions = {}): EnvoyAuthClient {
  const Ctor = loadEnvoyAuthProto().grpc.envoy.service.auth.v3.Authorization;
  const raw = new Ctor(address, clientCredentials(opts.tls), opts.channelOptions);
  const call = caller(raw, opts);
  const check = (req: envoyauthv3.CheckRequest, o?: CallOptions) => call<envoyauthv3.CheckResponse__Output>(raw.Check, req, o);
  return {
    raw,
    check,
    checkHeaders: (headers, o) => check({ attributes: { request: { http: { method: 'POST', path: '/v1/messages', headers } } } }, o),
    waitForReady: (timeoutMs = 10_000) => waitReady(raw, timeoutMs),
    close: () => raw.close(),
  };
}
