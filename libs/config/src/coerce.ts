import type { z } from 'zod';
import { arrayElement, leafKind } from './schema-walk';

/**
 * Turns a raw string from an env var or flag into the type the schema expects, so that
 * LOCKSTEP_OPS_PORT=9464 is a number and LOCKSTEP_KAFKA_BROKERS=a:9092,b:9092 a list.
 * Values that do not look right are passed through unchanged: the schema then reports them.
 */
export function coerceRaw(schema: z.ZodTypeAny, raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  switch (leafKind(schema)) {
    case 'number': {
      const trimmed = raw.trim();
      const n = Number(trimmed);
      return trimmed !== '' && Number.isFinite(n) ? n : raw;
    }
    case 'boolean': {
      const v = raw.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(v)) return true;
      if (['false', '0', 'no', 'off'].includes(v)) return false;
      return raw;
    }
    case 'array': {
      const trimmed = raw.trim();
      if (trimmed.startsWith('[')) return parseJsonOr(trimmed, raw);
      const element = arrayElement(schema)!;
      return trimmed === '' ? [] : trimmed.split(',').map((s) => coerceRaw(element, s.trim()));
    }
    case 'object':
      return parseJsonOr(raw.trim(), raw);
    default:
      return raw;
  }
}

function parseJsonOr(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}
