import type { KafkaMessage, Message } from 'kafkajs';
import { toDlqMessage } from './dlq';
import type { BatchValidator, MessageValidator, Validation } from './validation';

/** A validated message handed to the application. */
export interface ConsumedRecord<T> {
  value: T;
  key: string | null;
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  headers: KafkaMessage['headers'];
}

export interface BatchContext {
  topic: string;
  partition: number;
  /** Keep the group membership alive during long processing. */
  heartbeat(): Promise<void>;
  /** Offset of the chunk's first message (valid or not), when known. */
  firstOffset?: string;
  /** Offset after the chunk's last message: what is committed once the chunk is done. */
  nextOffset?: string;
}

/** Processes validated records. Throwing means "not processed": nothing is committed. */
export type BatchHandler<T> = (records: ConsumedRecord<T>[], ctx: BatchContext) => Promise<void>;

export interface ChunkDeps<T> {
  /** Judges one message at a time; ignored when validateBatch is given. */
  validate?: MessageValidator<T>;
  /** Judges a whole chunk at once (e.g. in a worker thread); one result per message, in order. */
  validateBatch?: BatchValidator<T>;
  handle: BatchHandler<T>;
  /** Produces dead letters durably (acks=-1); throws on failure. */
  sendToDlq: (messages: Message[]) => Promise<void>;
  /** How many times the whole chunk is tried before isolating the bad record(s). */
  handleAttempts: number;
  backoffMs: (attempt: number) => number;
  onRejected?: (code: string, count: number) => void;
  onHandlerError?: (err: Error, attempt: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

export interface ChunkOutcome {
  processed: number;
  rejected: number;
  /** Valid records the handler kept failing on alone while others succeeded (dead-lettered as processing_failed). */
  failed: number;
}

/** Leading records that must all fail, with none succeeding, for a failure to count as systemic. */
const SYSTEMIC_AFTER = 5;

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * One chunk of one partition, at-least-once: rejects go to the DLQ and valid records through
 * the handler; only if both succeed may the caller commit past the chunk. If the handler keeps
 * failing, records are retried one by one: those that still fail while others succeed are
 * poison and get dead-lettered; if every record fails the fault is systemic (downstream down)
 * and the error propagates so nothing is committed and the chunk is redelivered.
 */
export async function processChunk<T>(messages: KafkaMessage[], ctx: BatchContext, deps: ChunkDeps<T>): Promise<ChunkOutcome> {
  const good: ConsumedRecord<T>[] = [];
  const dead: Message[] = [];
  const rejectedByCode = new Map<string, number>();
  const verdicts = await validateAll(messages, ctx, deps);
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    const v = verdicts[i]!;
    if (v.ok) {
      good.push({ value: v.value, key: m.key ? m.key.toString('utf8') : null, topic: ctx.topic, partition: ctx.partition, offset: m.offset, timestamp: m.timestamp, headers: m.headers });
    } else {
      dead.push(toDlqMessage(m, v, ctx));
      rejectedByCode.set(v.code, (rejectedByCode.get(v.code) ?? 0) + 1);
    }
  }

  const failedRecords = good.length > 0 ? await handleWithIsolation(good, ctx, deps) : [];
  const byOffset = new Map(messages.map((m) => [m.offset, m]));
  for (const { record, error } of failedRecords) {
    dead.push(toDlqMessage(byOffset.get(record.offset)!, { code: 'processing_failed', message: `processing failed: ${error.message}` }, ctx));
  }

  if (dead.length > 0) await deps.sendToDlq(dead);
  for (const [code, n] of rejectedByCode) deps.onRejected?.(code, n);
  if (failedRecords.length > 0) deps.onRejected?.('processing_failed', failedRecords.length);
  const rejected = dead.length - failedRecords.length;
  return { processed: good.length - failedRecords.length, rejected, failed: failedRecords.length };
}

async function validateAll<T>(messages: KafkaMessage[], ctx: BatchContext, deps: ChunkDeps<T>): Promise<Validation<T>[]> {
  if (deps.validateBatch) {
    const verdicts = await deps.validateBatch(messages, ctx);
    if (verdicts.length !== messages.length) throw new Error(`batch validator judged ${verdicts.length} of ${messages.length} messages`);
    return verdicts;
  }
  const validate = deps.validate;
  if (!validate) throw new Error('processChunk needs validate or validateBatch');
  return messages.map((m) => validate(m.value, m));
}

async function handleWithIsolation<T>(
  good: ConsumedRecord<T>[],
  ctx: BatchContext,
  deps: ChunkDeps<T>,
): Promise<{ record: ConsumedRecord<T>; error: Error }[]> {
  const sleep = deps.sleep ?? defaultSleep;
  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= deps.handleAttempts; attempt++) {
    try {
      await deps.handle(good, ctx);
      return [];
    } catch (err) {
      lastError = err as Error;
      deps.onHandlerError?.(lastError, attempt);
      if (attempt < deps.handleAttempts) {
        await sleep(deps.backoffMs(attempt));
        await ctx.heartbeat();
      }
    }
  }
  if (good.length === 1) throw lastError;
  const failures: { record: ConsumedRecord<T>; error: Error }[] = [];
  let succeeded = 0;
  for (const record of good) {
    try {
      await deps.handle([record], ctx);
      succeeded++;
    } catch (err) {
      failures.push({ record, error: err as Error });
      // Nothing works at all: a downstream outage, not poison. Stop early rather than
      // spend a timeout per record, and let the whole chunk be redelivered.
      if (succeeded === 0 && failures.length >= SYSTEMIC_AFTER) throw lastError;
    }
    await ctx.heartbeat();
  }
  if (succeeded === 0) throw lastError;
  return failures;
}
