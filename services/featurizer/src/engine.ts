import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { FeaturizerCore, type ChunkResult, type CoreOptions } from './core';
import { packBuffers, transferables, type Packed } from './packing';

/** Where the featurizer's per-message work runs: a worker thread, or the calling thread. */
export interface FeaturizeEngine {
  processChunk(partition: number, values: readonly (Buffer | null)[]): Promise<ChunkResult>;
  restoreChunk(values: readonly (Buffer | null)[]): Promise<number>;
  /** One-way: applied before any request posted after it (requests are handled in order). */
  acknowledge(partition: number, keys: string[], seqs: ArrayLike<number>): void;
  /** False once the engine can no longer work (its worker died). */
  isAlive(): boolean;
  close(): Promise<void>;
}

export type WorkerRequest =
  | { id: number; op: 'process'; partition: number; values: Packed }
  | { id: number; op: 'restore'; values: Packed }
  | { id: number; op: 'ack'; partition: number; keys: string[]; seqs: Float64Array };

export type WorkerReply = { id: number; ok: true; result: ChunkResult | number } | { id: number; ok: false; error: string };

export class InlineEngine implements FeaturizeEngine {
  readonly core: FeaturizerCore;

  constructor(opts: CoreOptions) {
    this.core = new FeaturizerCore(opts);
  }

  async processChunk(partition: number, values: readonly (Buffer | null)[]): Promise<ChunkResult> {
    return this.core.processChunk(partition, packBuffers(values));
  }

  async restoreChunk(values: readonly (Buffer | null)[]): Promise<number> {
    return this.core.restoreChunk(packBuffers(values));
  }

  acknowledge(partition: number, keys: string[], seqs: ArrayLike<number>): void {
    this.core.acknowledge(partition, keys, seqs);
  }

  isAlive(): boolean {
    return true;
  }

  async close(): Promise<void> {}
}

export interface WorkerEngineOptions {
  /** V8 young generation of the worker (MiB): larger means fewer scavenges of short-lived event objects. */
  youngGenerationMb?: number;
  onError?: (err: Error) => void;
}

/**
 * Runs the FeaturizerCore in one worker thread. One thread, not one per partition: the shared-value
 * filter and the dedup window are process-wide, as in replay. Requests are answered in order.
 */
export class WorkerEngine implements FeaturizeEngine {
  private readonly worker: Worker;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private dead?: Error;
  private closing = false;

  constructor(opts: CoreOptions, engineOpts: WorkerEngineOptions = {}) {
    this.worker = new Worker(WorkerEngine.script(), {
      workerData: opts,
      // Not the parent's flags (e.g. a TypeScript loader): the worker runs compiled JS only.
      execArgv: [],
      ...(engineOpts.youngGenerationMb ? { resourceLimits: { maxYoungGenerationSizeMb: engineOpts.youngGenerationMb } } : {}),
    });
    this.worker.on('message', (reply: WorkerReply) => {
      const w = this.waiting.get(reply.id);
      if (!w) return;
      this.waiting.delete(reply.id);
      if (reply.ok) w.resolve(reply.result);
      else w.reject(new Error(`featurizer worker: ${reply.error}`));
    });
    const fail = (err: Error) => {
      if (this.closing) return;
      this.dead ??= err;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
      engineOpts.onError?.(err);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`featurizer worker exited with code ${code}`)));
  }

  /** The compiled worker entry next to this file (dist/); absent when running from sources. */
  static script(): string {
    return path.join(__dirname, 'featurize-worker.js');
  }

  static available(): boolean {
    return fs.existsSync(WorkerEngine.script());
  }

  processChunk(partition: number, values: readonly (Buffer | null)[]): Promise<ChunkResult> {
    const packed = packBuffers(values);
    return this.call({ id: 0, op: 'process', partition, values: packed }, transferables(packed)) as Promise<ChunkResult>;
  }

  restoreChunk(values: readonly (Buffer | null)[]): Promise<number> {
    const packed = packBuffers(values);
    return this.call({ id: 0, op: 'restore', values: packed }, transferables(packed)) as Promise<number>;
  }

  acknowledge(partition: number, keys: string[], seqs: ArrayLike<number>): void {
    // Not awaited: the worker may be busy with another partition's chunk, and this partition's
    // next request is queued behind the ack anyway. A failing ack kills the worker (see 'error').
    if (this.dead || this.closing) return;
    const req: WorkerRequest = { id: 0, op: 'ack', partition, keys, seqs: Float64Array.from(seqs) };
    this.worker.postMessage(req);
  }

  isAlive(): boolean {
    return !this.dead;
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const w of this.waiting.values()) w.reject(new Error('featurizer worker closed'));
    this.waiting.clear();
    await this.worker.terminate();
  }

  private call(req: WorkerRequest, transfer: ArrayBuffer[]): Promise<unknown> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.closing) return Promise.reject(new Error('featurizer worker closed'));
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...req, id }, transfer);
    });
  }
}
