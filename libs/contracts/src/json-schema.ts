import { usageEventSchema, USAGE_CONTRACT } from './usage-event';

/**
 * The api.usage.v1 contract as JSON Schema, derived from the one zod definition so the two
 * cannot drift. libs/contracts/schema/api.usage.v1.schema.json is this output, checked by a test,
 * for teams that validate upstream in other languages.
 */
export function usageEventJsonSchema(): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { z } = require('zod') as typeof import('zod');
  const schema = z.toJSONSchema(usageEventSchema(), { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: `https://lockstep.invalid/schemas/${USAGE_CONTRACT}.json`,
    title: USAGE_CONTRACT,
    description:
      'One API-usage event per Kafka message (key = account_id). Hashes and labels only, never prompt text. ' +
      'Unknown fields are accepted and ignored. Also rejected at run time: messages over 64 KiB, and ts more than ' +
      '5 minutes ahead of the newest event seen.',
  };
}
