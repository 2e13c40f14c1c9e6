import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { DLQ_HEADERS } from '@lockstep/contracts';
import type { MessageRejection } from './validation';

export interface DlqSource {
  topic: string;
  partition: number;
}

/**
 * The dead-letter copy of a rejected message: the ORIGINAL key, value bytes and headers,
 * plus headers saying why it was rejected and where it came from, so it can be inspected
 * and replayed. `x-lockstep-reason` is the human line, `x-lockstep-reason-code` the code.
 */
export function toDlqMessage(message: KafkaMessage, rejection: Pick<MessageRejection, 'code' | 'field' | 'message'>, source: DlqSource, now = Date.now()): Message {
  const headers: IHeaders = { ...(message.headers ?? {}) };
  headers[DLQ_HEADERS.reason] = rejection.message;
  headers[DLQ_HEADERS.code] = rejection.code;
  if (rejection.field !== undefined) headers[DLQ_HEADERS.field] = rejection.field;
  headers[DLQ_HEADERS.sourceTopic] = source.topic;
  headers[DLQ_HEADERS.sourcePartition] = String(source.partition);
  headers[DLQ_HEADERS.sourceOffset] = message.offset;
  headers[DLQ_HEADERS.rejectedAt] = String(now);
  return { key: message.key, value: message.value, headers, timestamp: message.timestamp };
}

/** Reads a header as a string (kafkajs gives Buffers). */
export function headerString(headers: IHeaders | undefined, name: string): string | undefined {
  const v = headers?.[name];
  if (v === undefined) return undefined;
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined ? undefined : Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
}
