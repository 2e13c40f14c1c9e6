export { ConfigError } from './config-error';
export { loadConfig, type LoadConfigOptions } from './load-config';
export { describeUnknownKey, findUnknownKey, type UnknownKey } from './unknown-keys';
export {
  kafkaConfigSchema,
  topicsConfigSchema,
  opsConfigSchema,
  logLevelSchema,
  LOG_LEVELS,
  type KafkaConfig,
  type TopicsConfig,
  type OpsConfig,
  type LogLevel,
} from './schemas';
