import type AjvClass from 'ajv';
import { isIP } from 'node:net';
import { fastEventCheck } from './fast-check';
import { usageEventJsonSchema } from './json-schema';
import { usageEventSchema, type UsageEvent } from './usage-event';

/** Largest message accepted, in bytes. */
export const MAX_EVENT_BYTES = 64 * 1024;
/** How far ahead of the newest event seen an event's ts may be. */
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;

/** Machine-readable rejection kinds; the DLQ header `x-lockstep-reason` carries one of them. */
export type RejectionCode =
  | 'too_large'
  | 'not_json'
  | 'not_object'
  | 'missing_field'
  | 'wrong_type'
  | 'out_of_range'
  | 'future_ts';

export interface Rejection {
  ok: false;
  code: RejectionCode;
  /** Dotted path of the offending field, when one field is to blame. */
  field?: string;
  /** One human-readable line: names the field and the problem. */
  message: string;
}

export interface Accepted {
  ok: true;
  event: UsageEvent;
}

export type ValidationResult = Accepted | Rejection;

function reject(code: RejectionCode, message: string, field?: string): Rejection {
  return field === undefined ? { ok: false, code, message } : { ok: false, code, field, message };
}

// zod is the single definition and gives the precise, field-naming messages, but it costs
// several microseconds per event. Valid events (nearly all of them) take an ajv validator
// compiled from the JSON Schema that zod itself emits, so the two cannot disagree on shape;
// only rejects pay for zod. ajv also strips unknown fields, as the contract asks.
let ajvCheck: ((v: unknown) => boolean) | undefined;
function schemaCheck(v: unknown): boolean {
  if (!ajvCheck) {
    // Loaded and compiled on first need (about 0.2 s of start-up): a stream of events as producers
    // write them never needs it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Ajv = (require('ajv') as { default: typeof AjvClass }).default;
    const { $schema: _s, $id: _i, ...schema } = usageEventJsonSchema();
    const ajv = new Ajv({ removeAdditional: 'all', allErrors: false, strict: false, validateSchema: false });
    ajvCheck = ajv.compile({ ...schema, additionalProperties: false });
  }
  return ajvCheck(v);
}
// The one refinement JSON Schema does not carry: ip must parse as an address. Events as producers
// write them pass fastEventCheck (the same verdict as ajv's, at a fraction of its cost); the rest take ajv.
const fastCheck = (v: unknown): boolean =>
  fastEventCheck(v as Record<string, unknown>, isIP) || (schemaCheck(v) && isIP((v as { ip: string }).ip) !== 0);

export interface EventValidatorOptions {
  /** How far ahead of "now" an event may be; default 5 minutes. */
  maxFutureSkewMs?: number;
  /**
   * Wall clock. "Now" is the later of this and the newest event time seen, so a quiet spell
   * in a live stream (or a gap in a replayed file, which is always behind the wall clock)
   * does not make the next event look like it came from the future. Tests pass () => 0 to
   * judge by event time alone.
   */
  clock?: () => number;
}

/**
 * Validates api.usage.v1 messages. One instance per consumer: it remembers the newest
 * event time it has accepted so that far-future timestamps (a clock bug upstream, or
 * an attempt to push windows forward) are rejected instead of poisoning event time.
 */
export class EventValidator {
  private newestTs = -Infinity;
  private readonly maxFutureSkewMs: number;
  private readonly clock: () => number;
  private readonly check = fastCheck;

  constructor(opts: EventValidatorOptions | number = {}) {
    const o = typeof opts === 'number' ? { maxFutureSkewMs: opts } : opts;
    this.maxFutureSkewMs = o.maxFutureSkewMs ?? MAX_FUTURE_SKEW_MS;
    this.clock = o.clock ?? Date.now;
  }

  /** The newest event time accepted so far (or -Infinity before the first). */
  get watermark(): number {
    return this.newestTs;
  }

  /** Validates raw message bytes (or a string) as received from Kafka or a file line. */
  validateRaw(raw: Buffer | string): ValidationResult {
    // A UTF-16 code unit takes at most 3 UTF-8 bytes: most strings are surely small enough uncounted.
    if (typeof raw !== 'string' || raw.length * 3 > MAX_EVENT_BYTES) {
      const size = typeof raw === 'string' ? Buffer.byteLength(raw, 'utf8') : raw.length;
      if (size > MAX_EVENT_BYTES) {
        return reject('too_large', `message is ${size} bytes, over the ${MAX_EVENT_BYTES}-byte limit`);
      }
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
    } catch (err) {
      return reject('not_json', `message is not valid JSON: ${(err as Error).message}`);
    }
    return this.validate(parsed);
  }

  /** Validates an already-parsed value. */
  validate(value: unknown): ValidationResult {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
      return reject('not_object', `message must be a JSON object, got ${kind}`);
    }
    if (this.check(value)) return this.admit(value as UsageEvent);
    const result = usageEventSchema().safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      const field = issue.path.map(String).join('.') || undefined;
      const input = field ? (value as Record<string, unknown>)[field] : undefined;
      let code: RejectionCode;
      if (issue.code === 'invalid_type') code = input === undefined ? 'missing_field' : 'wrong_type';
      else if (issue.code === 'invalid_value' || issue.code === 'invalid_format' || issue.code === 'custom') code = 'out_of_range';
      else if (issue.code === 'too_big' || issue.code === 'too_small') code = 'out_of_range';
      else code = 'wrong_type';
      const what = code === 'missing_field' ? 'is required' : issue.message;
      return reject(code, `field '${field}' ${what}`, field);
    }
    return this.admit(result.data);
  }

  private admit(event: UsageEvent): ValidationResult {
    if (event.ts > this.newestTs + this.maxFutureSkewMs && this.newestTs !== -Infinity) {
      const now = Math.max(this.newestTs, this.clock());
      if (event.ts > now + this.maxFutureSkewMs) {
        return reject(
          'future_ts',
          `field 'ts' is ${event.ts - now} ms ahead of the newest event seen and the clock (limit ${this.maxFutureSkewMs} ms)`,
          'ts',
        );
      }
    }
    if (event.ts > this.newestTs) this.newestTs = event.ts;
    return { ok: true, event };
  }
}
