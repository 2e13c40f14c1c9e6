/** Default Kafka topic names; every service lets config rename them. */
export const DEFAULT_TOPICS = {
  usage: 'api.usage.v1',
  usageDlq: 'api.usage.dlq.v1',
  features: 'account.features.v1',
  decisions: 'lockstep.decisions.v1',
  enforcement: 'lockstep.enforcement.v1',
} as const;

export type TopicRole = keyof typeof DEFAULT_TOPICS;
export type TopicNames = Record<TopicRole, string>;

/** Header names on dead-lettered messages. */
export const DLQ_HEADERS = {
  reason: 'x-lockstep-reason',
  code: 'x-lockstep-reason-code',
  field: 'x-lockstep-field',
  sourceTopic: 'x-lockstep-source-topic',
  sourcePartition: 'x-lockstep-source-partition',
  sourceOffset: 'x-lockstep-source-offset',
  rejectedAt: 'x-lockstep-rejected-at',
} as const;
