import * as grpc from '@grpc/grpc-js';
import type { policyv1 } from '@lockstep/contracts';
import { checkBearer, grpcError, invalidArgument, requestIdOf } from '@lockstep/grpc';
import { PolicyInputError, type EnforcementChange, type PolicyEngine } from '@lockstep/policy';
import type { Logger } from '@lockstep/observability';
import type { PolicyServiceConfig } from './config';
import * as map from './mapping';
import type { WriteFn, WriteResult } from './writer';

type ServiceErr = Partial<grpc.ServiceError>;

export interface HandlerDeps {
  engine: PolicyEngine;
  config: PolicyServiceConfig;
  logger: Logger;
  /** Makes a change durable and applies it (here, or in the writer process and then here). */
  write: WriteFn;
  now: () => number;
  /** Open WatchDecisions streams, so a drain can end them. */
  watchers: Set<grpc.ServerWritableStream<unknown, unknown>>;
  startedAtMs: number;
}

function deadlineOf(call: { getDeadline(): grpc.Deadline }): number {
  const d = call.getDeadline();
  if (d instanceof Date) return d.getTime();
  return Number.isFinite(d) ? Number(d) : Infinity;
}

function toServiceError(err: unknown, logger: Logger, method: string): ServiceErr {
  if (err instanceof PolicyInputError) return invalidArgument(err.field, err.message.slice(err.field.length + 2));
  const e = err as ServiceErr;
  if (typeof e?.code === 'number' && typeof e.details === 'string') return e;
  logger.error({ err, method }, 'rpc failed');
  return grpcError(grpc.status.UNAVAILABLE, `could not persist the change: ${(err as Error)?.message ?? err}`);
}

function requireAccountId(v: string, field: string): ServiceErr | null {
  if (!v) return invalidArgument(field, 'is required');
  if (v.length > 256) return invalidArgument(field, 'must be at most 256 characters');
  return null;
}

