import type { z as Z } from 'zod';
import { isIP } from 'node:net';

/** Topic-independent name of the contract carried by every usage event. */
export const USAGE_CONTRACT = 'api.usage.v1';

export const TIERS = ['free', 'pro', 'team', 'enterprise', 'education'] as const;
export const CATEGORIES = ['chat', 'writing', 'coding', 'reasoning', 'math', 'agentic', 'translation', 'other'] as const;
export const IP_CLASSES = ['residential', 'datacenter', 'corporate', 'education', 'mobile', 'unknown'] as const;

export type Tier = (typeof TIERS)[number];
export type Category = (typeof CATEGORIES)[number];
export type IpClass = (typeof IP_CLASSES)[number];

function buildSchema() {
  // Loaded here, not at the top: zod is most of this lib's start-up (~50 ms), and a stream of valid
  // events never needs it (the validator's fast check and ajv decide them; see validator.ts).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { z } = require('zod') as typeof import('zod');
  const int = () => z.number().int();
  const nonNegInt = () => z.number().int().min(0);
  // Optional fields may be null or absent; both normalise to "not known".
  const opt = <T extends Z.ZodTypeAny>(t: T) => t.nullish();

  /**
   * The api.usage.v1 event. Upstream sends only hashes and labels, never prompt or
   * response text. Unknown fields are accepted and dropped (z.object strips them).
   */
  return z.object({
    event_id: z.string().min(1).max(128),
    ts: int().min(0),
    account_id: z.string().min(1).max(256),
    tier: z.enum(TIERS),
    verified: z.boolean(),
    account_created_ts: int().min(0),
    ip: z.string().refine((v) => isIP(v) !== 0, { message: 'must be an IPv4 or IPv6 address' }),
    asn: nonNegInt(),
    model: z.string().min(1).max(256),
    input_tokens: nonNegInt(),
    output_tokens: nonNegInt(),
    category: z.enum(CATEGORIES),
    prompt_simhash: z.string().regex(/^[0-9a-fA-F]{16}$/, 'must be 16 hex characters'),

    org_id: opt(z.string().max(256)),
    payment_fp: opt(z.string().max(256)),
    api_key_id: opt(z.string().max(256)),
    ip_class: opt(z.enum(IP_CLASSES)),
    ua_hash: opt(z.string().max(256)),

    endpoint: opt(z.string().max(256)),
    max_tokens: opt(nonNegInt()),
    temperature: opt(z.number().min(0)),
    stream: opt(z.boolean()),
    tool_count: opt(nonNegInt()),
    turns: opt(nonNegInt()),
    status: opt(int().min(0).max(999)),
    latency_ms: opt(z.number().min(0)),
    lang: opt(z.string().max(32)),

    template_hash: opt(z.string().max(256)),
    system_hash: opt(z.string().max(256)),
    cot_request: opt(z.boolean()),
    rubric_request: opt(z.boolean()),
  });
}

let schema: ReturnType<typeof buildSchema> | undefined;
/** The zod schema of api.usage.v1, the contract's one definition (built on first use). */
export function usageEventSchema(): ReturnType<typeof buildSchema> {
  return (schema ??= buildSchema());
}

export type UsageEvent = Z.infer<ReturnType<typeof buildSchema>>;
/** The shape producers write: optional fields may be omitted. */
export type UsageEventInput = Z.input<ReturnType<typeof buildSchema>>;

export const REQUIRED_FIELDS = [
  'event_id', 'ts', 'account_id', 'tier', 'verified', 'account_created_ts', 'ip', 'asn', 'model',
  'input_tokens', 'output_tokens', 'category', 'prompt_simhash',
] as const;
