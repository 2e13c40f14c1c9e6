import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ClusterResult, RunRequest } from './clustering';

/**
 * Runs clustering jobs in a worker thread so the consumer never blocks on them. Jobs run one at a
 * time in submission order on the worker's own engine, so results equal the synchronous path's.
 */
export class ClusterWorker {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: ClusterResult) => void; reject: (e: Error) => void }>();

  constructor() {
    const js = path.join(__dirname, 'cluster-worker.js');
    if (existsSync(js)) this.worker = new Worker(js);
    else {
      // Running from TypeScript sources (tsx, ts-node): load the .ts entry through tsx.
      const ts = path.join(__dirname, 'cluster-worker.ts');
      this.worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(ts)});`, { eval: true });
    }
    this.worker.on('message', (msg: { id: number; result?: ClusterResult; error?: string }) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`clustering worker failed: ${msg.error}`));
      else p.resolve(msg.result!);
    });
    this.worker.on('error', (err) => {
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    });
    this.worker.unref();
  }

  /**
   * Runs one job. By default the packed population's buffers are transferred, not copied (the
   * snapshot is not read again after it is handed over); pass transfer = false to keep using them.
   */
  run(req: RunRequest, transfer = true): Promise<ClusterResult> {
    const id = this.nextId++;
    const p = req.pop;
    const buffers = transfer
      ? [...new Set([p.vectors, p.scalars, p.tokOff, p.tokIds, p.tokKeys, p.org, p.cluster, p.dirty, p.idHash, p.prevCampaign].map((a) => a.buffer as ArrayBuffer))]
      : [];
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ id, req }, buffers);
    }).finally(() => {
      if (this.pending.size === 0) this.worker.unref();
    }) as Promise<ClusterResult>;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
