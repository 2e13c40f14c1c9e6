import { z } from 'zod';
import { DEFAULT_TOPICS } from '@lockstep/contracts';

/** Topic names, each overridable (LOCKSTEP_KAFKA_TOPICS_USAGE=...). */
export const topicsConfigSchema = z
  .object({
    usage: z.string().min(1).default(DEFAULT_TOPICS.usage),
    usageDlq: z.string().min(1).default(DEFAULT_TOPICS.usageDlq),
    features: z.string().min(1).default(DEFAULT_TOPICS.features),
    decisions: z.string().min(1).default(DEFAULT_TOPICS.decisions),
    enforcement: z.string().min(1).default(DEFAULT_TOPICS.enforcement),
  })
  .prefault({});

const brokerAddress = z.string().regex(/^[^\s:,]+:\d{1,5}$/, "must be 'host:port'");

/** Kafka connection settings shared by every service. LOCKSTEP_KAFKA_BROKERS is a comma list. */
export const kafkaConfigSchema = z
  .object({
    brokers: z.array(brokerAddress).min(1).default(['127.0.0.1:9092']),
    clientId: z.string().min(1).default('lockstep'),
    topics: topicsConfigSchema,
  })
  .prefault({});

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export const logLevelSchema = z.enum(LOG_LEVELS).default('info');

/** The ops HTTP server (/metrics, /healthz, /readyz). Port 0 picks a free port. */
export const opsConfigSchema = z
  .object({
    port: z.number().int().min(0).max(65535).default(9464),
    host: z.string().min(1).default('127.0.0.1'),
  })
  .prefault({});

export type KafkaConfig = z.infer<typeof kafkaConfigSchema>;
export type TopicsConfig = z.infer<typeof topicsConfigSchema>;
export type OpsConfig = z.infer<typeof opsConfigSchema>;
export type LogLevel = z.infer<typeof logLevelSchema>;
