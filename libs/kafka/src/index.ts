export { createKafka, type KafkaClientOptions } from './client';
export {
  ensureTopics,
  lockstepTopicSpecs,
  topicSpecsFor,
  toTopicConfig,
  type TopicSpec,
  type TopicTableOptions,
  type CleanupPolicy,
  type EnsureTopicsResult,
} from './topics';
export { createProducer, cachingPartitioner, sendJson, sendEncoded, MAX_SEND_BYTES, type JsonRecord, type EncodedRecord } from './producer';
export { usageEventValidation, jsonValidation, type MessageValidator, type BatchValidator, type MessageRejection, type Validation } from './validation';
export { toDlqMessage, headerString, type DlqSource } from './dlq';
export { processChunk, type ConsumedRecord, type BatchContext, type BatchHandler, type ChunkDeps, type ChunkOutcome } from './batch-processor';
export { BatchConsumer, type BatchConsumerOptions } from './batch-consumer';
export { replayPartitions, PartitionCatchUp } from './replay';
