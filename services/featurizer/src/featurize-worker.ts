// Worker-thread entry: owns the FeaturizerCore (feature state lives here) and answers the
// requests of WorkerEngine in the order they were posted.
import { parentPort, workerData } from 'node:worker_threads';
import { FeaturizerCore, type CoreOptions } from './core';
import { transferables } from './packing';
import type { WorkerReply, WorkerRequest } from './engine';

const port = parentPort;
if (!port) throw new Error('featurize-worker must run in a worker thread');
const core = new FeaturizerCore(workerData as CoreOptions);

port.on('message', (req: WorkerRequest) => {
  // One-way; a failure here is a bug and ends the worker (the engine then reports itself dead).
  if (req.op === 'ack') return core.acknowledge(req.partition, req.keys, req.seqs);
  let reply: WorkerReply;
  try {
    if (req.op === 'process') {
      const result = core.processChunk(req.partition, req.values);
      reply = { id: req.id, ok: true, result };
      port.postMessage(reply, transferables(result.outputs.values));
      return;
    }
    reply = { id: req.id, ok: true, result: core.restoreChunk(req.values) };
  } catch (err) {
    reply = { id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