export function policyHandlers(d: HandlerDeps): policyv1.PolicyServiceHandlers {
  const { engine, config, logger } = d;
  const knownTokens = [config.reportToken, config.adminToken];

  return {
    Check(call, cb) {
      const id = call.request.account_id;
      const bad = requireAccountId(id, 'account_id');
      if (bad) return cb(bad);
      cb(null, map.checkResponse(engine.check(id, d.now())));
    },

    BatchCheck(call, cb) {
      const reqs = call.request.requests;
      if (reqs.length > config.maxBatchCheck) return cb(invalidArgument('requests', `at most ${config.maxBatchCheck} accounts per call (got ${reqs.length})`));
      const now = d.now();
      const out: policyv1.CheckResponse[] = new Array(reqs.length);
      for (let i = 0; i < reqs.length; i++) {
        const bad = requireAccountId(reqs[i].account_id, `requests[${i}].account_id`);
        if (bad) return cb(bad);
        out[i] = map.checkResponse(engine.check(reqs[i].account_id, now));
      }
      cb(null, { responses: out });
    },

    ReportDecisions(call, cb) {
      const denied = checkBearer(call.metadata, config.reportToken, knownTokens);
      if (denied) return cb(denied);
      const decisions = call.request.decisions;
      if (decisions.length === 0) return cb(invalidArgument('decisions', 'at least one decision is required'));
      if (decisions.length > config.maxReportDecisions) return cb(invalidArgument('decisions', `at most ${config.maxReportDecisions} per call (got ${decisions.length})`));
      const inputs = decisions.map(map.decisionFromProto);
      const request_id = requestIdOf(call.metadata);
      d.write({ kind: 'decisions', inputs }, deadlineOf(call)).then(
        (result: WriteResult) => {
          logger.info(
            { request_id, accepted: result.accepted, duplicates: result.duplicates, decision_ids: inputs.slice(0, 20).map((i) => i.decision_id) },
            'decisions reported',
          );
          cb(null, { accepted: result.accepted, duplicates: result.duplicates });
        },
        (err: unknown) => cb(toServiceError(err, logger, 'ReportDecisions')),
      );
    },

    WatchDecisions(call) {
      const from = call.request.from_sequence;
      if (!Number.isInteger(from) || from < 0) {
        call.emit('error', invalidArgument('from_sequence', 'must be a non-negative integer'));
        return;
      }
      let last = from;
      const send = (changes: readonly EnforcementChange[]) => {
        for (const c of changes) {
          if (c.sequence <= last) continue;
          last = c.sequence;
          call.write(map.change(c));
        }
        // A watcher that stops reading must not make the server buffer without bound.
        if (call.writableLength > 64 * 1024 * 1024) {
          stop();
          call.emit('error', grpcError(grpc.status.RESOURCE_EXHAUSTED, 'watcher too slow; resume from the last sequence received'));
        }
      };
      const unsubscribe = engine.onChange(send);
      const stop = () => {
        unsubscribe();
        d.watchers.delete(call as grpc.ServerWritableStream<unknown, unknown>);
      };
      d.watchers.add(call as grpc.ServerWritableStream<unknown, unknown>);
      call.on('cancelled', stop);
      call.on('close', stop);
      call.on('error', stop);
      send(engine.changesSince(from, d.now()));
    },

    GetAccount(call, cb) {
      const bad = requireAccountId(call.request.account_id, 'account_id');
      if (bad) return cb(bad);
      cb(null, map.account(engine.getAccount(call.request.account_id, d.now())));
    },

    ListCampaigns(call, cb) {
      const limit = call.request.limit;
      if (limit < 0) return cb(invalidArgument('limit', 'must be >= 0'));
      cb(null, { campaigns: engine.listCampaigns(Math.min(limit || 100, 1000), d.now()).map(map.campaign) });
    },

    GetCampaign(call, cb) {
      const id = call.request.campaign_id;
      if (!id) return cb(invalidArgument('campaign_id', 'is required'));
      const c = engine.getCampaign(id, d.now());
      if (!c) return cb(grpcError(grpc.status.NOT_FOUND, `campaign_id: no campaign '${id}'`));
      cb(null, map.campaign(c));
    },

    SetOverride(call, cb) {
      const denied = checkBearer(call.metadata, config.adminToken, knownTokens);
      if (denied) return cb(denied);
      const r = call.request;
      const action = map.engineAction(r.action);
      if (!action) return cb(invalidArgument('action', 'is required (ALLOW, MONITOR, THROTTLE, CHALLENGE or SUSPEND)'));
      const input = { account_id: r.account_id, campaign_id: r.campaign_id, action, reason: r.reason, actor: r.actor, ttl_ms: r.ttl_ms };
      const request_id = requestIdOf(call.metadata);
      d.write({ kind: 'setOverride', input }, deadlineOf(call)).then(
        (result: WriteResult) => {
          logger.info({ request_id, kind: result.override!.kind, action: result.override!.action, override_id: result.override!.override_id, actor: r.actor }, 'override set');
          cb(null, { override: map.override(result.override!) });
        },
        (err: unknown) => cb(toServiceError(err, logger, 'SetOverride')),
      );
    },

    ClearOverride(call, cb) {
      const denied = checkBearer(call.metadata, config.adminToken, knownTokens);
      if (denied) return cb(denied);
      const r = call.request;
      const input = { account_id: r.account_id, campaign_id: r.campaign_id, reason: r.reason, actor: r.actor };
      const request_id = requestIdOf(call.metadata);
      d.write({ kind: 'clearOverride', input }, deadlineOf(call)).then(
        (result: WriteResult) => {
          logger.info({ request_id, cleared: result.cleared, actor: r.actor }, 'override cleared');
          cb(null, { cleared: result.cleared });
        },
        (err: unknown) => cb(toServiceError(err, logger, 'ClearOverride')),
      );
    },

    GetStatus(_call, cb) {
      const s = engine.status(d.now());
      cb(null, {
        accounts: s.accounts,
        campaigns: s.campaigns,
        overrides: s.overrides,
        sequence: s.sequence,
        accounts_by_action: Object.fromEntries(Object.entries(s.accounts_by_action).map(([k, v]) => [k.toUpperCase(), v as number])),
        shadow_mode: s.shadow_mode,
        version: VERSION,
        started_at_ms: d.startedAtMs,
      });
    },
  };
}

export const VERSION = '0.1.0';
