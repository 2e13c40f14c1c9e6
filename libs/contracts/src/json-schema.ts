import { z } from 'zod';
import { usageEventSchema } from './usage-event';

/** The api.usage.v1 contract as JSON Schema, derived from the one zod definition. */
export function usageEventJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(usageEventSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
}
