import { Kafka, logLevel, type KafkaConfig, type LogEntry } from 'kafkajs';
import type { Logger } from 'pino';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  /** kafkajs' own logs are forwarded here (warn and above unless the logger is at debug). */
  logger?: Logger;
  connectionTimeout?: number;
  requestTimeout?: number;
  retry?: KafkaConfig['retry'];
}

const LEVEL_NAMES: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** A kafkajs client whose logs go through pino instead of kafkajs' console logger. */
export function createKafka(opts: KafkaClientOptions): Kafka {
  const logger = opts.logger;
  const level = logger?.isLevelEnabled('debug') ? logLevel.INFO : logLevel.WARN;
  return new Kafka({
    clientId: opts.clientId,
    brokers: opts.brokers,
    connectionTimeout: opts.connectionTimeout ?? 3000,
    requestTimeout: opts.requestTimeout ?? 30000,
    retry: opts.retry ?? { initialRetryTime: 200, retries: 8, maxRetryTime: 5000 },
    logLevel: logger ? level : logLevel.NOTHING,
    logCreator: () => (entry: LogEntry) => {
      if (!logger) return;
      const name = LEVEL_NAMES[entry.level] ?? 'info';
      const { message, timestamp: _t, logger: _l, ...rest } = entry.log as Record<string, unknown> & { message: string };
      logger[name]({ kafkajs: entry.namespace, ...rest }, message);
    },
  });
}
