import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ClusterJob, ClusterResult } from '@lockstep/detection';

/**
 * Runs clustering jobs in a worker thread when one can be started (built code), else inline
 * through `inline` (the detector's own engine), e.g. under ts-jest where there is no .js worker.
 */
export class ClusterRunner {
  private worker: Worker | null = null;

  constructor(
    useWorker: boolean,
    private readonly inline: (job: ClusterJob) => ClusterResult,
  ) {
    const file = join(__dirname, 'cluster-worker.js');
    if (useWorker && existsSync(file)) {
      this.worker = new Worker(file);
      this.worker.unref();
    }
  }

  get inWorker(): boolean {
    return this.worker !== null;
  }

  run(job: ClusterJob): Promise<ClusterResult> {
    const w = this.worker;
    if (!w) return Promise.resolve().then(() => this.inline(job));
    return new Promise((resolve, reject) => {
      const onMessage = (msg: { ok: boolean; result?: ClusterResult; error?: string }) => {
        w.off('error', onError);
        if (msg.ok) resolve(msg.result!);
        else reject(new Error(`clustering failed: ${msg.error}`));
      };
      const onError = (err: Error) => {
        w.off('message', onMessage);
        reject(err);
      };
      w.once('message', onMessage);
      w.once('error', onError);
      w.postMessage(job.request);
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = null;
  }
}
