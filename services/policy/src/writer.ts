import * as grpc from '@grpc/grpc-js';
import { Counter, type Registry } from 'prom-client';
import { grpcError } from '@lockstep/grpc';
import {
  StalePlanError,
  type ClearOverrideInput,
  type OverrideState,
  type Plan,
  type PolicyDecisionInput,
  type PolicyEngine,
  type SetOverrideInput,
} from '@lockstep/policy';
import type { Logger } from '@lockstep/observability';
import { SerialQueue } from './serial';
import type { StateStore } from './store';

/** A state change a client asked for; plain data, so a read replica can hand it to the writer process. */
export type WriteOp =
  | { kind: 'decisions'; inputs: PolicyDecisionInput[] }
  | { kind: 'setOverride'; input: SetOverrideInput }
  | { kind: 'clearOverride'; input: ClearOverrideInput };

/** What the caller acknowledges once the change is durable. */
export interface WriteResult {
  accepted: number;
  duplicates: number;
  override: OverrideState | null;
  cleared: boolean;
}

export type WriteFn = (op: WriteOp, deadline: number) => Promise<WriteResult>;

export interface Writer {
  write: WriteFn;
  /** Announces due expiries (the periodic sweep); a no-op while writes are queued. */
  sweep(nowMs: number): void;
  /** Refuse new writes (UNAVAILABLE) and wait for the queued ones. */
  close(): Promise<void>;
}

function planOf(engine: PolicyEngine, op: WriteOp, nowMs: number): Plan {
  switch (op.kind) {
    case 'decisions':
      return engine.planDecisions(op.inputs, nowMs);
    case 'setOverride':
      return engine.planSetOverride(op.input, nowMs);
    case 'clearOverride':
      return engine.planClearOverride(op.input, nowMs);
  }
}

/**
 * The single writer of the enforcement state: plans a change, writes its records to the topic
 * (acks=-1) and only then commits it, one change at a time. `onCommit` sees every committed plan
 * (read replicas in other processes are fed from there).
 */
export function createWriter(opts: {
  engine: PolicyEngine;
  store: StateStore;
  registry: Registry;
  logger: Logger;
  now?: () => number;
  onCommit?: (plan: Plan) => void;
}): Writer {
  const { engine, store, registry, logger } = opts;
  const now = opts.now ?? Date.now;
  const queue = new SerialQueue();
  let stopping = false;

  const decisionsTotal = new Counter({
    name: 'lockstep_policy_decisions_total',
    help: 'Detector decisions applied, by the automatic action the policy gave them',
    labelNames: ['action'],
    registers: [registry],
  });
  const duplicatesTotal = new Counter({ name: 'lockstep_policy_duplicate_decisions_total', help: 'Decisions ignored as already applied (by decision_id)', registers: [registry] });
  // A failed write means nothing was acknowledged (ReportDecisions, overrides, expiry all wait on it).
  const enforcementWrites = new Counter({
    name: 'lockstep_policy_enforcement_writes_total',
    help: 'Writes of state records to the enforcement topic, by outcome (ok, error)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  for (const outcome of ['ok', 'error']) enforcementWrites.inc({ outcome }, 0);

  const mutate = (make: () => Plan, deadline: number): Promise<Plan> =>
    queue.run(async () => {
      if (stopping) throw grpcError(grpc.status.UNAVAILABLE, 'server is shutting down');
      if (Date.now() >= deadline) throw grpcError(grpc.status.DEADLINE_EXCEEDED, 'deadline passed while queued');
      for (;;) {
        const plan = make();
        if (plan.records.length > 0) {
          const left = Number.isFinite(deadline) ? deadline - Date.now() : 30_000;
          try {
            await store.write(plan.records, Math.max(1000, Math.min(30_000, left)));
            enforcementWrites.inc({ outcome: 'ok' });
          } catch (err) {
            enforcementWrites.inc({ outcome: 'error' });
            throw err;
          }
        }
        try {
          engine.commit(plan);
        } catch (err) {
          // Only this queue mutates, so this cannot happen; recompute rather than lose the write.
          if (!(err instanceof StalePlanError)) throw err;
          continue;
        }
        opts.onCommit?.(plan);
        return plan;
      }
    });

  return {
    async write(op, deadline) {
      const plan = await mutate(() => planOf(engine, op, now()), deadline);
      if (op.kind === 'decisions') {
        duplicatesTotal.inc(plan.duplicates);
        for (const acc of plan.accounts.values()) if (acc.current && plan.changes.some((c) => c.account_id === acc.account_id)) decisionsTotal.inc({ action: acc.current.action });
      }
      return { accepted: plan.accepted, duplicates: plan.duplicates, override: plan.override, cleared: plan.cleared };
    },
    sweep(nowMs) {
      if (stopping || queue.size > 0) return;
      mutate(() => engine.planExpiry(nowMs), Infinity).catch((err) => logger.warn({ err }, 'expiry sweep failed'));
    },
    async close() {
      stopping = true;
      await queue.idle();
    },
  };
}
