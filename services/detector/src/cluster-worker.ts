// Worker thread: runs clustering requests one at a time off the consumer's event loop. The
// engine lives here for the life of the worker, so warm starts and cached token scores carry over.
import { parentPort } from 'node:worker_threads';
import { ClusterEngine, type RunRequest } from '@lockstep/detection';

const engine = new ClusterEngine();

parentPort?.on('message', (req: RunRequest) => {
  try {
    parentPort!.postMessage({ ok: true, result: engine.run(req) });
  } catch (err) {
    parentPort!.postMessage({ ok: false, error: (err as Error).message });
  }
});
