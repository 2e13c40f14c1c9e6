import { EventValidator, type UsageEvent } from '@lockstep/contracts';
import { FeatureStore, type FeatureStoreOptions, type FeatureStoreStats } from '@lockstep/features';
import { Featurizer } from './featurize';
import { packStrings, unpack, type Packed } from './packing';

export interface CoreOptions {
  store: FeatureStoreOptions;
  dedupCapacity: number;
}

/** Why one message of a chunk was rejected: [index in the chunk, code, message, field?]. */
export type PackedRejection = [number, string, string, string?];

export interface ChunkResult {
  rejections: PackedRejection[];
  ingested: number;
  duplicates: number;
  /** The partition's unacknowledged vectors (this chunk's, plus any a failed produce left). */
  outputs: PackedOutputs;
  store: FeatureStoreStats;
}

export interface PackedOutputs {
  keys: string[];
  timestamps: Float64Array;
  seqs: Float64Array;
  values: Packed;
}

/**
 * Everything the featurizer does per message that is not Kafka I/O: contract validation, dedup,
 * feature state and serializing the due vectors. It runs in a worker thread (see
 * featurize-worker.ts) so the kafkajs thread only fetches, produces and commits; or inline.
 */
export class FeaturizerCore {
  readonly store: FeatureStore;
  private readonly featurizer: Featurizer;
  /** Live traffic: one validator, so the future-ts watermark covers every partition consumed. */
  private readonly live = new EventValidator();
  // Replayed partitions come in another interleaving than they were consumed, and were accepted once.
  private readonly replay = new EventValidator(Number.POSITIVE_INFINITY);

  constructor(opts: CoreOptions) {
    this.store = new FeatureStore(opts.store);
    this.featurizer = new Featurizer(this.store, opts.dedupCapacity);
  }

  processChunk(partition: number, values: Packed): ChunkResult {
    const rejections: PackedRejection[] = [];
    const raw = unpack(values);
    let ingested = 0;
    let duplicates = 0;
    for (let i = 0; i < raw.length; i++) {
      const v = raw[i];
      if (!v) {
        rejections.push([i, 'not_json', 'message has no value (tombstone)']);
        continue;
      }
      const r = this.live.validateRaw(v);
      if (!r.ok) {
        rejections.push(r.field === undefined ? [i, r.code, r.message] : [i, r.code, r.message, r.field]);
        continue;
      }
      try {
        if (this.featurizer.ingestOne(r.event, partition)) ingested++;
        else duplicates++;
      } catch (err) {
        // A valid event the feature code cannot fold in is poison: dead-lettered, not retried forever.
        rejections.push([i, 'processing_failed', `processing failed: ${err instanceof Error ? err.message : String(err)}`]);
      }
    }
    const stats = { ingested, duplicates };
    const pending = this.featurizer.pendingOutputs(partition);
    const timestamps = new Float64Array(pending.length);
    const seqs = new Float64Array(pending.length);
    const keys: string[] = new Array(pending.length);
    const json: string[] = new Array(pending.length);
    pending.forEach((p, i) => {
      keys[i] = p.key;
      json[i] = p.value;
      timestamps[i] = p.timestamp;
      seqs[i] = p.seq;
    });
    return { rejections, ...stats, outputs: { keys, timestamps, seqs, values: packStrings(json) }, store: this.store.stats() };
  }

  /** Folds in already-processed messages (rebuild, catch-up) without emitting; returns the valid ones. */
  restoreChunk(values: Packed): number {
    const events: UsageEvent[] = [];
    for (const v of unpack(values)) {
      if (!v) continue;
      const r = this.replay.validateRaw(v);
      if (r.ok) events.push(r.event);
    }
    this.featurizer.restore(events);
    return events.length;
  }

  acknowledge(partition: number, keys: string[], seqs: ArrayLike<number>): void {
    this.featurizer.acknowledge(
      keys.map((key, i) => ({ key, seq: seqs[i]! })),
      partition,
    );
  }
}
