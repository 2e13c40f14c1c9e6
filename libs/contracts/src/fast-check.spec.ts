import Ajv from 'ajv';
import { isIP, isIPv4 } from 'node:net';
import { FAST_CHECK_FIELDS, fastEventCheck, isHex16, isPlainIPv4 } from './fast-check';
import { usageEventJsonSchema } from './json-schema';
import { usageEventSchema } from './usage-event';

const full = (): Record<string, unknown> => ({
  event_id: '6f28779c73fb170e', ts: 1780272000198, account_id: 'acct_910897357f', org_id: null, tier: 'free', verified: false,
  account_created_ts: 1728356379772, payment_fp: null, api_key_id: 'key_149ccdb8', ip: '103.142.119.152', asn: 64601,
  ip_class: 'residential', ua_hash: '0485a29983a2', model: 'frontier-1', endpoint: 'messages', input_tokens: 45, output_tokens: 590,
  max_tokens: 4096, temperature: 1.0, stream: true, tool_count: 0, turns: 6, status: 200, latency_ms: 220, template_hash: null,
  system_hash: '0723810947689018', prompt_simhash: 'daf39889d8a30603', category: 'translation', lang: 'en', cot_request: false,
  rubric_request: false,
});

// The validator the fast check stands in for, compiled as validator.ts compiles it.
const { $schema: _s, $id: _i, ...schema } = usageEventJsonSchema();
const ajvCheck = new Ajv({ removeAdditional: 'all', allErrors: false, strict: false, validateSchema: false }).compile({ ...schema, additionalProperties: false });
const reference = (v: Record<string, unknown>) => ajvCheck(v) && isIP(v.ip as string) !== 0;

// Values that sit on and around every rule of the schema.
const PROBES: unknown[] = [
  undefined, null, true, false, 0, -0, 1, -1, 0.5, 999, 1000, 2 ** 53 - 1, 2 ** 53, Infinity, -Infinity, NaN, '', 'x', 'x'.repeat(32),
  'x'.repeat(33), 'x'.repeat(128), 'x'.repeat(129), 'x'.repeat(256), 'x'.repeat(257), '😀'.repeat(200), 'free', 'gold', 'coding', 'mobile',
  '0123456789abcdef', '0123456789ABCDEF', '0123456789abcdeg', '0123456789abcde', '10.0.0.1', '10.0.0.01', '256.0.0.1', '1.2.3',
  '1.2.3.4.', '2001:db8::1', '::1', [], {},
];

describe('fastEventCheck', () => {
  it('knows every field of the schema (so producers\' events never need ajv)', () => {
    expect([...FAST_CHECK_FIELDS].sort()).toEqual(Object.keys(usageEventSchema().shape).sort());
    expect(fastEventCheck(full(), isIP)).toBe(true);
  });

  it('accepts only what ajv accepts, without changing the object', () => {
    let fastAccepted = 0;
    for (const field of FAST_CHECK_FIELDS) {
      for (const value of PROBES) {
        const e = full();
        if (value === undefined) delete e[field];
        else e[field] = value;
        const before = JSON.stringify(e);
        const fast = fastEventCheck(e, isIP);
        expect(JSON.stringify(e)).toBe(before);
        if (fast) {
          fastAccepted++;
          expect([field, value, reference(e)]).toEqual([field, value, true]);
          expect(JSON.stringify(e)).toBe(before);
        }
      }
    }
    expect(fastAccepted).toBeGreaterThan(100);
  });

  it('leaves objects with unknown keys to ajv', () => {
    expect(fastEventCheck({ ...full(), surprise: 1 }, isIP)).toBe(false);
  });

  it('accepts the same keys in any order', () => {
    const e = full();
    const reversed = Object.fromEntries(Object.entries(e).reverse());
    expect(fastEventCheck(reversed, isIP)).toBe(true);
  });
});

describe('isPlainIPv4', () => {
  it('agrees with node:net wherever it says yes, and on every ordinary address', () => {
    const cases = ['0.0.0.0', '255.255.255.255', '1.2.3.4', '01.2.3.4', '1.2.3.256', '1.2.3', '1.2.3.4.5', '1..3.4', '.1.2.3', '1.2.3.4.', '', 'a.b.c.d', '1.2.3.-4', '1.2.3.4 ', '::ffff:1.2.3.4', '1234.1.1.1'];
    for (let i = 0; i < 2000; i++) cases.push([0, 1, 2, 3].map((k) => String((i * 37 + k * 101) % 300)).join('.'));
    for (const c of cases) {
      if (isPlainIPv4(c)) expect([c, isIPv4(c)]).toEqual([c, true]);
      else expect([c, isIPv4(c)]).toEqual([c, false]);
    }
  });
});

describe('isHex16', () => {
  /** The digit test as written before the lookup table. */
  const reference = (v: unknown) =>
    typeof v === 'string' && v.length === 16 && [...v].every((ch) => /^[0-9A-Fa-f]$/.test(ch)) && [...v].length === 16;

  it('accepts exactly 16 hex digits, whatever the other char codes', () => {
    const odd = ['\u00e9', '\u0660', '\uff21', '\uff10', '\u0130', '\u212a', 'g', 'G', '@', '`', '/', ':', ' '];
    const chars = [...Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)), ...odd, ...Array.from({ length: 200 }, (_, i) => String.fromCharCode(128 + i * 317))];
    for (const ch of chars) {
      for (const pos of [0, 7, 15]) {
        const s = `${'0123456789abcdef'.slice(0, pos)}${ch}${'FEDCBA9876543210'.slice(pos + 1)}`;
        expect([s, isHex16(s)]).toEqual([s, reference(s)]);
      }
    }
    for (const v of ['0123456789abcdef', 'ABCDEFabcdef0123', '0123456789abcde', '0123456789abcdef0', '', 12, null, undefined]) {
      expect([v, isHex16(v)]).toEqual([v, reference(v)]);
    }
  });
});
