import { CATEGORIES, IP_CLASSES, TIERS } from './usage-event';

/**
 * The fields fastEventCheck() knows, in the order producers write them (the order it expects to
 * meet them in; any order is accepted).
 */
export const FAST_CHECK_FIELDS = [
  'event_id', 'ts', 'account_id', 'org_id', 'tier', 'verified', 'account_created_ts', 'payment_fp', 'api_key_id', 'ip', 'asn',
  'ip_class', 'ua_hash', 'model', 'endpoint', 'input_tokens', 'output_tokens', 'max_tokens', 'temperature', 'stream', 'tool_count',
  'turns', 'status', 'latency_ms', 'template_hash', 'system_hash', 'prompt_simhash', 'category', 'lang', 'cot_request', 'rubric_request',
] as const;
const KNOWN = new Set<string>(FAST_CHECK_FIELDS);
const MAX_SAFE = 9007199254740991;

// JSON Schema lengths count code points, string .length counts UTF-16 units (never fewer): a string
// within a limit by .length is within it by code points too. Past it, the caller asks ajv.
const str = (v: unknown, max: number): boolean => typeof v === 'string' && v.length >= 1 && v.length <= max;
const optStr = (v: unknown, max: number): boolean => v === undefined || v === null || (typeof v === 'string' && v.length <= max);
// ajv's "integer": typeof number, no fraction, not NaN; with the schema's bounds.
const int = (v: unknown, max: number): boolean => typeof v === 'number' && v >= 0 && v <= max && Math.floor(v) === v;
const optInt = (v: unknown, max: number): boolean => v === undefined || v === null || int(v, max);
// ajv's "number" with minimum 0: Infinity passes, NaN does not.
const optNum = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'number' && v >= 0);
const optBool = (v: unknown): boolean => v === undefined || v === null || typeof v === 'boolean';

/**
 * 1 for the char codes of hex digits (0-9, A-F, a-f). A lookup, not range tests: in random hex,
 * whether a digit is 0-9 or a-f is a coin toss the branch predictor keeps losing.
 */
const IS_HEX = new Uint8Array(128);
for (let c = 0; c < 128; c++) IS_HEX[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) ? 1 : 0;

export function isHex16(v: unknown): boolean {
  if (typeof v !== 'string' || v.length !== 16) return false;
  for (let i = 0; i < 16; i++) {
    const c = v.charCodeAt(i);
    if (c >= 128 || IS_HEX[c] === 0) return false;
  }
  return true;
}

/**
 * Dotted-quad IPv4 exactly as node:net isIP accepts it (0-255, no leading zeros). False says only
 * "not certain": the caller asks isIP (IPv6 lands there).
 */
export function isPlainIPv4(s: string): boolean {
  let octets = 0;
  let i = 0;
  const n = s.length;
  while (i < n) {
    const start = i;
    let value = 0;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      value = value * 10 + (c - 48);
      i++;
    }
    const len = i - start;
    if (len === 0 || len > 3 || value > 255 || (len > 1 && s.charCodeAt(start) === 48)) return false;
    octets++;
    if (i === n) break;
    if (octets === 4 || s.charCodeAt(i) !== 46) return false;
    i++;
    if (i === n) return false;
  }
  return octets === 4;
}

/**
 * A cheap sufficient check of the api.usage.v1 schema for the common case: true only when the ajv
 * validator would accept the object unchanged (every key is a schema field, so nothing is stripped).
 * False means "not sure", never "invalid": the caller then runs the full validator. Hand-written
 * because ajv's generated code counts code points of every string and probes every key against the
 * schema, which cost more than the JSON.parse before it.
 */
export function fastEventCheck(d: Record<string, unknown>, isIP: (s: string) => number): boolean {
  let i = 0;
  for (const k in d) {
    // Keys from JSON.parse and these constants are both internalized: in producer order, a pointer compare.
    if (k !== FAST_CHECK_FIELDS[i] && !KNOWN.has(k)) return false;
    i++;
  }
  const ip = d.ip;
  return (
    str(d.event_id, 128) &&
    int(d.ts, MAX_SAFE) &&
    str(d.account_id, 256) &&
    optStr(d.org_id, 256) &&
    TIERS.includes(d.tier as (typeof TIERS)[number]) &&
    typeof d.verified === 'boolean' &&
    int(d.account_created_ts, MAX_SAFE) &&
    optStr(d.payment_fp, 256) &&
    optStr(d.api_key_id, 256) &&
    typeof ip === 'string' &&
    (isPlainIPv4(ip) || isIP(ip) !== 0) &&
    int(d.asn, MAX_SAFE) &&
    (d.ip_class === undefined || d.ip_class === null || IP_CLASSES.includes(d.ip_class as (typeof IP_CLASSES)[number])) &&
    optStr(d.ua_hash, 256) &&
    str(d.model, 256) &&
    optStr(d.endpoint, 256) &&
    int(d.input_tokens, MAX_SAFE) &&
    int(d.output_tokens, MAX_SAFE) &&
    optInt(d.max_tokens, MAX_SAFE) &&
    optNum(d.temperature) &&
    optBool(d.stream) &&
    optInt(d.tool_count, MAX_SAFE) &&
    optInt(d.turns, MAX_SAFE) &&
    optInt(d.status, 999) &&
    optNum(d.latency_ms) &&
    optStr(d.lang, 32) &&
    optStr(d.template_hash, 256) &&
    optStr(d.system_hash, 256) &&
    isHex16(d.prompt_simhash) &&
    CATEGORIES.includes(d.category as (typeof CATEGORIES)[number]) &&
    optBool(d.cot_request) &&
    optBool(d.rubric_request)
  );
}
