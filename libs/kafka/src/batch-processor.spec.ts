import type { KafkaMessage, Message } from 'kafkajs';
import { DLQ_HEADERS } from '@lockstep/contracts';
import { processChunk, type ChunkDeps, type ConsumedRecord } from './batch-processor';
import { jsonValidation } from './validation';

function msg(offset: number, value: string | null, headers: KafkaMessage['headers'] = {}): KafkaMessage {
  return { offset: String(offset), key: Buffer.from(`k${offset}`), value: value === null ? null : Buffer.from(value), timestamp: '1000', attributes: 0, headers, size: 0 } as KafkaMessage;
}

const ctx = { topic: 'src', partition: 2, heartbeat: async () => undefined };

function deps(overrides: Partial<ChunkDeps<Record<string, unknown>>> = {}) {
  const dlq: Message[] = [];
  const handled: ConsumedRecord<Record<string, unknown>>[][] = [];
  const rejected: Record<string, number> = {};
  const d: ChunkDeps<Record<string, unknown>> = {
    validate: jsonValidation(),
    handle: async (records) => {
      handled.push(records);
    },
    sendToDlq: async (m) => {
      dlq.push(...m);
    },
    handleAttempts: 2,
    backoffMs: () => 0,
    sleep: async () => undefined,
    onRejected: (code, n) => (rejected[code] = (rejected[code] ?? 0) + n),
    ...overrides,
  };
  return { d, dlq, handled, rejected };
}

describe('processChunk', () => {
  it('hands valid records to the handler and dead-letters the rest with original bytes and reason headers', async () => {
    const { d, dlq, handled, rejected } = deps();
    const out = await processChunk([msg(10, '{"a":1}'), msg(11, 'not json', { trace: Buffer.from('t1') }), msg(12, '[1]'), msg(13, '{"a":2}')], ctx, d);
    expect(out).toEqual({ processed: 2, rejected: 2, failed: 0 });
    expect(handled).toHaveLength(1);
    expect(handled[0]!.map((r) => [r.offset, r.key, r.value])).toEqual([['10', 'k10', { a: 1 }], ['13', 'k13', { a: 2 }]]);
    expect(dlq.map((m) => (m.value as Buffer).toString())).toEqual(['not json', '[1]']);
    const h = dlq[0]!.headers!;
    expect(h[DLQ_HEADERS.code]).toBe('not_json');
    expect(h[DLQ_HEADERS.sourceTopic]).toBe('src');
    expect(h[DLQ_HEADERS.sourcePartition]).toBe('2');
    expect(h[DLQ_HEADERS.sourceOffset]).toBe('11');
    expect(String(h[DLQ_HEADERS.reason])).toContain('not valid JSON');
    expect((h.trace as Buffer).toString()).toBe('t1');
    expect((dlq[0]!.key as Buffer).toString()).toBe('k11');
    expect(rejected).toEqual({ not_json: 1, not_object: 1 });
  });

  it('takes a whole-chunk validator (one verdict per message, in order) instead of the per-message one', async () => {
    const seen: string[][] = [];
    const { d, dlq, handled, rejected } = deps({
      validate: undefined,
      validateBatch: async (messages) => {
        seen.push(messages.map((m) => m.offset));
        return messages.map((m, i) => (i === 1 ? { ok: false, code: 'too_large', message: 'big' } : { ok: true, value: { n: Number(m.offset) } }));
      },
    });
    const out = await processChunk([msg(5, 'x'), msg(6, 'y'), msg(7, 'z')], ctx, d);
    expect(seen).toEqual([['5', '6', '7']]);
    expect(out).toEqual({ processed: 2, rejected: 1, failed: 0 });
    expect(handled[0]!.map((r) => r.value)).toEqual([{ n: 5 }, { n: 7 }]);
    expect(dlq.map((m) => (m.value as Buffer).toString())).toEqual(['y']);
    expect(rejected).toEqual({ too_large: 1 });
  });

  it('fails the chunk (nothing committed) when the whole-chunk validator fails or miscounts', async () => {
    const failing = deps({ validate: undefined, validateBatch: async () => Promise.reject(new Error('worker died')) });
    await expect(processChunk([msg(1, '{}')], ctx, failing.d)).rejects.toThrow('worker died');
    const short = deps({ validate: undefined, validateBatch: async () => [] });
    await expect(processChunk([msg(1, '{}')], ctx, short.d)).rejects.toThrow('judged 0 of 1');
    expect([failing.handled, short.handled, failing.dlq, short.dlq]).toEqual([[], [], [], []]);
  });

  it('dead-letters null values (tombstones) instead of crashing', async () => {
    const { d, dlq } = deps();
    const out = await processChunk([msg(1, null)], ctx, d);
    expect(out.rejected).toBe(1);
    expect(dlq[0]!.value).toBeNull();
  });

  it('retries a failing chunk, then succeeds without dead-lettering', async () => {
    let calls = 0;
    const { d, dlq } = deps({
      handle: async () => {
        if (++calls === 1) throw new Error('transient');
      },
    });
    const out = await processChunk([msg(1, '{}'), msg(2, '{}')], ctx, d);
    expect(calls).toBe(2);
    expect(out).toEqual({ processed: 2, rejected: 0, failed: 0 });
    expect(dlq).toHaveLength(0);
  });

  it('isolates a poison record: the others are processed, it is dead-lettered as processing_failed', async () => {
    const ok: string[] = [];
    const { d, dlq, rejected } = deps({
      handle: async (records) => {
        if (records.some((r) => r.value.poison)) throw new Error('boom');
        ok.push(...records.map((r) => r.offset));
      },
    });
    const out = await processChunk([msg(1, '{}'), msg(2, '{"poison":true}'), msg(3, '{}')], ctx, d);
    expect(out).toEqual({ processed: 2, rejected: 0, failed: 1 });
    expect(ok).toEqual(['1', '3']);
    expect(dlq[0]!.headers![DLQ_HEADERS.code]).toBe('processing_failed');
    expect(dlq[0]!.headers![DLQ_HEADERS.sourceOffset]).toBe('2');
    expect(rejected).toEqual({ processing_failed: 1 });
  });

  it('propagates a systemic failure (every record fails) so nothing is committed', async () => {
    const { d, dlq } = deps({
      handle: async () => {
        throw new Error('downstream unavailable');
      },
    });
    await expect(processChunk([msg(1, '{}'), msg(2, '{}')], ctx, d)).rejects.toThrow('downstream unavailable');
    expect(dlq).toHaveLength(0);
  });

  it('gives up early when the first records all fail alone (outage), without dead-lettering', async () => {
    let calls = 0;
    const { d, dlq } = deps({
      handle: async () => {
        calls++;
        throw new Error('down');
      },
    });
    const msgs = Array.from({ length: 50 }, (_, i) => msg(i, '{}'));
    await expect(processChunk(msgs, ctx, d)).rejects.toThrow('down');
    expect(calls).toBe(2 + 5);
    expect(dlq).toHaveLength(0);
  });

  it('propagates a DLQ produce failure', async () => {
    const { d } = deps({
      sendToDlq: async () => {
        throw new Error('dlq down');
      },
    });
    await expect(processChunk([msg(1, 'x')], ctx, d)).rejects.toThrow('dlq down');
  });
});
