import type { KafkaMessage } from 'kafkajs';
import { EventValidator, type UsageEvent } from '@lockstep/contracts';

/** Why a message was rejected. `code` goes to the DLQ headers and the rejection counter's label. */
export interface MessageRejection {
  ok: false;
  code: string;
  field?: string;
  message: string;
}

export type Validation<T> = { ok: true; value: T } | MessageRejection;

/** Decides whether one raw Kafka message is processable, and parses it. Must not throw. */
export type MessageValidator<T> = (raw: Buffer | null, message: KafkaMessage) => Validation<T>;

/**
 * Judges a whole chunk at once, one result per message in order (e.g. work shipped to a worker
 * thread in one message). Rejecting the promise means the chunk could not be judged: nothing is
 * committed and the chunk is redelivered.
 */
export type BatchValidator<T> = (messages: KafkaMessage[], ctx: { topic: string; partition: number; heartbeat(): Promise<void> }) => Promise<Validation<T>[]>;

function noValue(): MessageRejection {
  return { ok: false, code: 'not_json', message: 'message has no value (tombstone)' };
}

/** api.usage.v1 validation through the shared EventValidator (one per consumer: it tracks the event-time watermark). */
export function usageEventValidation(validator: EventValidator = new EventValidator()): MessageValidator<UsageEvent> {
  return (raw) => {
    if (raw === null) return noValue();
    const r = validator.validateRaw(raw);
    return r.ok ? { ok: true, value: r.event } : r.field === undefined ? { ok: false, code: r.code, message: r.message } : { ok: false, code: r.code, field: r.field, message: r.message };
  };
}

/** JSON object messages, optionally checked further (e.g. by a zod schema's safeParse adapter). */
export function jsonValidation<T = Record<string, unknown>>(check?: (value: Record<string, unknown>) => Validation<T>): MessageValidator<T> {
  return (raw) => {
    if (raw === null) return noValue();
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch (err) {
      return { ok: false, code: 'not_json', message: `message is not valid JSON: ${(err as Error).message}` };
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return { ok: false, code: 'not_object', message: 'message must be a JSON object' };
    }
    return check ? check(parsed as Record<string, unknown>) : { ok: true, value: parsed as T };
  };
}
