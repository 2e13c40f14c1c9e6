import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RejectionCode } from '@lockstep/contracts';
import type { FeatureStoreOptions, FeatureStoreStats } from '@lockstep/features';
import type { FeatureFrame } from './feature-frames';
import { InputError } from './io';

/** Line counts of an input, as replay reports them. */
export interface InputStats {
  lines: number;
  valid: number;
  malformed: number;
  malformedByCode: Partial<Record<RejectionCode, number>>;
  malformedSamples: { line: number; code: RejectionCode; message: string }[];
}

export interface FeatureThreadOptions {
  /** A .jsonl or .jsonl.gz file (not stdin). */
  input: string;
  features?: FeatureStoreOptions;
  maxFutureSkewMs?: number;
  /** Stop after this many lines of input (benchmarks). */
  limit?: number;
  /** Events per frame. */
  frameEvents?: number;
}

export type FeatureThreadMessage =
  | { type: 'frame'; frame: FeatureFrame }
  | { type: 'end'; stats: InputStats; features: FeatureStoreStats }
  | { type: 'error'; message: string; input: boolean };

/**
 * Reading, gunzip, validation and the FeatureStore on a worker thread, so they run beside the
 * detector and policy instead of before them. The store is fed every valid event in input order,
 * exactly as the in-process pipeline feeds it, so the frames carry the same features.
 */
export class FeatureThread {
  private readonly worker: Worker;
  private readonly queue: FeatureThreadMessage[] = [];
  private waiting: (() => void) | null = null;
  private failure: Error | null = null;
  /** Set once the input is exhausted. */
  result: { stats: InputStats; features: FeatureStoreStats } | null = null;

  constructor(o: FeatureThreadOptions) {
    if (!existsSync(o.input) || !statSync(o.input).isFile()) throw new InputError(`input file not found: ${o.input}`);
    const js = path.join(__dirname, 'feature-worker.js');
    if (existsSync(js)) this.worker = new Worker(js, { workerData: o });
    else {
      // Running from TypeScript sources (tsx, ts-jest): load the .ts entry through tsx.
      const ts = path.join(__dirname, 'feature-worker.ts');
      this.worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(ts)});`, { eval: true, workerData: o });
    }
    this.worker.on('message', (m: FeatureThreadMessage) => this.push(m));
    this.worker.on('error', (err) => {
      this.failure = err;
      this.notify();
    });
    this.worker.on('exit', (code) => {
      if (!this.result && !this.failure) this.failure = new Error(`feature thread exited (code ${code}) before the end of input`);
      this.notify();
    });
  }

  /** The frames in input order; each is acknowledged (letting the thread read on) once the consumer asks for the next. */
  async *frames(): AsyncGenerator<FeatureFrame> {
    for (;;) {
      while (this.queue.length === 0) {
        if (this.failure) throw this.failure;
        if (this.result) return;
        await new Promise<void>((r) => (this.waiting = r));
      }
      const m = this.queue.shift()!;
      if (m.type !== 'frame') continue;
      yield m.frame;
      this.worker.postMessage('ack');
    }
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private push(m: FeatureThreadMessage): void {
    if (m.type === 'error') this.failure = m.input ? new InputError(m.message) : new Error(m.message);
    else if (m.type === 'end') this.result = { stats: m.stats, features: m.features };
    else this.queue.push(m);
    this.notify();
  }

  private notify(): void {
    const w = this.waiting;
    this.waiting = null;
    w?.();
  }
}
