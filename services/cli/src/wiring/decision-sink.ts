import type { DetectorDecision } from '@lockstep/detection';
import { toProtoDecision } from '@lockstep/detector';
import { createPolicyClient, type PolicyClient } from '@lockstep/grpc';

/** Where the embedded pipeline's decisions go: the served PolicyService. */
export interface DecisionSink {
  push(d: DetectorDecision): void;
  /** Decisions not yet acknowledged by the PolicyService. */
  readonly pending: number;
  readonly delivered: number;
  /** Delivers everything buffered so far (in order); resolves when acknowledged. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

const CHUNK = 1000;

/**
 * The one place `lockstep run` hands decisions to the PolicyService. It calls ReportDecisions
 * over loopback gRPC on the served port, so decisions take exactly the path the detector
 * service's do (idempotent by decision_id, written to the enforcement topic before the ack).
 * When @lockstep/policy-service offers an in-process entry point, swap it in here.
 */
export function createDecisionSink(opts: { address: string; reportToken: string; flushEveryMs: number; onError: (err: Error) => void }): DecisionSink {
  const client: PolicyClient = createPolicyClient(opts.address, { token: opts.reportToken, deadlineMs: 30_000 });
  const buffer: DetectorDecision[] = [];
  let delivered = 0;
  let inFlight: Promise<void> | null = null;

  const deliverAll = async (): Promise<void> => {
    while (buffer.length > 0) {
      const chunk = buffer.slice(0, CHUNK);
      await client.reportDecisions(chunk.map(toProtoDecision));
      // Only drop what was acknowledged: a failed call leaves the chunk for the next flush.
      buffer.splice(0, chunk.length);
      delivered += chunk.length;
    }
  };
  const flush = (): Promise<void> => {
    inFlight ??= deliverAll().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
  const timer = setInterval(() => {
    if (buffer.length > 0 && !inFlight) flush().catch(opts.onError);
  }, opts.flushEveryMs);
  timer.unref();

  return {
    push: (d) => void buffer.push(d),
    get pending() {
      return buffer.length;
    },
    get delivered() {
      return delivered;
    },
    async flush() {
      // A flush already running may have started before the latest pushes: go again if so.
      while (buffer.length > 0 || inFlight) await flush();
    },
    async close() {
      clearInterval(timer);
      try {
        await this.flush();
      } finally {
        client.close();
      }
    },
  };
}
