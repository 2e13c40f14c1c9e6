import { z } from 'zod';
import { closest, editDistance, findUnknownKey } from './unknown-keys';

const schema = z.object({
  port: z.number().default(1),
  detector: z
    .object({
      reclusterEveryMs: z.number().optional(),
      thresholds: z.object({ suspend: z.number().optional() }).optional(),
    })
    .prefault({}),
  labels: z.record(z.string(), z.number()).optional(),
  tiers: z.record(z.enum(['free', 'pro']), z.object({ limit: z.number() })).optional(),
  extra: z.looseObject({ a: z.number().optional() }).optional(),
  list: z.array(z.object({ x: z.number() })).optional(),
});

describe('findUnknownKey', () => {
  it('accepts a tree of known keys, at every depth', () => {
    expect(findUnknownKey(schema, { port: 2, detector: { reclusterEveryMs: 5, thresholds: { suspend: 0.9 } } })).toBeUndefined();
  });

  it('names the first unknown key by its full path, with the nearest known key', () => {
    expect(findUnknownKey(schema, { port: 2, detector: { reclusterEvryMs: 5 } })).toEqual({ path: ['detector', 'reclusterEvryMs'], suggestion: 'reclusterEveryMs' });
    expect(findUnknownKey(schema, { detector: { thresholds: { supend: 0.9 } } })).toEqual({ path: ['detector', 'thresholds', 'supend'], suggestion: 'suspend' });
    expect(findUnknownKey(schema, { Port: 2 })).toEqual({ path: ['Port'], suggestion: 'port' });
  });

  it('gives no suggestion when nothing is close', () => {
    expect(findUnknownKey(schema, { kafkaBrokers: ['a:1'] })).toEqual({ path: ['kafkaBrokers'] });
  });

  it('checks record keys only when the schema lists them (an enum)', () => {
    expect(findUnknownKey(schema, { labels: { anything: 1 } })).toBeUndefined();
    expect(findUnknownKey(schema, { tiers: { pro: { limit: 1 } } })).toBeUndefined();
    expect(findUnknownKey(schema, { tiers: { enterprise: { limit: 1 } } })).toEqual({ path: ['tiers', 'enterprise'] });
    expect(findUnknownKey(schema, { tiers: { pro: { limt: 1 } } })).toEqual({ path: ['tiers', 'pro', 'limt'], suggestion: 'limit' });
  });

  it('leaves objects with a catchall and arrays alone', () => {
    expect(findUnknownKey(schema, { extra: { b: 1 } })).toBeUndefined();
    expect(findUnknownKey(schema, { list: [{ x: 1, y: 2 }] })).toBeUndefined();
  });
});

describe('closest / editDistance', () => {
  it('measures insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('suggests within a third of the length (at least 2 edits), case-insensitively', () => {
    expect(closest('REFITEVERYMS', ['refitEveryMs', 'renewEveryMs'])).toBe('refitEveryMs');
    expect(closest('ab', ['xy'])).toBe('xy');
    expect(closest('abc', ['xyz'])).toBeUndefined();
  });
});
