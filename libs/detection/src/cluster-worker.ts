// Worker-thread entry: runs clustering jobs on its own ClusterEngine, off the event loop.
import { parentPort } from 'node:worker_threads';
import { ClusterEngine, type RunRequest } from './clustering';

const engine = new ClusterEngine();

parentPort?.on('message', (msg: { id: number; req: RunRequest }) => {
  try {
    const result = engine.run(msg.req);
    const transfer = [
      result.clusterOf.buffer,
      result.accountCampaign.buffer,
      result.accountScore.buffer,
      result.membership.buffer,
      result.pairPartners.buffer,
      result.tokenKeys.buffer,
      result.tokenCampaign.buffer,
      result.tokenWeight.buffer,
      result.sharedKeys.buffer,
      result.sharedBase.buffer,
      result.tokenLocal.buffer,
      result.sharedLocal.buffer,
    ] as ArrayBuffer[];
    parentPort!.postMessage({ id: msg.id, result }, transfer);
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, error: (err as Error).stack ?? String(err) });
  }
});
